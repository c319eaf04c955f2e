import { readFileSync } from 'node:fs';
import { test as base, expect, type BrowserContext, type TestInfo } from '@playwright/test';
import { caseFilePaths, loadCaseFiles } from '../../harness/cases/load.ts';
import type { CaseJudgement } from '../../harness/cases/expect.ts';
import type { CaseContext } from '../../harness/cases/run-case.ts';
import { HARNESS_PATH } from '../../harness/cases/schema.ts';
import { BrowserClock, type Duration } from '../../harness/clock/browser-clock.ts';
import type { BrowserChoice } from '../../harness/lanes/browser-choice.ts';
import { waitForScriptCookieWrites } from '../../harness/lanes/script-cookie-writes.ts';
import { builtClockLibrary, type ClockLibrary } from '../../harness/clock/clock-library.ts';
import { proxyEnvironment, proxyLaunchOptions } from '../../harness/lanes/case-host-proxy.ts';
import { launchChromiumProfile } from '../../harness/lanes/chromium-profile.ts';
import { launchPlaywrightBrowser, type PlaywrightLaneBrowser } from '../../harness/lanes/lane-browser.ts';
import { LAUNCH_BUDGET_MS, launchRestartableProfile, WEBDRIVER_KEEPS_NO_PROFILE, type RestartableProfile } from '../../harness/lanes/restartable-profile.ts';
import { PlaywrightVisitor } from '../../harness/lanes/playwright-visitor.ts';
import type { CookiesAbout, SavedSession, Visitor } from '../../harness/lanes/visitor.ts';
import { startWebDriverBrowser, type WebDriverBrowser } from '../../harness/lanes/webdriver-browser.ts';
import type { WebDriverVisitor } from '../../harness/lanes/webdriver-visitor.ts';
import { MATRIX_ENGINE, MATRIX_OBSERVATION, type MatrixObservation, type Observation } from '../../harness/matrix/protocol.ts';
import { SERVER_URL_VARIABLES } from '../../harness/run/server-under-test.ts';
import { CERTIFICATE_VARIABLES } from '../../harness/run/test-certificate.ts';
import { startCaseServer, type CaseServer } from '../../server/case-server.ts';
import { otherSite } from '../../server/sites.ts';
import { cookiePairs } from './cookie-header.ts';
import { EXPECTATIONS, expectationOf, judgeCaseSoftly, judgeSoftly, laneOf } from './judging.ts';
import { declaredRowIds, inDeclaredShape } from './matrix-rows.ts';

export type Lane = 'playwright' | 'webdriver';

const CASES_ELSEWHERE = 'this project runs one regular profile per worker: case files run in the other projects';

export interface WorkerOptions {
  /** How the project's browser is driven. */
  lane: Lane;
  /** The browser the project runs, or why it cannot (see harness/lanes/browser-choice.ts). */
  browserChoice: BrowserChoice;
  /** The server over HTTPS, on localhost (published by the global setup). */
  httpsURL: string | undefined;
  /**
   * Chromium profile preferences (the Preferences file's JSON). When set, the worker runs one regular profile with
   * them (launchPersistentContext), as people's browsers are, instead of Playwright's off-the-record contexts; each
   * test gets a page in it with the cookies and cache emptied.
   */
  chromiumPreferences: Record<string, unknown> | undefined;
}

/** The server as two sites over each scheme: site A is localhost, site B is 127.0.0.1 (server/cross-site.ts). */
export interface Sites {
  httpA: string;
  httpB: string;
  httpsA: string;
  httpsB: string;
}

/** The browser's wall clock, as the cookie store sees it. */
export interface BrowserClockControl {
  /**
   * Moves the browser's clock: `await advance('30d')`, `await advance({ days: 30, minutes: -1 })`. It first waits
   * until the cookie store holds what the page's script wrote, so the store dates those cookies before the move.
   */
  advance(duration: Duration): Promise<void>;
  /**
   * Sets the browser's clock to an instant, in milliseconds since the epoch: `await setTo(expires + 1000)`. Moving
   * relative to an instant the browser reported (a cookie's expiry) leaves out the real time that passed since. It
   * waits for the page's script writes first, as advance() does.
   */
  setTo(instantMs: number): Promise<void>;
  /** The browser's current time in milliseconds since the epoch. */
  now(): number;
}

