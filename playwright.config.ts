import os from 'node:os';
import { defineConfig, devices } from '@playwright/test';
import { caseFilePaths } from './harness/cases/load.ts';
import { browserChoices, type BrowserChoice } from './harness/lanes/browser-choice.ts';
import { SERVER_URL_VARIABLES } from './harness/run/server-under-test.ts';
import type { WorkerOptions } from './tests/support/fixtures.ts';

const NO_BROWSER = 'no-browser/**';
// The matrix page is the harness's own HTML, not a cookie behaviour: Chromium alone reads it.
const HARNESS_PAGE = 'report-page.spec.ts';
const browsers = browserChoices();

/** Project settings for a browser Playwright drives: its own build, or the system browser standing in for it. */
function drivenByPlaywright(choice: BrowserChoice) {
  if (!choice.available) return { browserChoice: choice };
  return { browserChoice: choice, channel: choice.channel, launchOptions: choice.launchOptions ?? {} };
}

/** Chromium judged by its own expectation file, expectations/blink-third-party-allowed.json: blink with that setting. */
function thirdPartyAllowed(choice: BrowserChoice): BrowserChoice {
  return choice.available ? { ...choice, engine: 'blink-third-party-allowed' } : choice;
}

export default defineConfig<object, WorkerOptions>({
  testDir: './tests',
  // Prints which browser each project runs, builds the clock library, enforces REQUIRE_BROWSERS, and starts the
  // server under test on a free port (or PORT); its teardown ends the server.
  globalSetup: './harness/run/global-setup.ts',
  // Tests run in parallel. Each matrix row gets a fresh browser context (or WebDriver session; a page of the worker's
  // one profile in chromium-third-party-allowed); the other specs and the case files take one page of the worker in
  // turn, its store emptied after each (docs/lanes.md, "What a test starts from").
  fullyParallel: true,
  // At least two workers: on two cores the suite took 7.0 min at Playwright's default of one and 5.1 at two, the
  // browsers keeping both cores busy (docs/benchmark.md). More cores, half of them, as by default.
  workers: Math.max(2, Math.floor(os.availableParallelism() / 2)),
  // A stray test.only fails the run on CI.
  forbidOnly: !!process.env.CI,
  // Retry on CI only, and only to collect a trace: a test that passes on retry is reported as flaky.
  retries: process.env.CI ? 1 : 0,
  // A terminal reporter, the HTML report (npm run report), the behaviour matrix (npm run matrix), the run's times
  // for npm run bench, and last, why tests were skipped.
  reporter: [
    [process.env.CI ? 'dot' : 'list'],
    ['html', { open: 'never' }],
    ['./harness/matrix/reporter.ts', { caseFiles: caseFilePaths() }],
    ['./harness/run/suite-times.ts'],
    ['./harness/run/skip-summary.ts'],
  ],
  use: {
    // Set by the global setup, which runs before the workers load this file.
    baseURL: process.env[SERVER_URL_VARIABLES.http],
    httpsURL: process.env[SERVER_URL_VARIABLES.https],
    // The run's HTTPS certificate is not trusted: accepting it changes no cookie behaviour (docs/lanes.md, "HTTPS").
    ignoreHTTPSErrors: true,
    // A trace on the first retry (CI retries once): recording one for every test cost 14-25% of a lane's time.
    // Locally, rerun a failing test with --trace=on (README, "Headed, one test at a time"). The trace holds the screenshots;
    // taking one on every failure cost about 60 ms on every Chromium test, failing or not.
    trace: 'on-first-retry',
  },
  projects: [
    // Checks that need no browser: the clock library, and the server's answers to bad input.
    { name: 'no-browser', testDir: './tests/no-browser' },
    { name: 'chromium', testIgnore: NO_BROWSER, use: { ...devices['Desktop Chrome'], ...drivenByPlaywright(browsers.chromium) } },
    // The matrix again in Chromium as most Chrome users have it: a regular profile whose setting allows third-party
    // cookies (Settings > Privacy and security > Third-party cookies). Playwright's contexts are off the record and
    // block them, as a fresh Chromium profile does.
    {
      name: 'chromium-third-party-allowed',
      testDir: './tests/matrix',
      use: { ...devices['Desktop Chrome'], ...drivenByPlaywright(thirdPartyAllowed(browsers.chromium)), chromiumPreferences: { profile: { cookie_controls_mode: 0 } } },
    },
    { name: 'firefox', testIgnore: [NO_BROWSER, HARNESS_PAGE], use: { ...devices['Desktop Firefox'], ...drivenByPlaywright(browsers.firefox) } },
    { name: 'webkit', testIgnore: [NO_BROWSER, HARNESS_PAGE], use: { ...devices['Desktop Safari'], ...drivenByPlaywright(browsers.webkit) } },
    // The WebKit engine through WebDriver: WebKitGTK's MiniBrowser (docs/lanes.md; Safari is not supported).
    { name: 'webkitgtk', testIgnore: [NO_BROWSER, HARNESS_PAGE], use: { lane: 'webdriver', browserChoice: browsers.webkitgtk } },
  ],
});
