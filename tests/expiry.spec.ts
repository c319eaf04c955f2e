import type { Visitor } from '../harness/lanes/visitor.ts';
import { expect, received, test } from './support/fixtures.ts';

// Page script runs a few milliseconds after the clock moved; this is room for that, far below any expiry tested.
const SCRIPT_DELAY_MS = 5_000;

/**
 * document.cookie of a page loaded after the clock moved: Chromium's renderer keeps serving
 * document.cookie from a cache that passing time does not invalidate.
 */
async function scriptCookiesOnAFreshPage(visitor: Visitor): Promise<string> {
  await visitor.open('/');
  return visitor.run(() => document.cookie);
}

test.beforeEach(async ({ browserClock: _startsAtRealTime, visitor }) => {
  await visitor.open('/setcookie');
});

test('should keep the cookie at 30 days minus one minute', async ({ visitor, browserClock }) => {
  await browserClock.advance({ days: 30, minutes: -1 });

  expect(await visitor.cookies()).toEqual([expect.objectContaining({ name: 'username', value: 'Cobby' })]);
  expect(received(await visitor.open('/echo'))).toEqual({ cookieHeader: 'username=Cobby', cookies: { username: 'Cobby' } });
  expect(await visitor.open('/')).toBe('Welcome back, Cobby!');
});

test('should expire the cookie at 30 days plus one second', async ({ visitor, browserClock, expectations }) => {
  await browserClock.advance({ days: 30, seconds: 1 });

  expect(received(await visitor.open('/echo'))).toEqual({ cookieHeader: null, cookies: {} });
  expect(await visitor.open('/getcookie')).toBe('No cookie found!');
  expect(await visitor.open('/')).toBe('Hello, Guest!');
  const stored = (await visitor.cookies()).map(({ name }) => name);
  expect(stored.filter((name) => name !== 'username')).toEqual([]);
  await expectations.check('lists-expired-cookies', stored.includes('username'));
});

test('should not expire a session cookie by moving the clock', async ({ visitor, browserClock }) => {
  await visitor.run(() => {
    document.cookie = 'session=yes; path=/';
  });
  await browserClock.advance('365d');

  expect(await scriptCookiesOnAFreshPage(visitor)).toBe('session=yes');
});

test('should expire a cookie set by page script with max-age', async ({ visitor, browserClock }) => {
  await visitor.run(() => {
    document.cookie = 'theme=dark; path=/; max-age=60';
  });
  await browserClock.advance('59s');
  expect(await scriptCookiesOnAFreshPage(visitor)).toBe('theme=dark');

  await browserClock.advance('2s');
  expect(await scriptCookiesOnAFreshPage(visitor)).toBe('');
});

test('should move Date.now() inside the page by the same amount', async ({ visitor, browserClock }) => {
  const before = await visitor.run(() => Date.now());
  await browserClock.advance('30d');
  const after = await visitor.run(() => Date.now());

  expect(after - before).toBeGreaterThanOrEqual(30 * 24 * 60 * 60 * 1000);
  expect(after - before).toBeLessThan(30 * 24 * 60 * 60 * 1000 + SCRIPT_DELAY_MS);
  expect(Math.abs(after - browserClock.now())).toBeLessThan(SCRIPT_DELAY_MS);
});

test("should not expire the cookie with Playwright's page.clock alone", { tag: '@playwright-only' }, async ({ page }) => {
  await page.clock.install();
  await page.goto('/setcookie');
  // page.clock moves Date and timers inside the page only; the cookie store keeps real time.
  await page.clock.setSystemTime(Date.now() + 31 * 24 * 60 * 60 * 1000);
  await page.goto('/echo');
  expect(received(await page.locator('body').innerText())).toEqual({ cookieHeader: 'username=Cobby', cookies: { username: 'Cobby' } });
});
