import { browserChoices, describeChoice } from '../harness/lanes/browser-choice.ts';

// Prints which browser each project will run, as setup's last word.
for (const [project, choice] of Object.entries(browserChoices())) console.log(describeChoice(project, choice));
