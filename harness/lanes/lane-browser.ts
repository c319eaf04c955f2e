import type { Browser, BrowserContextOptions, BrowserType, LaunchOptions } from 'playwright';
import { browserDied } from './browser-died.ts';
import { PlaywrightVisitor } from './playwright-visitor.ts';
import type { Visitor } from './visitor.ts';

/**
 * A lane's browser, started once and opening a fresh visitor for each test: a new context of a browser Playwright
 * drives, or a new WebDriver session (harness/lanes/webdriver-browser.ts). The fixtures and the bench both start
 * browsers through this.
 */
export interface LaneBrowser {
  newVisitor(baseURL: string): Promise<Visitor>;
  /** Ends the browser and everything it started. */
  close(): Promise<void>;
}

export interface PlaywrightLaneBrowser extends LaneBrowser {
  /** For what only Playwright's own API does (specs tagged @playwright-only): the browser launched first. */
  readonly browser: Browser;
}

/**
 * Launches a browser Playwright drives. Under Playwright Test, the project's launch options and context options are
 * the defaults; outside it (npm run probe, npm run bench) `contextOptions` gives each visitor's context its options.
 */
export async function launchPlaywrightBrowser(type: BrowserType, options: LaunchOptions = {}, contextOptions: BrowserContextOptions = {}): Promise<PlaywrightLaneBrowser> {
  const first = await type.launch(options);
  let browser = first;
  return {
    browser: first,
    async newVisitor(baseURL) {
      // A browser that died between tests is replaced. One that dies during a test fails that test (the visitor says
      // why), and Playwright Test then starts a fresh worker, with a fresh browser.
      if (!browser.isConnected()) browser = await type.launch(options);
      try {
        return await PlaywrightVisitor.open(browser, { ...contextOptions, baseURL });
      } catch (error) {
        throw browser.isConnected() ? error : browserDied(error);
      }
    },
    close: () => browser.close(),
  };
}