interface TestFixtures {
  visitor: Visitor;
  /** A fresh visitor (a new context, or a new WebDriver session) opened with a saved session; closed after the test. */
  restoredVisitor: (saved: SavedSession) => Promise<Visitor>;
  browserClock: BrowserClockControl;
  /**
   * Where engines differ outside the matrix: `check(id, observed)` compares a value with this project's engine (or
   * driver) file in expectations/, as observe() does, without recording a matrix cell.
   */
  expectations: { check: (id: string, observed: Observation) => Promise<void> };
  /**
   * Records what the browser did for a matrix row, and checks it against the lane's expectation (softly, so the
   * test's other rows are still observed); a mismatch points at the calling line. The row must be declared on
   * the test with `matrixRows()`, and each declared row must be observed once. A row the lane's file does not list
   * is recorded as unverified, which fails the test only with MATRIX_STRICT=1 where that file exists. With `about`
   * (`{ cookies: ['samesite_lax'], url: '<id>-image' }`), the cell also records what the browser itself said about
   * those cookies during the test (on requests whose URL holds `url`), or why the lane cannot hear it. A row with
   * named parts takes them as a list in the order of its `parts` (`[400, true, false]`) or as an object naming
   * them, and records that object; another count of parts fails the step.
   */
  observe: (id: string, observed: Observation, about?: CookiesAbout) => Promise<void>;
  /** The server seen from another host: cookies for localhost must not go there. */
  otherHostURL: string;
  sites: Sites;
  /** The names of the cookies that the request the server recorded under `id` carried (server/beacon.ts), sorted. */
  cookiesSentWith: (id: string) => Promise<string[]>;
  /**
   * What a case of a case file runs with: its visitor (store empty), the case server, the clock (reset after), and
   * where the case can leave cookies (its cookieDomains), to be told before it runs: the next case's store is emptied
   * on those domains. A lane not told gives the next case a fresh store.
   */
  caseContext: Omit<CaseContext, 'hosts'> & { leavesCookiesOn(domains: string[]): void };
  /** observe() for a case file's row, in the case's visitor; judged by the case's own `expect` where it has one. */
  observeCase: (id: string, observed: Observation, about?: CookiesAbout, judgement?: CaseJudgement) => Promise<void>;
  /**
   * A case that restarts the browser: its context, in a browser of its own on a fresh profile that `restart` closes
   * and starts again (the clock where it is), and its observeCase. Not run where the lane cannot keep a profile.
   */
  caseInOwnProfile: { context: Omit<CaseContext, 'hosts'>; observeCase: TestFixtures['observeCase'] };
  /**
   * Launches a browser of the test's own on a fresh profile, as the worker's browser is launched (its clock, its
   * proxy), that can be restarted on it; closed after the test. `browserVersion` is the worker's browser's.
   */
  launchOwnProfile: (browserVersion: string) => Promise<RestartableProfile>;
  _skipWhatCannotRun: void;
  _caseStartsEmpty: { visitor: Visitor; leavesCookiesOn(domains: string[]): void };
  _observedRows: Set<string>;
}

/**
 * The visitor a worker's tests take in turn (undefined until one needs it, and after one left it unfit), and how to
 * open another.
 */
interface Kept {
  visitor?: PlaywrightVisitor | WebDriverVisitor;
  open(baseURL: string): Promise<PlaywrightVisitor | WebDriverVisitor>;
}

