import { browserChoices, describeChoice } from './browsers.ts';

// Prints which browser each project will run, as setup's last word.
for (const [project, choice] of Object.entries(browserChoices())) console.log(describeChoice(project, choice));
