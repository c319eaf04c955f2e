import type { Client } from 'webdriver';
import { waitUntil } from '../processes/wait-until.ts';
import { browserDied } from './browser-died.ts';
import { NotExpressible, type CookieToAdd, type ReportedCookie, type SavedSession, type Stated, type StoredCookie, type Visitor } from './visitor.ts';

// W3C WebDriver's key for an element reference in a response.
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
// A limit, no loaded machine reaches, for the effect of a command that is waited for (a navigation, a deletion).
const EFFECT_TIMEOUT_MS = 20_000;
// The cookie whose deletion shows that Delete All Cookies has reached the store (clearCookies).
const EMPTIED_MARKER = 'cookie-harness-emptied';

/** A SameSite as WebDriver reports it; anything but the three values (or none) is the driver's error, not a cookie's. */
function sameSiteOf(reported: string | undefined): StoredCookie['sameSite'] {
  if (reported === undefined) return null;
  if (reported === 'Strict' || reported === 'Lax' || reported === 'None') return reported;
  throw new Error(`The driver reported a cookie's SameSite as ${JSON.stringify(reported)}, which is none of Strict, Lax or None`);
}

/** A cookie as the driver lists it: a field it left out is null, never a default made up here; it gives no partition. */
function reported(cookie: Awaited<ReturnType<Client['getAllCookies']>>[number]): ReportedCookie {
  return {
    name: cookie.name,
    value: cookie.value,
    domain: cookie.domain ?? null,
    path: cookie.path ?? null,
    expires: cookie.expiry ?? null,
    secure: cookie.secure ?? null,
    httpOnly: cookie.httpOnly ?? null,
    sameSite: cookie.sameSite ?? null,
    partitioned: null,
  };
}

/** The visitor for the WebDriver lane: one WebDriver session, one browser with its own cookie jar. */
export class WebDriverVisitor implements Visitor {
  readonly browserVersion: string;

  constructor(
    private readonly client: Client,
    // Paths are resolved here; a session that tests take in turn (nextVisit) is given each test's.
    private baseURL: string,
    // Told when the session is deleted, so that its driver may start the next one.
    private readonly onClose: () => void = () => {},
  ) {
    const { browserName, browserVersion } = client.capabilities as { browserName?: string; browserVersion?: string };
    this.browserVersion = `${browserName ?? 'unknown browser'} ${browserVersion ?? 'of unknown version'}`;
  }

  /**
   * Readies a session that one worker's tests take in turn for the next of them: paths resolved against `baseURL`.
   * The page stays where it is, and the cookie store as it is: emptying it is the last test's to do.
   */
  async nextVisit(baseURL: string): Promise<void> {
    this.baseURL = baseURL;
  }

  open(pathOrURL: string): Promise<string> {
    return this.tell(async () => {
      await this.client.navigateTo(new URL(pathOrURL, this.baseURL).href);
      return this.text();
    });
  }

  reload(): Promise<string> {
    return this.tell(async () => {
      await this.client.refresh();
      return this.text();
    });
  }