interface WorkerFixtures {
  _clockLibrary: ClockLibrary;
  _workerClock: BrowserClock;
  _laneBrowser: { lane: 'playwright'; browser: PlaywrightLaneBrowser } | { lane: 'webdriver'; browser: WebDriverBrowser } | { lane: 'chromium-profile'; profile: BrowserContext };
  /** The worker's case server: the proxy every browser of the worker sends the case hosts to. */
  _caseServer: CaseServer;
  /**
   * One page in one context (or one WebDriver session) that the worker's cases and the tests of no matrix row take
   * in turn, opened by the first (see keptVisitor); none in the regular profile, which runs matrix rows alone.
   */
  _workerVisitor: Kept | undefined;
}

export const test = base.extend<TestFixtures, WorkerOptions & WorkerFixtures>({
  lane: ['playwright', { scope: 'worker', option: true }],
  browserChoice: [{ available: true, description: 'default', engine: 'unknown', driver: 'unknown' }, { scope: 'worker', option: true }],
  httpsURL: [undefined, { scope: 'worker', option: true }],
  chromiumPreferences: [undefined, { scope: 'worker', option: true }],

  // A missing browser, or a Playwright-only spec on the WebDriver lane, is reported as not run, never as passed.
  _skipWhatCannotRun: [
    async ({ browserChoice, lane }, use, testInfo) => {
      if (!browserChoice.available) test.skip(true, `browser not installed: ${browserChoice.reason}. Install with: ${browserChoice.install}`);
      test.skip(lane === 'webdriver' && testInfo.tags.includes('@playwright-only'), "does not apply to the WebDriver lane: it uses Playwright's page API");
      await use();
    },
    { auto: true },
  ],

  _clockLibrary: [async ({}, use) => use(builtClockLibrary()), { scope: 'worker' }],

  // One offset file per worker: the browsers of one worker share one clock, so workers never share a file.
  _workerClock: [
    async ({}, use, workerInfo) => {
      const clock = new BrowserClock(`worker-${workerInfo.workerIndex}`);
      await use(clock);
      clock.dispose();
    },
    { scope: 'worker' },
  ],

  // The case files' server, started before the worker's browser, which sends the case hosts to it.
  _caseServer: [
    async ({}, use) => {
      const cert = readFileSync(process.env[CERTIFICATE_VARIABLES.cert]!, 'utf8');
      const key = readFileSync(process.env[CERTIFICATE_VARIABLES.key]!, 'utf8');
      const server = await startCaseServer({ files: loadCaseFiles(caseFilePaths()), cert, key });
      try {
        await use(server);
      } finally {
        await server.close();
      }
    },
    { scope: 'worker' },
  ],

  // Every browser of the worker is launched with the clock library preloaded, and the case hosts behind the proxy.
  launchOptions: [
    async ({ launchOptions, browserName, _clockLibrary, _workerClock, _caseServer }, use) => {
      const options = proxyLaunchOptions(browserName, _caseServer.proxyURL, launchOptions);
      if (!_clockLibrary.available) return use(options);
      await use({ ...options, env: { ...process.env, ...options.env, ..._workerClock.env(_clockLibrary.path) } });
    },
    { scope: 'worker' },
  ],

  // The worker's browser, launched the way its lane drives it.
  _laneBrowser: [
    async ({ lane, playwright, browserName, headless, launchOptions, chromiumPreferences, _clockLibrary, _workerClock, _caseServer }, use) => {
      if (lane === 'webdriver') {
        const env = { ...proxyEnvironment(_caseServer.proxyURL), ...(_clockLibrary.available ? _workerClock.env(_clockLibrary.path) : {}) };
        const browser = await startWebDriverBrowser({ env, headed: !headless });
        try {
          await use({ lane, browser });
        } finally {
          await browser.close();
        }
        return;
      }
      if (chromiumPreferences) {
        const { profile, close } = await launchChromiumProfile(playwright.chromium, launchOptions, chromiumPreferences);
        try {
          await use({ lane: 'chromium-profile', profile });
        } finally {
          await close();
        }
        return;
      }
      // Launch options, the clock's environment included, were set as defaults by Playwright's _browserOptions.
      const browser = await launchPlaywrightBrowser(playwright[browserName]);
      try {
        await use({ lane, browser });
      } finally {
        await browser.close();
      }
    },
    { scope: 'worker', timeout: 0 },
  ],

  // Playwright-only specs (tagged @playwright-only) use the same browser as the visitor.
  browser: [
    async ({ _laneBrowser }, use) => {
      if (_laneBrowser.lane !== 'playwright') throw new Error(`The ${_laneBrowser.lane} lane has no Playwright browser: tag specs that need one @playwright-only.`);
      await use(await _laneBrowser.browser.current());
    },
    { scope: 'worker', timeout: 0 },
  ],

  // A fresh context (or WebDriver session) for a matrix row: in a context that earlier tests had used, Firefox sent
  // top-level a third-party cookie that a fresh one keeps partitioned, so more than cookies outlives a test. The
  // other specs stay on the server's own two sites and take the worker's visitor in turn, emptied on them after each.
  // Context options from the config are applied by Playwright to every new context, the worker's too.
  visitor: async ({ _laneBrowser, _workerVisitor, baseURL }, use, testInfo) => {
    if (_workerVisitor && !testInfo.tags.includes('@matrix')) {
      const { hostname } = new URL(baseURL!);
      const hosts = [hostname, otherSite(hostname)].filter((host) => host !== undefined);
      const pageOn = (host: string) => Object.assign(new URL('/', baseURL), { hostname: host }).href;
      const visitor = await keptVisitor(_workerVisitor, baseURL!, hosts.map(pageOn));
      // A spec starts on about:blank, as a fresh page does, and no script of the last test's page runs on.
      await visitor.goto('about:blank');
      await use(visitor);
      await leaveKept(_workerVisitor, testInfo, (left) => left.clearCookiesOn(hosts, pageOn));
      return;
    }
    const visitor =
      _laneBrowser.lane === 'chromium-profile' ? await PlaywrightVisitor.inChromiumProfile(_laneBrowser.profile, baseURL!) : await _laneBrowser.browser.newVisitor(baseURL!);
    try {
      await use(visitor);
    } finally {
      await visitor.close();
    }
  },

  _workerVisitor: [
    async ({ _laneBrowser }, use) => {
      const lane = _laneBrowser;
      if (lane.lane === 'chromium-profile') return use(undefined);
      const kept: Kept = { open: (baseURL) => lane.browser.newVisitor(baseURL) };
      try {
        await use(kept);
      } finally {
        await kept.visitor?.close();
      }
    },
    { scope: 'worker' },
  ],

  // A case's visitor. Each case empties the store it leaves, at its end, as the next case relies on: the worker's
  // shared context emptied, or the WebDriver session emptied on every host the case said it could leave cookies on;
  // where those are not known or not all case hosts, or the case failed, the next case gets a fresh visitor. So the
  // next case, and "Nothing is left for the next case", meet the store as the last case's emptying left it.
  _caseStartsEmpty: async ({ _workerVisitor, _laneBrowser, _caseServer }, use, testInfo) => {
    test.skip(_laneBrowser.lane === 'chromium-profile', CASES_ELSEWHERE);
    if (!_workerVisitor) throw new Error(`The ${_laneBrowser.lane} lane has no case visitor`);
    // Case steps name whole URLs; a path would be resolved against the server under test.
    const serverURL = process.env[SERVER_URL_VARIABLES.http] ?? 'http://localhost/';
    const visitor = await keptVisitor(_workerVisitor, serverURL);
    // Unknown until this case says: a case that fails before saying leaves the next one a fresh visitor.
    let leftOn: string[] | undefined;
    await use({ visitor, leavesCookiesOn: (domains) => (leftOn = domains) });
    // A Domain that is no case host has no page to empty it from.
    const emptyPage = (domain: string) => (_caseServer.hosts.has(domain) ? `https://${domain}${HARNESS_PATH}empty` : undefined);
    await leaveKept(_workerVisitor, testInfo, async (left) => leftOn !== undefined && left.clearCookiesOn(leftOn, emptyPage));
  },

  caseContext: async ({ _caseStartsEmpty, _caseServer, _clockLibrary, _workerClock }, use) => {
    _workerClock.reset();
    const { visitor, leavesCookiesOn } = _caseStartsEmpty;
    await use({ visitor, server: _caseServer, ...caseClock(_clockLibrary, _workerClock), leavesCookiesOn });
    _workerClock.reset();
  },

  observeCase: async ({ browserChoice, _caseStartsEmpty, _observedRows }, use, testInfo) => use(observer(testInfo, browserChoice, _caseStartsEmpty.visitor, _observedRows)),

  // The worker's shared case store is left alone: the case's profile is its own, and is removed after it.
  caseInOwnProfile: [
    async ({ _laneBrowser, _workerVisitor, _caseServer, _clockLibrary, _workerClock, browserChoice, _observedRows, launchOwnProfile, baseURL }, use, testInfo) => {
      test.skip(_laneBrowser.lane === 'webdriver', WEBDRIVER_KEEPS_NO_PROFILE);
      test.skip(_laneBrowser.lane === 'chromium-profile', CASES_ELSEWHERE);
      if (!_workerVisitor) throw new Error(`The ${_laneBrowser.lane} lane runs no case`);
      // The same executable as the worker's visitor, whose version it reports.
      const profile = await launchOwnProfile((await openKept(_workerVisitor, baseURL!)).browserVersion);
      _workerClock.reset();
      const context = { visitor: profile.visitor, server: _caseServer, ...caseClock(_clockLibrary, _workerClock), restart: () => profile.restart() };
      await use({ context, observeCase: observer(testInfo, browserChoice, profile.visitor, _observedRows) });
      _workerClock.reset();
    },
    { timeout: 2 * LAUNCH_BUDGET_MS },
  ],

  launchOwnProfile: [
    async ({ _laneBrowser, playwright, browserName, launchOptions, channel, headless, chromiumPreferences, baseURL }, use) => {
      const launched: RestartableProfile[] = [];
      await use(async (browserVersion) => {
        if (_laneBrowser.lane === 'webdriver') throw new Error(WEBDRIVER_KEEPS_NO_PROFILE);
        const settings = { launchOptions, channel, headless, baseURL: baseURL!, browserVersion, chromiumPreferences };
        const profile = await launchRestartableProfile(playwright[browserName], settings);
        launched.push(profile);
        return profile;
      });
      for (const profile of launched) await profile.close();
    },
    { timeout: 2 * LAUNCH_BUDGET_MS },
  ],

  restoredVisitor: async ({ _laneBrowser, baseURL }, use) => {
    const opened: { close(): Promise<void> }[] = [];
    await use(async (saved) => {
      if (_laneBrowser.lane === 'chromium-profile') {
        test.skip(true, 'this project runs one regular profile per worker, which has no second context to restore a session into');
      }
      if (_laneBrowser.lane === 'webdriver') {
        const visitor = await _laneBrowser.browser.newVisitor(baseURL!);
        opened.push(visitor);
        await visitor.restoreSession(saved);
        return visitor;
      }
      if (!('storageState' in saved) || _laneBrowser.lane !== 'playwright') throw new Error('Playwright restores only a storage state it saved');
      const visitor = await _laneBrowser.browser.newVisitor(baseURL, { storageState: saved.storageState });
      opened.push(visitor);
      return visitor;
    });
    for (const visitor of opened) await visitor.close();
  },

  browserClock: async ({ _clockLibrary, _workerClock, visitor }, use) => {
    test.skip(!_clockLibrary.available, `the browser clock cannot run here: ${_clockLibrary.available || _clockLibrary.reason}`);
    _workerClock.reset();
    // Only at real time: the wait writes a marker cookie, and in Firefox a cookie created on a moved clock dates
    // every later cookie of that browser process, other tests' too. Specs create their cookies before moving it.
    const scriptWritesLanded = async () => {
      if (!_workerClock.moved) await waitForScriptCookieWrites(visitor, '/echo');
    };
    await use({
      advance: async (duration) => {
        await scriptWritesLanded();
        _workerClock.advance(duration);
      },
      setTo: async (instantMs) => {
        await scriptWritesLanded();
        _workerClock.setTo(instantMs);
      },
      now: () => _workerClock.now(),
    });
    _workerClock.reset();
  },

  expectations: async ({ visitor, browserChoice }, use, testInfo) => {
    const lane = laneOf(browserChoice);
    // Boxed, and awaited in an async function, as in observe().
    await use({
      check: async (id, observed) => {
        await test.step(`expect ${id}`, async () => judgeSoftly(lane, id, observed, visitor.browserVersion, testInfo), { box: true });
      },
    });
  },

  // Fail closed: a test that declares a row and ends without observing it fails, instead of leaving a blank cell.
  _observedRows: [
    async ({}, use, testInfo) => {
      const observed = new Set<string>();
      await use(observed);
      const missing = declaredRowIds(testInfo.annotations).filter((id) => !observed.has(id));
      if (missing.length > 0 && testInfo.status === 'passed') {
        throw new Error(`The test declares the matrix rows ${missing.join(', ')} with matrixRows() and never observed them: call observe() for each.`);
      }
    },
    { auto: true },
  ],

  observe: async ({ visitor, browserChoice, _observedRows }, use, testInfo) => use(observer(testInfo, browserChoice, visitor, _observedRows)),

  otherHostURL: async ({ baseURL }, use) => use(onTheOtherSite(baseURL!)),

  cookiesSentWith: async ({ request }, use) => {
    await use(async (id) => {
      const response = await request.get(`/beacon/${id}`);
      expect(response.ok(), `the server recorded no request with the id ${id}`).toBe(true);
      const { cookieHeader } = (await response.json()) as { cookieHeader: string | null };
      return cookiePairs(cookieHeader)
        .map(({ name }) => name)
        .sort();
    });
  },

  sites: async ({ baseURL, httpsURL }, use) => {
    test.skip(!httpsURL, 'needs the server over HTTPS too: with BASE_URL, set BASE_URL_HTTPS');
    const [httpA, httpsA] = [siteA(baseURL!), siteA(httpsURL!)];
    await use({ httpA, httpB: onTheOtherSite(httpA), httpsA, httpsB: onTheOtherSite(httpsA) });
  },
});

