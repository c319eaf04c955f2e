import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { program } from 'commander';
import { chromium } from 'playwright';
import { chooseChromium } from '../harness/lanes/browser-choice.ts';
import { MATRIX_FOLDER } from '../harness/matrix/reporter.ts';

// npm run matrix:screenshot: the last matrix page as a person sees it at 1280 px, whole page, in headless Chromium.
const WIDTH = 1280;
const folder = path.resolve(import.meta.dirname, '..', MATRIX_FOLDER);

const { onlyDisagreeing } = program
  .description(`Saves the last behaviour matrix page (${MATRIX_FOLDER}/index.html) as a ${WIDTH} px wide screenshot.`)
  .option('--only-disagreeing', 'tick the page\'s "only where engines disagree" box first, and save disagreements.png instead of screenshot.png')
  .parse()
  .opts<{ onlyDisagreeing?: boolean }>();
const screenshot = path.join(folder, onlyDisagreeing ? 'disagreements.png' : 'screenshot.png');

const choice = chooseChromium();
if (!choice.available) throw new Error(`Chromium is needed for the screenshot: ${choice.reason}. Install with: ${choice.install}`);

const browser = await chromium.launch(choice.launchOptions);
try {
  // The page has no script: the box filters the rows through CSS alone, as it does for a reader.
  const page = await browser.newPage({ viewport: { width: WIDTH, height: 800 }, javaScriptEnabled: false });
  await page.goto(pathToFileURL(path.join(folder, 'index.html')).href);
  if (onlyDisagreeing) await page.check('#only-disagreeing');
  await page.screenshot({ path: screenshot, fullPage: true });
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(`Screenshot of the behaviour matrix at ${WIDTH} px${onlyDisagreeing ? ', only the rows where engines disagree' : ''}: ${screenshot}`);
  if (scrollWidth > WIDTH) {
    console.error(`The page is ${scrollWidth} px wide: it scrolls sideways at ${WIDTH} px.`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
