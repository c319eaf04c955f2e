import { defineConfig, devices } from '@playwright/test';
import { browserChoices, type BrowserChoice } from './harness/browsers.ts';
import { testCertificate } from './harness/test-certificate.ts';
import type { WorkerOptions } from './tests/fixtures.ts';

// The server under test listens here; PORT moves it when 3100 is taken.
const PORT = Number(process.env.PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;
// The same server over HTTPS, with a certificate made for the run (see README, "HTTPS").
const HTTPS_PORT = Number(process.env.HTTPS_PORT ?? PORT + 1);
const HTTPS_URL = `https://localhost:${HTTPS_PORT}`;
const certificate = testCertificate();
const NO_BROWSER = 'no-browser/**';
const browsers = browserChoices();

/** Project settings for a browser Playwright drives: its own build, or the system browser standing in for it. */
function drivenByPlaywright(choice: BrowserChoice) {
  if (!choice.available) return { browserChoice: choice };
  return { browserChoice: choice, channel: choice.channel, launchOptions: choice.launchOptions ?? {} };
}

export default defineConfig<object, WorkerOptions>({
  testDir: './tests',
  // Prints which browser each project runs, builds the clock library, and enforces REQUIRE_BROWSERS.
  globalSetup: './harness/global-setup.ts',
  // Each test gets a fresh browser context (or WebDriver session), so tests run in parallel.
  fullyParallel: true,
  // A stray test.only fails the run on CI.
  forbidOnly: !!process.env.CI,
  // Retry on CI only, and only to collect a trace: a test that passes on retry is reported as flaky.
  retries: process.env.CI ? 1 : 0,
  // A terminal reporter plus the HTML report (npm run report).
  reporter: [[process.env.CI ? 'dot' : 'list'], ['html', { open: 'never' }]],
  use: {
    baseURL: BASE_URL,
    httpsURL: HTTPS_URL,
    // The test certificate is not trusted: accepting it changes no cookie behaviour (README, "HTTPS").
    ignoreHTTPSErrors: true,
    // Keep a trace, screenshot and video of every failing test for the HTML report.
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // Checks that need no browser: the clock library, and the server's answers to bad input.
    { name: 'no-browser', testDir: './tests/no-browser' },
    { name: 'chromium', testIgnore: NO_BROWSER, use: { ...devices['Desktop Chrome'], ...drivenByPlaywright(browsers.chromium) } },
    { name: 'firefox', testIgnore: NO_BROWSER, use: { ...devices['Desktop Firefox'], ...drivenByPlaywright(browsers.firefox) } },
    { name: 'webkit', testIgnore: NO_BROWSER, use: { ...devices['Desktop Safari'], ...drivenByPlaywright(browsers.webkit) } },
    // The WebKit engine through WebDriver: WebKitGTK on Linux, Safari on macOS (see README).
    { name: 'webkitgtk', testIgnore: NO_BROWSER, use: { lane: 'webdriver', browserChoice: browsers.webkitgtk } },
  ],
  webServer: {
    command: 'npx tsx server/main.ts',
    url: BASE_URL,
    env: { PORT: String(PORT), HTTPS_PORT: String(HTTPS_PORT), TLS_CERT_FILE: certificate.certFile, TLS_KEY_FILE: certificate.keyFile, COOKIE_SECRET: 'cookie-harness-test-secret' },
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
