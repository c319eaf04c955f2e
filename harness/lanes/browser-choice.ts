import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { chromium, firefox, webkit, type BrowserType, type LaunchOptions } from 'playwright';
import { CHROMIUM_ARGS } from './chromium-features.ts';
import { displayPlan } from './xvfb.ts';

/**
 * Which browser each project runs, decided once per run:
 * Playwright's own build when it is installed, else a system browser that can serve, else not run.
 * `engine` and `driver` name the files in expectations/ that it is judged by (expectations/<engine>.json,
 * expectations/drivers/<driver>.json).
 */
export type BrowserChoice =
  | { available: true; description: string; engine: string; driver: string; launchOptions?: LaunchOptions; channel?: string }
  | { available: false; reason: string; install: string };

const WEBKIT_WEBDRIVER = '/usr/bin/WebKitWebDriver';
const MINIBROWSER_IN_LIB = 'webkit2gtk-4.1/MiniBrowser';

/**
 * No site gets content processes of its own (fission.webContentIsolationStrategy 0), as in Playwright's own Firefox
 * build (its playwright.cfg): one pool of content processes serves every site. Otherwise each fresh context started
 * a process for every site it loaded or framed, and the firefox project took a third more CPU (docs/benchmark.md).
 * The cookie store lives in the parent process either way; every row read the same with and without it.
 */
const FIREFOX_PREFS = { 'fission.webContentIsolationStrategy': 0 };

// Playwright's WebKit is Apple's WebKit on macOS, WinCairo (curl) on Windows, and WebKit with libsoup on Linux, as WebKitGTK is.
const PLAYWRIGHT_WEBKIT_ENGINE: Partial<Record<NodeJS.Platform, string>> = { darwin: 'webkit-apple', win32: 'webkit-wincairo' };

function playwrightBuild(type: BrowserType): string | undefined {
  const executable = type.executablePath();
  return existsSync(executable) ? executable : undefined;
}

function firstExisting(paths: string[]): string | undefined {
  return paths.find((candidate) => existsSync(candidate));
}

export function chooseChromium(): BrowserChoice {
  const own = playwrightBuild(chromium);
  if (own) return { available: true, description: `Playwright's Chromium (${own})`, engine: 'blink', driver: 'playwright-cdp', launchOptions: { args: CHROMIUM_ARGS } };
  const system = firstExisting(['/usr/bin/chromium', '/usr/bin/chromium-browser']);
  if (system) return { available: true, description: `system Chromium over CDP (${system})`, engine: 'blink', driver: 'playwright-cdp', launchOptions: { executablePath: system, args: CHROMIUM_ARGS } };
  return { available: false, reason: "neither Playwright's Chromium nor a system Chromium is installed", install: 'npx playwright install --with-deps chromium  (or: apt-get install chromium)' };
}

function chooseFirefox(): BrowserChoice {
  const own = playwrightBuild(firefox);
  if (own) return { available: true, description: `Playwright's Firefox (${own})`, engine: 'gecko', driver: 'playwright-juggler' };
  // Stock Firefox lacks Playwright's patches, so it is driven over WebDriver BiDi.
  const system = firstExisting(['/usr/bin/firefox-esr', '/usr/bin/firefox']);
  if (system) {
    const launchOptions = { executablePath: system, firefoxUserPrefs: FIREFOX_PREFS };
    return { available: true, description: `system Firefox over WebDriver BiDi (${system})`, engine: 'gecko', driver: 'playwright-bidi', channel: 'moz-firefox', launchOptions };
  }
  return { available: false, reason: "neither Playwright's Firefox nor a system Firefox is installed", install: 'npx playwright install --with-deps firefox  (or: apt-get install firefox-esr)' };
}

function chooseWebKit(): BrowserChoice {
  const own = playwrightBuild(webkit);
  if (own) return { available: true, description: `Playwright's WebKit (${own})`, engine: PLAYWRIGHT_WEBKIT_ENGINE[process.platform] ?? 'webkit-libsoup', driver: 'playwright-webkit' };
  return {
    available: false,
    reason: "Playwright's patched WebKit is not installed and no system browser can stand in for it (the webkitgtk project runs the WebKit engine through WebDriver instead)",
    install: 'npx playwright install --with-deps webkit',
  };
}

/**
 * libwebkit2gtk-4.1-0's MiniBrowser, in the multiarch folder of this machine's architecture (x86_64-linux-gnu,
 * aarch64-linux-gnu, ...) when there are several, else in any /usr/lib/<triplet>/ folder.
 */
function findMiniBrowser(): string | undefined {
  const found = readdirSync('/usr/lib', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`/usr/lib/${entry.name}/${MINIBROWSER_IN_LIB}`))
    .map((entry) => `/usr/lib/${entry.name}/${MINIBROWSER_IN_LIB}`);
  return found.find((file) => file.startsWith(`/usr/lib/${os.machine()}-`)) ?? found[0];
}

/** The WebKit engine through WebDriver: WebKitGTK's MiniBrowser, shown on the X display the lane will use. */
function chooseWebDriverWebKit(): BrowserChoice {
  // Headed or not, the same programs are needed: Xvfb, or a DISPLAY (harness/lanes/xvfb.ts).
  const display = displayPlan(false);
  const missing = [
    ...(existsSync(WEBKIT_WEBDRIVER) ? [] : [WEBKIT_WEBDRIVER]),
    ...(WEBDRIVER_WEBKIT.minibrowser ? [] : [`/usr/lib/<multiarch>/${MINIBROWSER_IN_LIB}`]),
    ...(display ? [] : ['Xvfb on PATH (or a DISPLAY)']),
  ];
  if (missing.length > 0) return { available: false, reason: `WebKitGTK's WebDriver lane is not installed (missing ${missing.join(', ')})`, install: 'apt-get install webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb' };
  const where = display && 'xvfb' in display ? `under Xvfb (${display.xvfb}) unless headed on DISPLAY` : `on DISPLAY ${process.env.DISPLAY} (no Xvfb on PATH)`;
  return {
    available: true,
    description: `WebKitGTK MiniBrowser (${WEBDRIVER_WEBKIT.minibrowser}) through WebKitWebDriver (${WEBKIT_WEBDRIVER}), ${where}`,
    engine: 'webkit-libsoup',
    driver: 'webkitwebdriver',
  };
}

export const WEBDRIVER_WEBKIT = { minibrowser: findMiniBrowser(), webkitWebDriver: WEBKIT_WEBDRIVER };

/** Every browser project's choice, by project name. */
export function browserChoices(): Record<string, BrowserChoice> {
  return { chromium: chooseChromium(), firefox: chooseFirefox(), webkit: chooseWebKit(), webkitgtk: chooseWebDriverWebKit() };
}

/** One line for a project (two when it will not run: the second says how to install it). */
export function describeChoice(project: string, choice: BrowserChoice): string {
  if (choice.available) return `  ${project.padEnd(10)} runs ${choice.description}`;
  return `  ${project.padEnd(10)} NOT RUN: ${choice.reason}\n  ${''.padEnd(10)} install with: ${choice.install}`;
}
