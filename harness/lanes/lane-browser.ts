import type { Browser, BrowserType, LaunchOptions } from 'playwright';
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
  /** For what only Playwright's own API does (specs tagged @playwright-only). */
  readonly browser: Browser;
}

/** Launches a browser Playwright drives. Under Playwright Test, the project's launch options are the defaults. */
export async function launchPlaywrightBrowser(type: BrowserType, options: LaunchOptions = {}): Promise<PlaywrightLaneBrowser> {
  const browser = await type.launch(options);
  return {
    browser,
    newVisitor: (baseURL) => PlaywrightVisitor.open(browser, { baseURL }),
    close: () => browser.close(),
  };
}
