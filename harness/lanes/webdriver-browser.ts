import type { ChildProcess } from 'node:child_process';
import type { Client } from 'webdriver';
import { WEBDRIVER_WEBKIT } from './browser-choice.ts';
import { spawnGroup, stopGroup } from '../processes/process-groups.ts';
import { waitForListeningPort } from '../processes/listening-port.ts';
import type { LaneBrowser } from './lane-browser.ts';
import { isSessionGone, WebDriverVisitor } from './webdriver-visitor.ts';
import { displayPlan, startXvfb } from './xvfb.ts';

const DRIVER_START_TIMEOUT_MS = 10_000;
// Pages are drawn without accelerated compositing, which on a display without a GPU is GL in software: the lane
// took about a tenth less CPU (the web processes a third less). No cookie goes through the drawing.
const BROWSER_ENV = { WEBKIT_DISABLE_COMPOSITING_MODE: '1' };
// A browser that cannot start leaves WebKitWebDriver's new-session request hanging: give up after this.
const SESSION_START_TIMEOUT_MS = 30_000;

/** The WebDriver lane's browser: its visitors can also restore a saved session (see the `restoredVisitor` fixture). */
export interface WebDriverBrowser extends LaneBrowser {
  /** A fresh browser; a driver is added whenever every driver already holds a session (a test with two visitors). */
  newVisitor(baseURL: string): Promise<WebDriverVisitor>;
}

/**
 * Starts the WebKit engine's WebDriver: WebKitWebDriver with WebKitGTK's MiniBrowser, on the display displayPlan()
 * picks (an Xvfb of its own unless headed on the user's display). `env` reaches the driver and, through it, the
 * browser and its helper processes. Each visitor is a fresh browser window with an empty cookie jar (WebDriver starts
 * a new browser per session); close() ends the drivers, every browser they started, and the virtual display.
 */
export async function startWebDriverBrowser({ env, headed }: { env: Record<string, string>; headed: boolean }): Promise<WebDriverBrowser> {
  // The webdriver package logs at info level unless told otherwise before it loads.
  process.env.WDIO_LOG_LEVEL ??= 'silent';
  const { default: WebDriver } = await import('webdriver');

  const plan = displayPlan(headed);
  if (!plan) throw new Error('WebKitGTK needs an X display: install Xvfb (apt-get install xvfb) or set DISPLAY');
  const xvfb = 'xvfb' in plan ? await startXvfb(plan.xvfb) : undefined;
  const display = xvfb ? xvfb.display : (plan as { userDisplay: string }).userDisplay;
  // WebKitWebDriver serves one session at a time. Headless, two drivers take turns, so that the next test's browser
  // starts while this one runs (a MiniBrowser takes about 270 ms to start); headed, one window is less confusing.
  const driverCount = headed ? 1 : 2;
  const drivers: { driver: ChildProcess; port: number; busy: boolean }[] = [];
  const addDriver = async () => {
    const driver = { ...(await startWebKitWebDriver({ ...BROWSER_ENV, ...env, DISPLAY: display })), busy: false };
    drivers.push(driver);
    return driver;
  };
  const stop = async () => {
    for (const { driver } of drivers) await stopGroup(driver);
    await xvfb?.stop();
  };
  try {
    for (let i = 0; i < driverCount; i++) await addDriver();
    const capabilities = {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: WEBDRIVER_WEBKIT.minibrowser, args: ['--automation'] },
      // The HTTPS listener's test certificate is not trusted: accepting it changes no cookie behaviour (docs/lanes.md, "HTTPS").
      acceptInsecureCerts: true,
    };
    // A session on the driver, which it holds until the visitor closes.
    const sessionOn = (driver: (typeof drivers)[number]) => {
      driver.busy = true;
      const client = WebDriver.newSession({
        hostname: '127.0.0.1',
        port: driver.port,
        logLevel: 'silent',
        connectionRetryTimeout: SESSION_START_TIMEOUT_MS,
        connectionRetryCount: 0,
        // Classic WebDriver: these drivers have no BiDi, and asking for it fails the session.
        capabilities: { ...capabilities, 'wdio:enforceWebDriverClassic': true } as WebdriverIO.Capabilities,
      });
      // A session started ahead may fail after stop() ended its driver: whoever takes it sees the error. A driver
      // whose session failed to start holds none.
      client.catch(() => {
        driver.busy = false;
      });
      return { client, driver };
    };
    // A session on a driver that has none (null: every driver has one).
    const startSession = () => {
      const driver = drivers.find(({ busy }) => !busy);
      return driver ? sessionOn(driver) : null;
    };
    // The next test's browser starts while this one runs, on a driver no session holds.
    let startedAhead: ReturnType<typeof startSession> = null;

    return {
      async newVisitor(baseURL) {
        // Taken before awaiting: a session that failed to start is not handed to the next test again.
        const ready = startedAhead ?? startSession();
        startedAhead = null;
        // Every driver holds a session (the case files' session, a test with two visitors): one more driver serves.
        const session = ready ?? sessionOn(await addDriver());
        startedAhead = startSession();
        const onClose = () => {
          session.driver.busy = false;
          startedAhead ??= startSession();
        };
        // A browser started ahead may have died while it waited (killed when memory ran short): start another on
        // its driver rather than fail a test that had not begun.
        const client = (await stillUsable(session.client)) ?? (await sessionOn(session.driver).client);
        return new WebDriverVisitor(client, baseURL, onClose);
      },
      close: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startWebKitWebDriver(env: Record<string, string>) {
  const driver = spawnGroup(WEBDRIVER_WEBKIT.webkitWebDriver, ['--port=0', '--host=127.0.0.1'], { stdio: 'ignore', env: { ...process.env, ...env } });
  return { driver, port: await waitForListeningPort(driver, DRIVER_START_TIMEOUT_MS) };
}

/**
 * The session, if it started and its browser still answers. WebKitWebDriver deletes a session whose browser has gone;
 * the client deletes it too, since until then the driver leaves a new-session request hanging.
 */
async function stillUsable(session: Promise<Client>): Promise<Client | undefined> {
  const client = await session.catch(() => undefined);
  if (!client) return undefined;
  const alive = await client.getWindowHandle().then(
    () => true,
    (error: unknown) => (isSessionGone(error) ? false : Promise.reject(error)),
  );
  if (alive) return client;
  await client.deleteSession().catch(() => {});
  return undefined;
}
