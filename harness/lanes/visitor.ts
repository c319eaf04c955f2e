/** A cookie as the browser stores it, in one shape for every lane. null: the driver did not say. */
export interface StoredCookie {
  name: string;
  value: string;
  domain: string | null;
  path: string | null;
  /** Seconds since the epoch; -1 for a session cookie. */
  expires: number;
  httpOnly: boolean | null;
  secure: boolean | null;
  sameSite: 'Strict' | 'Lax' | 'None' | null;
}

/**
 * What a cookie spec asks of a browser, implemented once with Playwright and
 * once with WebDriver, so that every lane runs the same spec bodies.
 */
export interface Visitor {
  /** The browser's name and version as it reports them, e.g. `chromium 156.0.8078.73`. */
  readonly browserVersion: string;
  /** Navigates to a path of the server (or a full URL) and returns the page's text. */
  open(pathOrURL: string): Promise<string>;
  /** Runs a function in the page and returns what it returns (awaited). */
  run<R>(fn: () => R | Promise<R>): Promise<R>;
  run<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Clicks the element, waits for the page it navigates to, and returns that page's text. */
  submit(selector: string): Promise<string>;
  /** The cookies the browser would send to the page it shows, HttpOnly ones included. */
  cookies(): Promise<StoredCookie[]>;
  /** Writes a cookie into the browser's store for the page it shows, as a test that edits the store. */
  addCookie(cookie: { name: string; value: string; path?: string }): Promise<void>;
  /** Empties the browser's cookie store for the page it shows. */
  clearCookies(): Promise<void>;
}
