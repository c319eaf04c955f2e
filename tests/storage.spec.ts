import { DAY_MS } from '../harness/clock/browser-clock.ts';
import { expectExpiry } from './support/expiry.ts';
import { expect, test } from './support/fixtures.ts';

const THIRTY_DAYS_MS = 30 * DAY_MS;
// Stores keep whole seconds (WebDriver) or fractions (Playwright); allow for the rounding.
const EXPIRY_TOLERANCE_MS = 2000;
// Where the username cookie comes from, as a failure names it.
const SET_BY = 'GET /setcookie in server/app.ts';

test('should store the username cookie for 30 days, HttpOnly and SameSite=Lax', async ({ visitor, baseURL }) => {
  const before = Date.now();
  expect(await visitor.open('/setcookie')).toBe('Cookie has been set!');
  const after = Date.now();

  const cookies = await visitor.cookies();
  expect(cookies).toEqual([
    { name: 'username', value: 'Cobby', domain: new URL(baseURL!).hostname, path: '/', expires: expect.any(Number), httpOnly: true, secure: false, sameSite: 'Lax' },
  ]);
  expectExpiry(cookies[0]!).toExpireAfter({ lifetimeMs: THIRTY_DAYS_MS, setBetween: [before, after], toleranceMs: EXPIRY_TOLERANCE_MS, setBy: SET_BY });
});

test('should hide the HttpOnly cookie from page script', async ({ visitor }) => {
  await visitor.open('/setcookie');
  expect(await visitor.run(() => document.cookie)).toBe('');
});

test('should store a cookie set by page script', async ({ visitor, expectations, baseURL }) => {
  await visitor.open('/');
  await visitor.run(() => {
    document.cookie = 'theme=dark; path=/';
  });

  expect(await visitor.run(() => document.cookie)).toBe('theme=dark');
  const cookies = await visitor.cookies();
  // The SameSite reported is the driver's to say: checked against its expectation below.
  expect(cookies).toEqual([{ name: 'theme', value: 'dark', domain: new URL(baseURL!).hostname, path: '/', expires: -1, httpOnly: false, secure: false, sameSite: expect.any(String) }]);
  await expectations.check('default-samesite-reported', cookies[0]!.sameSite);
});

test('should store a username given in the query string and greet it back', async ({ visitor }) => {
  expect(await visitor.open('/setcookie?username=Ada%20Lovelace')).toBe('Cookie has been set!');
  expect(await visitor.cookies()).toEqual([expect.objectContaining({ name: 'username', value: 'Ada%20Lovelace' })]);
  expect(await visitor.open('/')).toBe('Welcome back, Ada Lovelace!');
});
