import type { BrowserContext } from '@playwright/test';
import type { Client } from 'webdriver';

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

/** The cookies a matrix row is about: their names, and optionally a part of the request URL (e.g. its id). */
export interface CookiesAbout {
  cookies: readonly string[];
  url?: string;
}

/** What the browser itself said about some cookies during the visit (its own codes or words). */
export type Stated =
  /** `reasons` is empty where it said nothing about them. */
  | { reasons: string[] }
  /** The lane cannot hear the browser, and why. */
  | { unheard: string };

/** A cookie as the lane's add-cookie API takes it. */
export interface CookieToAdd {
  name: string;
  value: string;
  /** Without it, `/`. */
  path?: string;
  /** A Domain attribute; without it the cookie is host-only for the page's host. */
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  /** Seconds since the epoch; without it a session cookie. */
  expires?: number;
  /** The top-level site that partitions it (Playwright's `partitionKey`). */
  partitionKey?: string;
}

/** What a lane's API cannot say at all (e.g. a partition key in classic WebDriver): not a refusal by the browser. */
export class NotExpressible extends Error {}

/** A session saved with the lane's own API: Playwright's storage state, or the cookies WebDriver lists and the page they were listed on. */
export type SavedSession = { storageState: Awaited<ReturnType<BrowserContext['storageState']>> } | { cookies: Awaited<ReturnType<Client['getAllCookies']>>; url: string };

/**
 * A cookie as the store reports it, null where the browser (or its driver) does not say. For case files: nothing
 * here is filled in by the harness.
 */
export interface ReportedCookie {
  name: string;
  value: string;
  domain: string | null;
  path: string | null;
  /** Seconds since the epoch; null for a session cookie. */
  expires: number | null;
  secure: boolean | null;
  httpOnly: boolean | null;
  sameSite: string | null;
  /** The partition key the store reports (the top-level site), or null where it reports none. */
  partitioned: string | null;
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
  /** Reloads the page as the browser's reload button does, and returns its text. */
  reload(): Promise<string>;
  /** Clicks the element, as a user does, and waits for nothing it may start (a popup, say). */
  click(selector: string): Promise<void>;
  /** Clicks the element, waits for the page it navigates to, and returns that page's text. */
  submit(selector: string): Promise<string>;
  /** The cookies the browser would send to the page it shows, HttpOnly ones included. */
  cookies(): Promise<StoredCookie[]>;
  /**
   * Writes a cookie into the browser's store for the page it shows with the lane's own API (Playwright's
   * `addCookies`, WebDriver's Add Cookie), as a test that edits the store or restores a session would. Rejects
   * with the API's error where it refuses the cookie.
   */
  addCookie(cookie: CookieToAdd): Promise<void>;
  /** Empties the browser's cookie store for the page it shows. */
  clearCookies(): Promise<void>;
  /** Navigates to a URL and waits for it to load, whatever it holds. */
  goto(url: string): Promise<void>;
  /**
   * Every cookie the store holds for the sites of these pages, each once. A lane that reads the store one site at
   * a time (WebDriver) navigates to each page to read it; the others read the whole store.
   */
  storeCookies(pages: string[]): Promise<ReportedCookie[]>;
  /**
   * Every cookie of the store with the partition key the store reports (null: none). Absent where the lane's store API
   * has no such field: classic WebDriver's cookie has none.
   */
  partitionKeys?(): Promise<{ name: string; partitionKey: string | null }[]>;
  /** Saves the session with the lane's own API, to open a fresh visitor with (see the `restoredVisitor` fixture). */
  saveSession(): Promise<SavedSession>;
  /** What the browser itself said about the cookies a row is about, since the visit began. */
  statedAbout(about: CookiesAbout): Promise<Stated>;
  /** Ends the visitor: its browser context, or its WebDriver session and the browser with it. */
  close(): Promise<void>;
}
