import type { Browser, BrowserContextOptions, BrowserType, LaunchOptions } from 'playwright';
import { browserDied } from './browser-died.ts';
import { PlaywrightVisitor } from './playwright-visitor.ts';
import type { Visitor } from './visitor.ts';

/**
 * A lane's browser, started once and opening fresh visitors for the tests: a new context of a browser Playwright
 * drives, or a new WebDriver session (harness/lanes/webdriver-browser.ts). The fixtures and the bench both start
 * browsers through this.
 */
export interface LaneBrowser {
  newVisitor(baseURL: string): Promise<Visitor>;
  /** Ends the browser and everything it started. */
  close(): Promise<void>;
}

export interface PlaywrightLaneBrowser extends LaneBrowser {
  /** A visitor whose context also gets these options (a storage state to restore, say). */
  newVisitor(baseURL: string | undefined, contextOptions?: BrowserContextOptions): Promise<PlaywrightVisitor>;
  /** For what only Playwright's own API does (specs tagged @playwright-only): the browser now, replaced if it died. */
  current(): Promise<Browser>;
}

/**
 * Launches a browser Playwright drives. Under Playwright Test, the project's launch options and context options are
 * the defaults; outside it (npm run probe, npm run bench) `contextOptions` gives each visitor's context its options.
 */
export async function launchPlaywrightBrowser(type: BrowserType, options: LaunchOptions = {}, contextOptions: BrowserContextOptions = {}): Promise<PlaywrightLaneBrowser> {
  let browser = await type.launch(options);
  // A browser that died between tests is replaced. One that dies during a test fails that test (the visitor says
  // why), and Playwright Test then starts a fresh worker, with a fresh browser.
  const current = async () => {
    if (!browser.isConnected()) browser = await type.launch(options);
    return browser;
  };
  return {
    current,
    async newVisitor(baseURL, more = {}) {
      const now = await current();
      try {
        return await PlaywrightVisitor.open(now, { ...contextOptions, ...more, baseURL });
      } catch (error) {
        throw now.isConnected() ? error : browserDied(error);
      }
    },
    close: () => browser.close(),
  };
}