  // The function travels as source, as it does with Playwright's page.evaluate; the driver awaits a returned promise.
  run<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return this.tell(() => this.client.executeScript(`return (${fn.toString()}).apply(null, arguments);`, arg === undefined ? [] : [arg as string | object]));
  }

  click(selector: string): Promise<void> {
    return this.tell(async () => {
      const element = (await this.client.findElement('css selector', selector)) as Record<string, string>;
      if (!element[ELEMENT_KEY]) throw new Error(`No element matches ${selector}`);
      await this.client.elementClick(element[ELEMENT_KEY]);
    });
  }

  // A WebDriver click returns before the navigation it starts: wait for the address to change.
  submit(selector: string): Promise<string> {
    return this.tell(async () => {
      const before = await this.client.getUrl();
      await this.click(selector);
      await waitUntil(async () => (await this.client.getUrl()) !== before, EFFECT_TIMEOUT_MS, `Clicking ${selector} did not navigate`);
      return this.text();
    });
  }

  async cookies(): Promise<StoredCookie[]> {
    const cookies = await this.tell(() => this.client.getAllCookies());
    return cookies.map((cookie) => {
      const { name, value, domain, path, expires, httpOnly, secure } = reported(cookie);
      // WebDriver leaves out the expiry of a session cookie, and only then.
      return { name, value, domain, path, expires: expires ?? -1, httpOnly, secure, sameSite: sameSiteOf(cookie.sameSite) };
    });
  }

  async addCookie({ name, value, path = '/', domain, secure, httpOnly, expires, partitionKey }: CookieToAdd): Promise<void> {
    if (partitionKey !== undefined) throw new NotExpressible("classic WebDriver's Add Cookie has no partition key");
    await this.tell(() => this.client.addCookie({ name, value, path, domain, secure, httpOnly, expiry: expires }));
  }

  async saveSession(): Promise<SavedSession> {
    return { cookies: await this.client.getAllCookies(), url: await this.client.getUrl() };
  }

  /** Adds a saved session's cookies, as listed, on the page they were listed on (Add Cookie needs a page of their site). */
  async restoreSession(saved: SavedSession): Promise<void> {
    if (!('cookies' in saved)) throw new Error('The WebDriver lane restores only sessions it saved');
    await this.open(saved.url);
    // A cookie the driver refuses to add is lost, as it would be for any test restoring a session this way.
    for (const cookie of saved.cookies) await this.client.addCookie(cookie).catch(() => undefined);
  }

  async statedAbout(): Promise<Stated> {
    return { unheard: 'classic WebDriver carries nothing the browser says about cookies' };
  }

  // WebKitWebDriver 2.50 answers before the store has deleted them (WebAutomationSession sends the deletion to the
  // network process and does not wait; seen once in ~250 runs, a cookie still listed right after): wait until the
  // store is empty, as the command promises. Get All Cookies lists only the cookies the shown page would get, so a
  // marker it gets is added first (Add Cookie answers once the store holds it): the store deletes the host's
  // cookies in one pass, so once the marker is gone, so is every cookie of another path, which the list never shows
  // and which a deletion landing later would take together with the next case's cookie.
  clearCookies(): Promise<void> {
    return this.tell(async () => {
      await this.client.addCookie({ name: EMPTIED_MARKER, value: '1', path: '/' });
      await this.client.deleteAllCookies();
      await waitUntil(async () => (await this.client.getAllCookies()).length === 0, EFFECT_TIMEOUT_MS, 'The cookie store was not empty after Delete All Cookies');
    });
  }

  /**
   * Empties the store on each host, in order, from a page on it: the shown page where it is on the host, else
   * `pageOn(host)`. WebKitGTK's Delete All Cookies deletes every cookie the host would be sent (its own and those
   * with the Domain of a parent), whatever its path, Secure or HttpOnly: libsoup's domain match, seen in 2.50.6.
   * Returns false, having deleted nothing, where a host has no page (nothing can visit it) or the browser has died
   * since the last command: start another.
   */
  async clearCookiesOn(hosts: string[], pageOn: (host: string) => string | undefined): Promise<boolean> {
    if (hosts.some((host) => pageOn(host) === undefined)) return false;
    let shown: string;
    try {
      shown = new URL(await this.client.getUrl()).hostname;
    } catch (error) {
      if (await this.isGone(error)) return false;
      throw error;
    }
    for (const host of hosts) {
      if (host !== shown) {
        await this.goto(pageOn(host)!);
        shown = host;
      }
      await this.clearCookies();
    }
    return true;
  }

  goto(url: string): Promise<void> {
    return this.tell(() => this.client.navigateTo(url)).then(() => undefined);
  }

  // WebDriver lists the cookies of the shown page's site only: each site is read from a page of its own.
  storeCookies(pages: string[]): Promise<ReportedCookie[]> {
    return this.tell(async () => {
      const byKey = new Map<string, ReportedCookie>();
      for (const page of pages) {
        await this.client.navigateTo(page);
        for (const cookie of await this.client.getAllCookies()) byKey.set(JSON.stringify([cookie.name, cookie.domain, cookie.path]), reported(cookie));
      }
      return [...byKey.values()];
    });
  }

  // A session whose browser has gone was already deleted by the driver: nothing is left to close.
  async close(): Promise<void> {
    try {
      await this.client.deleteSession().catch((error: unknown) => {
        if (!isSessionGone(error)) throw error;
      });
    } finally {
      this.onClose();
    }
  }

  // The driver waits for a pending page load before it runs a script, so this reads the new page.
  private text(): Promise<string> {
    return this.client.executeScript('return document.body.innerText;', []);
  }

  /** Runs a step; a failure because the browser's process has gone says so (the driver deletes a dead browser's session). */
  private async tell<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw (await this.isGone(error)) ? browserDied(error) : error;
    }
  }

  // A command in flight when the browser dies fails with "unknown error": ask the driver once more.
  private async isGone(error: unknown): Promise<boolean> {
    return isSessionGone(error) || this.client.getWindowHandle().then(() => false, isSessionGone);
  }
}

/** Whether a WebDriver error says the session is gone: WebKitWebDriver deletes it when its browser dies. */
export function isSessionGone(error: unknown): boolean {
  return error instanceof Error && error.name === 'invalid session id';
}
