import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import type { StoredCookie, Visitor } from './visitor.ts';

/** The visitor for the lanes Playwright drives: a page in a fresh browser context. */
export class PlaywrightVisitor implements Visitor {
  readonly browserVersion: string;

  private constructor(private readonly page: Page) {
    const browser = page.context().browser()!;
    this.browserVersion = `${browser.browserType().name()} ${browser.version()}`;
  }

  /** A visitor in a fresh context of the browser; close() ends the context. */
  static async open(browser: Browser, contextOptions?: BrowserContextOptions): Promise<PlaywrightVisitor> {
    const context = await browser.newContext(contextOptions);
    return new PlaywrightVisitor(await context.newPage());
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }

  async open(pathOrURL: string): Promise<string> {
    await this.page.goto(pathOrURL);
    return this.text();
  }

  run<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return this.page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg);
  }

  async submit(selector: string): Promise<string> {
    const before = this.page.url();
    await this.page.locator(selector).click();
    await this.page.waitForURL((url) => url.href !== before);
    return this.text();
  }

  async cookies(): Promise<StoredCookie[]> {
    const cookies = await this.page.context().cookies(this.page.url());
    return cookies.map(({ partitionKey: _partitionKey, ...cookie }) => cookie);
  }

  async addCookie({ name, value, path = '/' }: { name: string; value: string; path?: string }): Promise<void> {
    const { hostname } = new URL(this.page.url());
    await this.page.context().addCookies([{ name, value, domain: hostname, path }]);
  }

  async clearCookies(): Promise<void> {
    await this.page.context().clearCookies();
  }

  // One evaluate after the load event: a locator's innerText cost 5x (chromium) to 25x (firefox over BiDi) more.
  private text(): Promise<string> {
    return this.page.evaluate(() => document.body.innerText);
  }
}
