/**
 * npm run bench: how fast the moved clock proves a 30-day expiry, next to a plain cookie check and
 * the naive real wait; what preloading the clock library costs at browser launch; and what a fresh
 * visitor and one navigation cost in each lane, next to the floor of bare Playwright. Prints figures; asserts nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { chromium, firefox, type Browser } from 'playwright';
import { createApp } from '../server/app.ts';
import { BrowserClock } from '../harness/clock/browser-clock.ts';
import { browserChoices, type BrowserChoice } from '../harness/lanes/browser-choice.ts';
import { buildClockLibrary } from '../harness/clock/clock-library.ts';
import { launchLane, type LaunchedBrowser } from '../harness/lanes/launch.ts';
import { SUITE_TIMES_FILE, type SuiteTimes } from '../harness/run/suite-times.ts';
import { timeCaseFile, timeProbe } from './case-figures.ts';
import type { Visitor } from '../harness/lanes/visitor.ts';
import { carries, received } from '../tests/support/cookie-header.ts';

const RUNS = 5;
// The generated case file's size, and the probe's line.
const GENERATED_CASES = 200;
const PROBE_LINE = 'x=1; SameSite=None';
const CASES_ONLY = process.argv.includes('--cases');
// Launches are noisy: this many with the library and as many without, alternating.
const LAUNCH_SAMPLES = 10;

type Lane = (env: Record<string, string>) => Promise<LaunchedBrowser>;

function lane(project: string, choice: Extract<BrowserChoice, { available: true }>, baseURL: string): Lane {
  return (env) => launchLane(project, choice, { env, baseURL });
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
  return middle(samples);
}

function middle(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

/** The median with the range: `354 (320-410)`. */
function spread(samples: number[]): string {
  return `${middle(samples).toFixed(0)} (${Math.min(...samples).toFixed(0)}-${Math.max(...samples).toFixed(0)})`;
}

/** Launch samples without and with the library, alternating which goes first, so drifting load hits both alike. */
async function launchSamples(lane: Lane, clockEnv: Record<string, string>): Promise<{ plain: number[]; clock: number[] }> {
  const plain: number[] = [];
  const clock: number[] = [];
  const launch = (env: Record<string, string>) => timed(async () => (await lane(env)).close());
  for (let sample = 0; sample < LAUNCH_SAMPLES; sample++) {
    if (sample % 2 === 0) {
      plain.push(await launch({}));
      clock.push(await launch(clockEnv));
    } else {
      clock.push(await launch(clockEnv));
      plain.push(await launch({}));
    }
  }
  return { plain, clock };
}

/** Bare Playwright, as the floors measure it: the project's browser launched as it is, none of the harness around it. */
async function withBareBrowser<T>(type: typeof chromium, choice: Extract<BrowserChoice, { available: true }>, use: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await type.launch({ ...choice.launchOptions, channel: choice.channel });
  try {
    return await use(browser);
  } finally {
    await browser.close();
  }
}