export { expect };
export { carries, cookieHeaderSentTo, received, valuesIn } from './cookie-header.ts';
export { matrixRows, scriptWrites, setCookieLines, type MatrixRowDetails } from './matrix-rows.ts';

/**
 * The observe() of a test in a visitor: records what the browser did for a declared row and checks it against the
 * lane's expectation (softly); a row the lane's file does not list is recorded as unverified.
 */
function observer(testInfo: TestInfo, browserChoice: BrowserChoice, visitor: Visitor, observedRows: Set<string>) {
  if (browserChoice.available) testInfo.annotations.push({ type: MATRIX_ENGINE, description: `${visitor.browserVersion}, ${browserChoice.description}` });
  const lane = laneOf(browserChoice);
  // A boxed step: a failure inside points at the spec line that called observe(), not at this file. Playwright
  // takes that line from the async stack, one frame above the function that awaits the step: keep it async.
  return async (id: string, observed: Observation, about?: CookiesAbout, judgement?: CaseJudgement) => {
    await test.step(
      `observe ${id}`,
      async () => {
        if (!declaredRowIds(testInfo.annotations).includes(id)) throw new Error(`Declare the row ${id} on this test with matrixRows() before observing it`);
        if (observedRows.has(id)) throw new Error(`The row ${id} was already observed in this test: observe each row once`);
        const value = inDeclaredShape(testInfo.annotations, id, observed);
        observedRows.add(id);
        const stated = about && (await visitor.statedAbout(about));
        const statement = !stated ? {} : 'unheard' in stated ? { unheard: stated.unheard } : { stated: stated.reasons };
        const expected = judgement ? { expectedIn: judgement.expectedIn, expectation: judgement.expectation } : { expectedIn: EXPECTATIONS.expectedIn(lane, id), expectation: expectationOf(lane, id) };
        const observation: MatrixObservation = { id, observed: value, engine: lane.engine, version: visitor.browserVersion, ...expected, ...statement };
        await testInfo.attach(MATRIX_OBSERVATION, { body: JSON.stringify(observation), contentType: 'application/json' });
        if (judgement) judgeCaseSoftly(judgement, value);
        else judgeSoftly(lane, id, value, visitor.browserVersion, testInfo);
      },
      { box: true },
    );
  };
}

