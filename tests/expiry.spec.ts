import { DAY_MS } from '../harness/clock/browser-clock.ts';
import { waitUntil } from '../harness/processes/wait-until.ts';
import type { StoredCookie, Visitor } from '../harness/lanes/visitor.ts';
import { expectExpiry } from './support/expiry.ts';
import { expect, received, test, type BrowserClockControl } from './support/fixtures.ts';

// How long before its expiry a cookie is checked to be still there. The browser's clock runs on after it is set, so
// this must outlast the check: it is longer than a test may take (Playwright's 30 s), so no load eats it unnoticed.
const KEPT_BEFORE_EXPIRY_MS = 60_000;
// Past the expiry: WebDriver reports a cookie's expiry in whole seconds.
const GONE_AFTER_EXPIRY_MS = 1_000;
// How long the store may take to list a cookie that page script wrote.
const STORE_TIMEOUT_MS = 10_000;

/**
 * document.cookie of a page loaded after the clock moved: Chromium's renderer keeps serving
 * document.cookie from a cache that passing time does not invalidate.
 */
async function scriptCookiesOnAFreshPage(visitor: Visitor): Promise<string> {
  await visitor.open('/');
  return visitor.run(() => document.cookie);
}

/** The cookie as the browser's store lists it, once it does. */
function storedCookie(visitor: Visitor, name: string): Promise<StoredCookie> {
  return waitUntil(async () => (await visitor.cookies()).find((stored) => stored.name === name), STORE_TIMEOUT_MS, `The store did not list the cookie ${name}`);
}

/**
 * Sets a cookie (by `set`, which `setBy` names in a failure) and returns when the store says it expires, in
 * milliseconds since the epoch, checked to be `lifetimeMs` after the browser time it was set at. The specs move the
 * clock relative to this instant, so the real time that passed since the cookie was set does not count.
 */
async function expiryOfNewCookie(visitor: Visitor, browserClock: BrowserClockControl, name: string, lifetimeMs: number, setBy: string, set: () => Promise<unknown>): Promise<number> {
  const before = browserClock.now();
  await set();
  const cookie = await storedCookie(visitor, name);
  // The store may date the cookie any time until it lists it, and reports whole seconds in some lanes.
  expectExpiry(cookie).toExpireAfter({ lifetimeMs, setBetween: [before, browserClock.now()], toleranceMs: GONE_AFTER_EXPIRY_MS, setBy });
  return cookie.expires * 1000;
}

/** The server's username cookie, whose Max-Age is 30 days. */
function setThirtyDayCookie(visitor: Visitor, browserClock: BrowserClockControl): Promise<number> {
  return expiryOfNewCookie(visitor, browserClock, 'username', 30 * DAY_MS, 'GET /setcookie in server/app.ts', () => visitor.open('/setcookie'));
}

test('should keep the cookie until just before 30 days', async ({ visitor, browserClock }) => {
  const expires = await setThirtyDayCookie(visitor, browserClock);
  await browserClock.setTo(expires - KEPT_BEFORE_EXPIRY_MS);

  expect(await visitor.cookies()).toEqual([expect.objectContaining({ name: 'username', value: 'Cobby' })]);
  expect(received(await visitor.open('/echo'))).toEqual({ cookieHeader: 'username=Cobby', cookies: { username: 'Cobby' } });
  expect(await visitor.open('/')).toBe('Welcome back, Cobby!');
});

test('should expire the cookie at 30 days', async ({ visitor, browserClock, expectations }) => {
  const expires = await setThirtyDayCookie(visitor, browserClock);
  await browserClock.setTo(expires + GONE_AFTER_EXPIRY_MS);

  expect(received(await visitor.open('/echo'))).toEqual({ cookieHeader: null, cookies: {} });
  expect(await visitor.open('/getcookie')).toBe('No cookie found!');
  expect(await visitor.open('/')).toBe('Hello, Guest!');
  const stored = (await visitor.cookies()).map(({ name }) => name);
  expect(stored.filter((name) => name !== 'username')).toEqual([]);
  await expectations.check('lists-expired-cookies', stored.includes('username'));
});

test('should not expire a session cookie by moving the clock', async ({ visitor, browserClock }) => {
  await visitor.open('/');
  await visitor.run(() => {
    document.cookie = 'session=yes; path=/';
  });
  await browserClock.advance('365d');

  expect(await scriptCookiesOnAFreshPage(visitor)).toBe('session=yes');
});

test('should expire a cookie set by page script with max-age', async ({ visitor, browserClock }) => {
  await visitor.open('/');
  const expires = await expiryOfNewCookie(visitor, browserClock, 'theme', 3600 * 1000, "page script (document.cookie = 'theme=dark; path=/; max-age=3600')", () =>
    visitor.run(() => {
      document.cookie = 'theme=dark; path=/; max-age=3600';
    }),
  );
  await browserClock.setTo(expires - KEPT_BEFORE_EXPIRY_MS);
  expect(await scriptCookiesOnAFreshPage(visitor)).toBe('theme=dark');

  await browserClock.setTo(expires + GONE_AFTER_EXPIRY_MS);
  expect(await scriptCookiesOnAFreshPage(visitor)).toBe('');
});

test('should move Date.now() inside the page by the same amount', async ({ visitor, browserClock }) => {
  await visitor.open('/');
  const realStart = Date.now();
  const before = await visitor.run(() => Date.now());
  await browserClock.advance('30d');
  const after = await visitor.run(() => Date.now());
  const browserNow = browserClock.now();
  const realElapsed = Date.now() - realStart;

  // The page moved by 30 days plus the real time between its two readings, which is within the real time measured
  // around them: bounds that load widens, never breaks.
  expect(after - before - 30 * DAY_MS).toBeGreaterThanOrEqual(0);
  expect(after - before - 30 * DAY_MS).toBeLessThanOrEqual(realElapsed);
  expect(browserNow - after).toBeGreaterThanOrEqual(0);
  expect(browserNow - after).toBeLessThanOrEqual(realElapsed);
});

test("should not expire the cookie with Playwright's page.clock alone", { tag: '@playwright-only' }, async ({ page }) => {
  await page.clock.install();
  await page.goto('/setcookie');
  // page.clock moves Date and timers inside the page only; the cookie store keeps real time.
  await page.clock.setSystemTime(Date.now() + 31 * DAY_MS);
  await page.goto('/echo');
  expect(received(await page.locator('body').innerText())).toEqual({ cookieHeader: 'username=Cobby', cookies: { username: 'Cobby' } });
});