/** The floor a test cannot go below: bare Playwright opens a fresh context and a page and makes two navigations. */
function floor(type: typeof chromium, choice: Extract<BrowserChoice, { available: true }>, baseURL: string): Promise<number> {
  return withBareBrowser(type, choice, async (browser) => {
    await (await browser.newContext()).close();
    return median(async () => {
      const start = performance.now();
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${baseURL}/`);
      await page.goto(`${baseURL}/echo`);
      const took = performance.now() - start;
      await context.close();
      return took;
    });
  });
}

/** Two bare navigations in an open page (the floor of a case that makes two requests), median of RUNS. */
function twoNavigations(type: typeof chromium, choice: Extract<BrowserChoice, { available: true }>, baseURL: string): Promise<number> {
  return withBareBrowser(type, choice, async (browser) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseURL}/`);
    return median(() =>
      timed(async () => {
        await page.goto(`${baseURL}/`);
        await page.goto(`${baseURL}/echo`);
      }),
    );
  });
}

/** The probe's floor: launching each installed browser and making two navigations in it, one lane after another. */
async function launchAndTwoNavigations(lanes: Record<string, Lane | undefined>): Promise<number> {
  let total = 0;
  for (const lane of Object.values(lanes)) {
    if (!lane) continue;
    total += await timed(async () => {
      const browser = await lane({});
      const visitor = await browser.newVisitor();
      await visitor.open('/');
      await visitor.open('/echo');
      await visitor.close();
      await browser.close();
    });
  }
  return total;
}

/** Case files: a generated file of GENERATED_CASES cases per lane through npm run cases, and npm run probe, each next to its floor. */
async function caseFigures(lanes: Record<string, Lane | undefined>, choices: ReturnType<typeof browserChoices>, baseURL: string): Promise<void> {
  const navigationFloors: Record<string, number | undefined> = {
    chromium: choices.chromium.available ? await twoNavigations(chromium, choices.chromium, baseURL) : undefined,
    firefox: choices.firefox.available ? await twoNavigations(firefox, choices.firefox, baseURL) : undefined,
  };
  for (const [name, lane] of Object.entries(lanes)) {
    if (!lane) continue;
    const figure = await timeCaseFile(name, GENERATED_CASES);
    const floor = navigationFloors[name] ?? navigationFloors.chromium;
    const perCase = figure.testsMs / figure.total;
    console.log(
      `${name}: ${figure.total} generated cases (${figure.passed} passed) through npm run cases: ${(figure.wallMs / 1000).toFixed(1)} s in all, ` +
        `${(figure.testsMs / 1000).toFixed(1)} s in the tests, ${perCase.toFixed(0)} a case` +
        (floor === undefined ? '' : `; ${navigationFloors[name] === undefined ? "chromium's floor" : 'floor'}: two bare navigations ${floor.toFixed(0)}: ${(perCase / floor).toFixed(2)}x`),
    );
  }
  const probe = await timeProbe(PROBE_LINE);
  const probeFloor = await launchAndTwoNavigations(lanes);
  console.log(`probe '${PROBE_LINE}' in every installed engine: ${probe.toFixed(0)}; floor (launching each and two navigations in each, one after another) ${probeFloor.toFixed(0)}: ${(probe / probeFloor).toFixed(2)}x`);
  console.log('Goals: a case at most 2x two bare navigations; the probe at most 2x its floor.');
}

/** The last suite run's wall time, and each project's, as every playwright run records them (harness/run/suite-times.ts). */
function suiteFigures(): void {
  if (!existsSync(SUITE_TIMES_FILE)) {
    console.log(`suite: no run recorded yet in ${SUITE_TIMES_FILE}; npm test records one\n`);
    return;
  }
  const times = JSON.parse(readFileSync(SUITE_TIMES_FILE, 'utf8')) as SuiteTimes;
  const [start, end] = times.loadAverage.map((load) => load.toFixed(1));
  console.log(`suite, its last run (${times.measuredAt}, ${times.workers} workers on ${times.cores} cores, load average ${start} at its start and ${end} at its end): ${(times.wallMs / 1000).toFixed(0)} s`);
  if (times.machineBusy !== undefined) {
    const available = (times.wallMs * times.cores) / 1000;
    console.log(`  the cores were ${(times.machineBusy * 100).toFixed(0)}% busy during it, by anything the machine ran: ${(times.machineBusy * available).toFixed(0)} s of CPU of the ${available.toFixed(0)} s they had`);
  }
  for (const [name, project] of Object.entries(times.projects)) {
    console.log(`  ${name}: ${(project.wallMs / 1000).toFixed(0)} s from its first test's start to its last one's end; ${project.tests} tests, ${(project.testsMs / 1000).toFixed(0)} s in them`);
  }
  console.log('');
}

function sent(echoText: string, name: string): boolean {
  return carries(received(echoText).cookieHeader, name);
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
    chromium: choices.chromium.available ? lane('chromium', choices.chromium, baseURL) : undefined,
    firefox: choices.firefox.available ? lane('firefox', choices.firefox, baseURL) : undefined,
    webkitgtk: choices.webkitgtk.available ? lane('webkitgtk', choices.webkitgtk, baseURL) : undefined,
  };

  console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`);
  console.log(`Figures in milliseconds, medians of ${RUNS} runs unless said otherwise; ranges are min-max. A check runs in a fresh context (or session), not counted.\n`);
  try {
    const floors: Record<string, number | undefined> = {
      chromium: choices.chromium.available && !CASES_ONLY ? await floor(chromium, choices.chromium, baseURL) : undefined,
      firefox: choices.firefox.available && !CASES_ONLY ? await floor(firefox, choices.firefox, baseURL) : undefined,
    };
    // npm run bench -- --cases: the case files' figures alone.
    for (const [name, lane] of Object.entries(CASES_ONLY ? {} : lanes)) {
      if (!lane) {
        console.log(`${name}: not run (browser not installed)\n`);
        continue;
      }
      const launches = await launchSamples(lane, clock.env(library.path));
      const launchPlain = middle(launches.plain);
      const launchClock = middle(launches.clock);

      const browser = await lane(clock.env(library.path));
      try {
        const freshVisitor = await median(async () => {
          const start = performance.now();
          const visitor = await browser.newVisitor();
          const took = performance.now() - start;
          await visitor.close();
          return took;
        });
        // A second navigation: the first in a fresh page also pays for starting the page's process.
        const navigation = await median(() =>
          visit(browser, async (visitor) => {
            await visitor.open('/');
            return timed(() => visitor.open('/echo'));
          }),
        );
        // The floor's steps, through the visitor: a fresh visitor and two navigations (closing not counted).
        const visitorSteps = await median(async () => {
          const start = performance.now();
          const visitor = await browser.newVisitor();
          await visitor.open('/');
          await visitor.open('/echo');
          const took = performance.now() - start;
          await visitor.close();
          return took;
        });
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
        const floorOfLane = floors[name] ?? floors.chromium;
        console.log(
          `${name}: launch ${spread(launches.plain)} plain, ${spread(launches.clock)} with the clock library, ${LAUNCH_SAMPLES} each: ` +
            `${(((launchClock - launchPlain) / launchPlain) * 100).toFixed(1)}% overhead (median against median)`,
        );
        console.log(`${name}: a fresh visitor ${freshVisitor.toFixed(0)}, one navigation ${navigation.toFixed(0)}`);
        if (floorOfLane !== undefined) {
          const whose = floors[name] === undefined ? "chromium's floor" : 'floor';
          console.log(`${name}: visitor and two navigations ${visitorSteps.toFixed(0)}, ${whose} ${floorOfLane.toFixed(0)} (bare Playwright: context, page, two navigations): ${(visitorSteps / floorOfLane).toFixed(2)}x`);
        }
        console.log(`${name}: set-and-read ${plain.toFixed(0)}, 30-day expiry with the moved clock ${expiry.toFixed(0)}, Max-Age=2 with a real wait ${naive.toFixed(0)}`);
        console.log(`${name} expiry/plain: ${(expiry / plain).toFixed(2)}\n`);
      } finally {
        await browser.close();
      }
    }
    if (!CASES_ONLY) suiteFigures();
    await caseFigures(lanes, choices, baseURL);
  } finally {
    clock.dispose();
    server.closeAllConnections();
    server.close();
  }
}

await main();