/** The worker's kept visitor, opened if no test has yet (or the last one left it unfit). */
async function openKept(kept: Kept, baseURL: string): Promise<PlaywrightVisitor | WebDriverVisitor> {
  kept.visitor ??= await kept.open(baseURL);
  return kept.visitor;
}

/** Closes the worker's kept visitor: the next test opens a fresh one. */
async function dropKept(kept: Kept): Promise<void> {
  const visitor = kept.visitor;
  kept.visitor = undefined;
  await visitor?.close().catch(() => {});
}

/**
 * The worker's kept visitor, readied for a test (nextVisit), and with `sitePages` first
 * checked to hold no cookie on those pages' sites (fail closed: what an earlier test left would decide this one). One
 * that cannot be readied (its browser died, say) is replaced; one that holds cookies is dropped, and the test fails.
 */
async function keptVisitor(kept: Kept, baseURL: string, sitePages: string[] = []): Promise<PlaywrightVisitor | WebDriverVisitor> {
  const visitor = await openKept(kept, baseURL);
  try {
    const left = sitePages.length > 0 ? await visitor.storeCookies(sitePages) : [];
    if (left.length > 0) {
      await dropKept(kept);
      throw new CookiesLeft(`The worker's browser still holds cookies an earlier test left: ${left.map(({ name, domain }) => `${name} (${domain})`).join(', ')}`);
    }
    await visitor.nextVisit(baseURL);
    return visitor;
  } catch (error) {
    if (error instanceof CookiesLeft) throw error;
    await dropKept(kept);
    const fresh = await openKept(kept, baseURL);
    await fresh.nextVisit(baseURL);
    return fresh;
  }
}

