import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import { browserDied } from './browser-died.ts';
import { ChromiumReasons, FirefoxConsoleReasons, type ReasonListener } from './stated-reasons.ts';
import type { CookiesAbout, CookieToAdd, ReportedCookie, SavedSession, Stated, StoredCookie, Visitor } from './visitor.ts';

/** The visitor for the lanes Playwright drives: a page in a browser context of its own, or in a regular profile. */
export class PlaywrightVisitor implements Visitor {
  private constructor(
    private readonly page: Page,
    readonly browserVersion: string,
    private readonly reasons: ReasonListener | undefined,
    private readonly ownsContext: boolean,
    // Where set, paths are resolved here: a regular profile is launched without a base URL, and a visitor that
    // tests take in turn (nextVisit) is given each test's.
    private baseURL?: string,
  ) {
    page.on('popup', (popup) => this.popups.push(popup));
  }

  private readonly popups: Page[] = [];

  /** A visitor in a fresh context of the browser; close() ends the context. */
  static async open(browser: Browser, contextOptions?: BrowserContextOptions): Promise<PlaywrightVisitor> {
    const context = await browser.newContext(contextOptions);
    const page = await context.newPage();
    const name = browser.browserType().name();
    return new PlaywrightVisitor(page, `${name} ${browser.version()}`, await listenForReasons(name, page), true);
  }

  /**
   * A visitor in a page of a regular Chromium profile (launchPersistentContext), which one worker's tests share:
   * its cookies and cache are emptied first, and close() closes the page alone.
   */
  static async inChromiumProfile(context: BrowserContext, baseURL: string): Promise<PlaywrightVisitor> {
    await context.clearCookies();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    // A persistent context has no Browser object to ask: the product is e.g. HeadlessChrome/156.0.8078.79.
    const { product } = await cdp.send('Browser.getVersion');
    await cdp.detach();
    return new PlaywrightVisitor(page, `chromium ${product.split('/')[1]}`, await listenForReasons('chromium', page), false, baseURL);
  }

  /**
   * A visitor in the first page of a profile a test launched for itself (harness/lanes/restartable-profile.ts), of
   * any browser: close() closes its pages, and whoever launched the profile closes the browser. `browserVersion` is
   * the caller's to give: a persistent context has no Browser object to ask, and Firefox over BiDi has no CDP.
   */
  static async inOwnProfile(context: BrowserContext, baseURL: string, browserVersion: string): Promise<PlaywrightVisitor> {
    const page = context.pages()[0] ?? (await context.newPage());
    return new PlaywrightVisitor(page, browserVersion, undefined, false, baseURL);
  }

  /**
   * Readies a visitor that one worker's tests take in turn for the next of them: the popups of the last test closed,
   * paths resolved against `baseURL`, and what the browser says heard from now on. The page stays where it is, and
   * the cookie store as it is: emptying it is the last test's to do.
   */
  async nextVisit(baseURL: string): Promise<void> {
    await this.tell(() => Promise.all(this.popups.splice(0).map((popup) => popup.close())));
    this.baseURL = baseURL;
    this.reasons?.forget();
  }

  /** Ends the visit: its context, or in a shared profile its page and every popup it opened. */
  async close(): Promise<void> {
    await this.reasons?.close();
    if (this.ownsContext) return this.tell(() => this.page.context().close());
    await this.tell(() => Promise.all([this.page, ...this.popups].map((page) => page.close())));
  }

  open(pathOrURL: string): Promise<string> {
    return this.tell(async () => {
      await this.page.goto(this.baseURL ? new URL(pathOrURL, this.baseURL).href : pathOrURL);
      return this.text();
    });
  }

  reload(): Promise<string> {
    return this.tell(async () => {
      await this.page.reload();
      return this.text();
    });
  }

  run<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return this.tell(() => this.page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg));
  }

  click(selector: string): Promise<void> {
    return this.tell(() => this.page.locator(selector).click());
  }

  submit(selector: string): Promise<string> {
    return this.tell(async () => {
      const before = this.page.url();
      await this.page.locator(selector).click();
      await this.page.waitForURL((url) => url.href !== before);
      return this.text();
    });
  }

  cookies(): Promise<StoredCookie[]> {
    return this.tell(async () => {
      const cookies = await this.page.context().cookies(this.page.url());
      return cookies.map(({ partitionKey: _partitionKey, ...cookie }) => cookie);
    });
  }

  partitionKeys(): Promise<{ name: string; partitionKey: string | null }[]> {
    return this.tell(async () => (await this.page.context().cookies()).map(({ name, partitionKey }) => ({ name, partitionKey: partitionKey ?? null })));
  }

  // Playwright spells a Domain attribute with a leading dot; a bare host name is host-only.
  addCookie({ name, value, path = '/', domain, secure, httpOnly, expires, partitionKey }: CookieToAdd): Promise<void> {
    const { hostname } = new URL(this.page.url());
    return this.tell(() =>
      this.page.context().addCookies([{ name, value, domain: domain === undefined ? hostname : `.${domain}`, path, secure, httpOnly, expires, partitionKey }]),
    );
  }

  clearCookies(): Promise<void> {
    return this.tell(() => this.page.context().clearCookies());
  }

  /**
   * Empties the store on these hosts, as WebDriverVisitor.clearCookiesOn does one host at a time: Playwright reaches
   * every site at once, so the whole store is emptied, and no page is needed.
   */
  async clearCookiesOn(): Promise<boolean> {
    await this.clearCookies();
    return true;
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  // The whole store at once: Playwright reads every site's cookies. A missing partitionKey is null, never "not
  // partitioned": over BiDi Playwright 1.64 lists Firefox's partitioned cookies without one.
  async storeCookies(): Promise<ReportedCookie[]> {
    const cookies = await this.page.context().cookies();
    return cookies.map(({ partitionKey, expires, ...cookie }) => ({ ...cookie, expires: expires === -1 ? null : expires, partitioned: partitionKey ?? null }));
  }

  async saveSession(): Promise<SavedSession> {
    return this.tell(async () => ({ storageState: await this.page.context().storageState() }));
  }

  async statedAbout(about: CookiesAbout): Promise<Stated> {
    if (!this.reasons) return { unheard: `Playwright gives this browser's cookie messages no channel (${this.browserVersion})` };
    return this.reasons.statedAbout(about);
  }

  // One evaluate after the load event: a locator's innerText cost 5x (chromium) to 25x (firefox over BiDi) more.
  private text(): Promise<string> {
    return this.page.evaluate(() => document.body.innerText);
  }

  /**
   * Runs a step; a failure because the browser's process has gone says so. (A regular profile has no Browser object
   * to ask: its failures stay as Playwright words them.)
   */
  private async tell<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      const browser = this.page.context().browser();
      throw browser && !browser.isConnected() ? browserDied(error) : error;
    }
  }
}

/** Chromium states its reasons over CDP, Firefox in its console (as the BiDi lane delivers it); for others none is heard. */
async function listenForReasons(browserName: string, page: Page): Promise<ReasonListener | undefined> {
  if (browserName === 'chromium') return ChromiumReasons.listen(page);
  if (browserName === 'firefox') return new FirefoxConsoleReasons(page);
  return undefined;
}
