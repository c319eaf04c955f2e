import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { WEBDRIVER_WEBKIT } from './browser-choice.ts';
import { spawnGroup, stopGroup } from '../processes/process-groups.ts';
import { waitForListeningPort } from '../processes/listening-port.ts';
import type { LaneBrowser } from './lane-browser.ts';
import { WebDriverVisitor } from './webdriver-visitor.ts';
import { startXvfb } from './xvfb.ts';

const DRIVER_START_TIMEOUT_MS = 10_000;
// A browser that cannot start leaves WebKitWebDriver's new-session request hanging: give up after this.
const SESSION_START_TIMEOUT_MS = 30_000;

/** The WebDriver lane's browser: its visitors can also restore a saved session (see the `restoredVisitor` fixture). */
export interface WebDriverBrowser extends LaneBrowser {
  /** A test may hold as many visitors at once as there are drivers. */
  newVisitor(baseURL: string): Promise<WebDriverVisitor>;
}

/**
 * Starts the WebKit engine's WebDriver: WebKitWebDriver with MiniBrowser on Linux (under Xvfb unless headed),
 * safaridriver on macOS. `env` reaches the driver and, through it, the browser and its helper processes. Each
 * visitor is a fresh browser window with an empty cookie jar (WebDriver starts a new browser per session); close()
 * ends the drivers, every browser they started, and the virtual display.
 */
export async function startWebDriverBrowser({ env, headed }: { env: Record<string, string>; headed: boolean }): Promise<WebDriverBrowser> {
  // The webdriver package logs at info level unless told otherwise before it loads.
  process.env.WDIO_LOG_LEVEL ??= 'silent';
  const { default: WebDriver } = await import('webdriver');

  const isMac = process.platform === 'darwin';
  const xvfb = !isMac && (!headed || !process.env.DISPLAY) ? await startXvfb() : undefined;
  // WebKitWebDriver serves one session at a time. Headless, two drivers take turns, so that the next test's browser
  // starts while this one runs (a MiniBrowser takes about 270 ms to start); headed, one window is less confusing.
  const driverCount = isMac || headed ? 1 : 2;
  const drivers: { driver: ChildProcess; port: number; busy: boolean }[] = [];
  const stop = async () => {
    for (const { driver } of drivers) await stopGroup(driver);
    await xvfb?.stop();
  };
  try {
    for (let i = 0; i < driverCount; i++) {
      const started = isMac ? await startSafariDriver(env) : await startWebKitWebDriver({ ...env, ...(xvfb && { DISPLAY: xvfb.display }) });
      drivers.push({ ...started, busy: false });
    }
    const capabilities = isMac
      ? { browserName: 'safari' }
      : {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: WEBDRIVER_WEBKIT.minibrowser, args: ['--automation'] },
          // The HTTPS listener's test certificate is not trusted: accepting it changes no cookie behaviour (README, "HTTPS").
          acceptInsecureCerts: true,
        };
    // A session on a driver that has none (null: every driver has one), which it holds until the visitor closes.
    const startSession = () => {
      const driver = drivers.find(({ busy }) => !busy);
      if (!driver) return null;
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
    // The next test's browser starts while this one runs, on a driver no session holds.
    let startedAhead: ReturnType<typeof startSession> = null;

    return {
      async newVisitor(baseURL) {
        // Taken before awaiting: a session that failed to start is not handed to the next test again.
        const session = startedAhead ?? startSession();
        if (!session) throw new Error(`Every one of the ${drivers.length} WebDriver drivers already has a session open`);
        startedAhead = startSession();
        const onClose = () => {
          session.driver.busy = false;
          startedAhead ??= startSession();
        };
        return new WebDriverVisitor(await session.client, baseURL, onClose);
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

// safaridriver needs a port number up front, so this one is picked free and could be taken before the driver binds it;
// the session then fails with the driver's error. Untested here: this machine has no macOS. No clock library on macOS.
async function startSafariDriver(env: Record<string, string>) {
  const port = await freePort();
  const driver = spawnGroup(WEBDRIVER_WEBKIT.safaridriver, ['--port', String(port)], { stdio: 'ignore', env: { ...process.env, ...env } });
  return { driver, port };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
