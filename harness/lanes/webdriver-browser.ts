import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { WEBDRIVER_WEBKIT } from './browser-choice.ts';
import { spawnGroup, stopGroup } from '../processes/process-groups.ts';
import { waitForListeningPort } from '../processes/listening-port.ts';
import { WebDriverVisitor } from './webdriver-visitor.ts';
import { startXvfb } from './xvfb.ts';

const DRIVER_START_TIMEOUT_MS = 10_000;
// A browser that cannot start leaves WebKitWebDriver's new-session request hanging: give up after this.
const SESSION_START_TIMEOUT_MS = 30_000;

export interface WebDriverBrowser {
  /** A fresh browser window with an empty cookie jar (WebDriver starts a new browser per session). */
  newSession(baseURL: string): Promise<WebDriverVisitor>;
  /** Ends the drivers, every browser they started, and the virtual display. */
  stop(): Promise<void>;
}

/**
 * Starts the WebKit engine's WebDriver: WebKitWebDriver with MiniBrowser on Linux (under Xvfb unless headed),
 * safaridriver on macOS. `env` reaches the driver and, through it, the browser and its helper processes.
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
  const drivers: { driver: ChildProcess; port: number }[] = [];
  const stop = async () => {
    for (const { driver } of drivers) await stopGroup(driver);
    await xvfb?.stop();
  };
  try {
    for (let i = 0; i < driverCount; i++) {
      drivers.push(isMac ? await startSafariDriver(env) : await startWebKitWebDriver({ ...env, ...(xvfb && { DISPLAY: xvfb.display }) }));
    }
    const capabilities = isMac
      ? { browserName: 'safari' }
      : {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: WEBDRIVER_WEBKIT.minibrowser, args: ['--automation'] },
          // The HTTPS listener's test certificate is not trusted: accepting it changes no cookie behaviour (README, "HTTPS").
          acceptInsecureCerts: true,
        };
    const startSession = (port: number) => {
      const session = WebDriver.newSession({
        hostname: '127.0.0.1',
        port,
        logLevel: 'silent',
        connectionRetryTimeout: SESSION_START_TIMEOUT_MS,
        connectionRetryCount: 0,
        // Classic WebDriver: these drivers have no BiDi, and asking for it fails the session.
        capabilities: { ...capabilities, 'wdio:enforceWebDriverClassic': true } as WebdriverIO.Capabilities,
      });
      // A session started ahead may fail after stop() ended its driver: whoever takes it sees the error.
      session.catch(() => {});
      return session;
    };
    let turn = 0;
    let startedAhead: ReturnType<typeof startSession> | undefined;

    return {
      async newSession(baseURL) {
        // Taken before awaiting: a session that failed to start is not handed to the next test again.
        const session = startedAhead ?? startSession(drivers[turn]!.port);
        startedAhead = undefined;
        const client = await session;
        if (drivers.length > 1) {
          // The other driver is free: the previous test's session on it was deleted when that test ended.
          turn = (turn + 1) % drivers.length;
          startedAhead = startSession(drivers[turn]!.port);
        }
        return new WebDriverVisitor(client, baseURL);
      },
      stop,
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