class CookiesLeft extends Error {}

/**
 * After a test in the kept visitor: `empty` empties its store for the next, saying whether it could. After a test
 * that did not end as expected, or where the store could not be emptied, the visitor is closed and the next test
 * opens a fresh one.
 */
async function leaveKept(kept: Kept, testInfo: TestInfo, empty: (visitor: PlaywrightVisitor | WebDriverVisitor) => Promise<boolean>): Promise<void> {
  const visitor = kept.visitor;
  if (!visitor) return;
  const emptied = testInfo.status === testInfo.expectedStatus && (await empty(visitor).catch(() => false));
  if (!emptied) await dropKept(kept);
}

/** A case's clock: `advance` moves the worker's browser clock, or fails the case where it cannot move. */
function caseClock(clockLibrary: ClockLibrary, clock: BrowserClock): Pick<CaseContext, 'advance' | 'now'> {
  const advance = (duration: string) => {
    if (!clockLibrary.available) throw new Error(`this case moves the browser clock, which cannot run here: ${clockLibrary.reason}`);
    clock.advance(duration as Duration);
  };
  return { advance, now: () => clock.now() };
}

/** Site A of the server (localhost), whichever of its two names the URL uses: only site B may read its record.json. */
function siteA(url: string): string {
  return new URL(url).hostname === 'localhost' ? new URL(url).origin : onTheOtherSite(url);
}

/** The same server seen as the other site: localhost and 127.0.0.1 swap. Skips the test for any other host. */
function onTheOtherSite(url: string): string {
  const other = new URL(url);
  const otherName = otherSite(other.hostname);
  // Only a loopback server is known to answer under a second name on the same port (a BASE_URL elsewhere may not).
  test.skip(!otherName, `needs the server under test on a second host name at the same port, which only localhost and 127.0.0.1 give; it is on ${other.hostname}`);
  other.hostname = otherName!;
  return other.origin;
}

