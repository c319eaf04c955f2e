/**
 * npm run bench: how fast the moved clock proves a 30-day expiry, next to a plain cookie check and
 * the naive real wait, and what preloading the clock library costs at browser launch. Prints figures; asserts nothing.
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { chromium, firefox, type Browser } from 'playwright';
import { createApp } from '../server/app.ts';
import { BrowserClock } from '../harness/browser-clock.ts';
import { browserChoices, type BrowserChoice } from '../harness/browsers.ts';
import { buildClockLibrary } from '../harness/clock-library.ts';
import { PlaywrightVisitor } from '../harness/playwright-visitor.ts';
import type { Visitor } from '../harness/visitor.ts';
import { startWebDriverBrowser } from '../harness/webdriver-browser.ts';

const RUNS = 3;

/** A browser of one lane, opening a fresh visitor (a context, or a WebDriver session) per check. */
interface LaunchedBrowser {
  newVisitor(): Promise<Visitor & { close(): Promise<void> }>;
  close(): Promise<void>;
}

type Lane = (env: Record<string, string>) => Promise<LaunchedBrowser>;

function playwrightLane(type: typeof chromium, choice: Extract<BrowserChoice, { available: true }>, baseURL: string): Lane {
  return async (env) => {
    const browser: Browser = await type.launch({ ...choice.launchOptions, channel: choice.channel, env: { ...process.env, ...env } });
    // The first page is part of a launch: Firefox over BiDi finishes starting up there.
    await (await browser.newContext()).close();
    return { newVisitor: () => PlaywrightVisitor.open(browser, { baseURL }), close: () => browser.close() };
  };
}

function webDriverLane(baseURL: string): Lane {
  return async (env) => {
    const driver = await startWebDriverBrowser({ env, headed: false });
    // WebDriver starts the browser with the session: a launch includes the first one.
    await (await driver.newSession(baseURL)).close();
    return { newVisitor: () => driver.newSession(baseURL), close: () => driver.stop() };
  };
}

async function visit<T>(browser: LaunchedBrowser, check: (visitor: Visitor) => Promise<T>): Promise<T> {
  const visitor = await browser.newVisitor();
  try {
    return await check(visitor);
  } finally {
    await visitor.close();
  }
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

async function median(action: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) samples.push(await action());
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

function sent(echoText: string, name: string): boolean {
  return (JSON.parse(echoText) as { cookies: Record<string, unknown> }).cookies[name] !== undefined;
}

function assertThat(condition: boolean, what: string): void {
  if (!condition) throw new Error(`bench check failed: ${what}`);
}

async function main() {
  const library = buildClockLibrary();
  if (!library.available) throw new Error(`The benchmark needs the clock library: ${library.reason}`);
  const server = createApp({ cookieSecret: 'bench' }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseURL = `http://localhost:${(server.address() as AddressInfo).port}`;
  const clock = new BrowserClock('bench');
  const choices = browserChoices();
  const lanes: Record<string, Lane | undefined> = {
    chromium: choices.chromium.available ? playwrightLane(chromium, choices.chromium, baseURL) : undefined,
    firefox: choices.firefox.available ? playwrightLane(firefox, choices.firefox, baseURL) : undefined,
    webkitgtk: choices.webkitgtk.available ? webDriverLane(baseURL) : undefined,
  };

  console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`);
  console.log(`Each figure is the median of ${RUNS} runs, in milliseconds. A check runs in a fresh context (or session), not counted.\n`);
  try {
    for (const [name, lane] of Object.entries(lanes)) {
      if (!lane) {
        console.log(`${name}: not run (browser not installed)\n`);
        continue;
      }
      const launchPlain = await median(() => timed(async () => (await lane({})).close()));
      const launchClock = await median(() => timed(async () => (await lane(clock.env(library.path))).close()));

      const browser = await lane(clock.env(library.path));
      try {
        const plain = await median(() =>
          visit(browser, (visitor) =>
            timed(async () => {
              await visitor.open('/setcookie');
              assertThat(sent(await visitor.open('/echo'), 'username'), 'the cookie is sent back');
            }),
          ),
        );
        const expiry = await median(() =>
          visit(browser, (visitor) =>
            timed(async () => {
              await visitor.open('/setcookie');
              clock.advance({ days: 30, seconds: 1 });
              assertThat(!sent(await visitor.open('/echo'), 'username'), 'the cookie expired after 30 days');
            }).finally(() => clock.reset()),
          ),
        );
        const naive = await median(() =>
          visit(browser, async (visitor) => {
            await visitor.open('/');
            return timed(async () => {
              await visitor.run(() => {
                document.cookie = 'naive=yes; path=/; max-age=2';
              });
              // The naive way: poll until the real clock has passed the 2 seconds.
              await visitor.run(async () => {
                while ((await (await fetch('/echo')).json()).cookies.naive) await new Promise((resolve) => setTimeout(resolve, 50));
              });
            });
          }),
        );
        console.log(`${name}: launch ${launchPlain.toFixed(0)} plain, ${launchClock.toFixed(0)} with the clock library (${(((launchClock - launchPlain) / launchPlain) * 100).toFixed(1)}% overhead)`);
        console.log(`${name}: set-and-read ${plain.toFixed(0)}, 30-day expiry with the moved clock ${expiry.toFixed(0)}, Max-Age=2 with a real wait ${naive.toFixed(0)}`);
        console.log(`${name} expiry/plain: ${(expiry / plain).toFixed(2)}\n`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    clock.dispose();
    server.closeAllConnections();
    server.close();
  }
}

await main();
