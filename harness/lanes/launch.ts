import { chromium, firefox, webkit } from 'playwright';
import type { BrowserChoice } from './browser-choice.ts';
import { proxyEnvironment, proxyLaunchOptions } from './case-host-proxy.ts';
import { launchPlaywrightBrowser } from './lane-browser.ts';
import type { Visitor } from './visitor.ts';
import { startWebDriverBrowser } from './webdriver-browser.ts';

/** A browser of one lane, outside the test runner, opening a fresh visitor (a context, or a WebDriver session) on demand. */
export interface LaunchedBrowser {
  newVisitor(): Promise<Visitor>;
  close(): Promise<void>;
}

export interface LaunchSettings {
  /** Reaches the browser and its helper processes (the clock library's, say). */
  env?: Record<string, string>;
  /** The case server's proxy, for the case hosts. */
  proxyURL?: string;
  headed?: boolean;
  /** Where a visitor's relative paths go. */
  baseURL: string;
}

const PLAYWRIGHT_TYPES = { chromium, firefox, webkit } as const;

/**
 * Launches a project's browser as the test run does (the same choice of build, the same proxy settings), for the
 * scripts that drive browsers without the runner: npm run probe and npm run bench.
 */
export async function launchLane(project: string, choice: Extract<BrowserChoice, { available: true }>, settings: LaunchSettings): Promise<LaunchedBrowser> {
  const { env = {}, proxyURL, headed = false, baseURL } = settings;
  if (project === 'webkitgtk') {
    const driver = await startWebDriverBrowser({ env: { ...env, ...(proxyURL && proxyEnvironment(proxyURL)) }, headed });
    // WebDriver starts the browser with the session: a launch includes the first one.
    await (await driver.newVisitor(baseURL)).close();
    return { newVisitor: () => driver.newVisitor(baseURL), close: () => driver.close() };
  }
  if (!Object.hasOwn(PLAYWRIGHT_TYPES, project)) throw new Error(`No lane launches the project ${project}`);
  const type = PLAYWRIGHT_TYPES[project as keyof typeof PLAYWRIGHT_TYPES];
  const options = { ...choice.launchOptions, channel: choice.channel, headless: !headed, env: { ...process.env, ...env } };
  // The same launch, and the same visitors, as the fixtures' (harness/lanes/lane-browser.ts).
  const lane = await launchPlaywrightBrowser(type, proxyURL ? proxyLaunchOptions(project, proxyURL, options) : options, { ignoreHTTPSErrors: true });
  // The first context is part of a launch: Firefox over BiDi finishes starting up there.
  await (await (await lane.current()).newContext()).close();
  return { newVisitor: () => lane.newVisitor(baseURL), close: () => lane.close() };
}
