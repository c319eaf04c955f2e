import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, BrowserType, LaunchOptions } from 'playwright';
import { PlaywrightVisitor } from './playwright-visitor.ts';

/**
 * Why the WebDriver lane cannot restart a browser on its profile: WebKitWebDriver starts MiniBrowser with
 * `--automation`, and MiniBrowser then keeps its website data in an ephemeral store, whatever else it is told
 * (measured with WebKitGTK 2.50.6: `--cookies-file=<dir>/cookies.sqlite` beside `--automation` wrote no file, and the
 * 30-day cookie was gone in the next session); without `--automation` no session starts, and WebKitWebDriver's
 * `webkitgtk:browserOptions` has no profile or data directory to give.
 */
export const WEBDRIVER_KEEPS_NO_PROFILE =
  "the WebDriver lane cannot restart a browser on its profile: MiniBrowser under WebKitWebDriver (--automation) keeps its cookies in an ephemeral store, ignoring --cookies-file, and webkitgtk:browserOptions names no profile";

// What a browser launch may take on two loaded cores (Firefox ESR over BiDi on a fresh profile: up to 25 s seen).
export const LAUNCH_BUDGET_MS = 60_000;

export interface ProfileSettings {
  /** The worker's launch options: the clock library's environment, the case hosts' proxy, the executable. */
  launchOptions: LaunchOptions;
  channel?: string;
  headless?: boolean;
  /** Where the visitor's relative paths go. */
  baseURL: string;
  /** The browser's name and version, as the worker's visitor reports them (the same executable). */
  browserVersion: string;
  /** Chromium profile preferences (the Preferences file's JSON), written before the first launch. */
  chromiumPreferences?: Record<string, unknown>;
}

/** A browser of a test's own, on a profile in a fresh directory, that can be closed and started again on it. */
export interface RestartableProfile {
  /** The visitor of the browser that runs now: a page of the profile. */
  readonly visitor: PlaywrightVisitor;
  /**
   * Closes the browser, which writes its profile as it exits, and launches it again on the same directory, with the
   * same options (the browser clock's file among them, so the clock stays where it is). Returns the new visitor.
   */
  restart(): Promise<PlaywrightVisitor>;
  /** Closes the browser through its own handle, whatever a failed restart left, then removes the directory. */
  close(): Promise<void>;
}

/**
 * Launches a browser Playwright drives on a profile of its own (launchPersistentContext on a fresh temporary
 * directory), with the worker's launch options, for rows about what outlives the browser's process, or that must not
 * leave anything in the worker's browser (Firefox dates every later cookie of a process by the latest creation time
 * it saw: docs/lanes.md, "The browser clock").
 */
export async function launchRestartableProfile(type: BrowserType, settings: ProfileSettings): Promise<RestartableProfile> {
  const { launchOptions, channel, headless, baseURL, browserVersion, chromiumPreferences } = settings;
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'cookie-harness-restartable-'));
  if (chromiumPreferences) {
    mkdirSync(path.join(userDataDir, 'Default'));
    writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify(chromiumPreferences));
  }
  let context: BrowserContext | undefined;
  let visitor: PlaywrightVisitor | undefined;
  const launch = async () => {
    // The run's HTTPS certificate is accepted as in every other context (playwright.config.ts, ignoreHTTPSErrors).
    context = await type.launchPersistentContext(userDataDir, { ...launchOptions, channel, headless, ignoreHTTPSErrors: true });
    visitor = await PlaywrightVisitor.inOwnProfile(context, baseURL, browserVersion);
    return visitor;
  };
  const closeBrowser = async () => {
    const running = context;
    context = visitor = undefined;
    await running?.close();
  };
  const close = async () => {
    try {
      await closeBrowser();
    } finally {
      // Once the browser has exited: it writes into the directory until then (and a helper process of Chromium's may
      // still be finishing a file as it goes, which Node's own retries outlast).
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5 });
    }
  };
  try {
    await launch();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    get visitor() {
      if (!visitor) throw new Error('The profile has no browser running: its restart failed, or it was closed');
      return visitor;
    },
    async restart() {
      await closeBrowser();
      return launch();
    },
    close,
  };
}
