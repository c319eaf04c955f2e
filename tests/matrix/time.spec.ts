import { DAY_MS, HOUR_MS } from '../../harness/clock/browser-clock.ts';
import { LAUNCH_BUDGET_MS, WEBDRIVER_KEEPS_NO_PROFILE } from '../../harness/lanes/restartable-profile.ts';
import type { Visitor } from '../../harness/lanes/visitor.ts';
import { LRU_GROUP_SIZE } from '../../server/cookie-cases.ts';
import { cookiePairs } from '../support/cookie-header.ts';
import { wholeDaysUntil } from '../support/expiry.ts';
import { test as base, carries, cookieHeaderSentTo, expect, matrixRows, setCookieLines } from '../support/fixtures.ts';

// A day past the last second of signed 32-bit time (2038-01-19 03:14:07 UTC).
const PAST_2038_MS = Date.UTC(2038, 0, 20);

/** A browser of the test's own: its visitor, and how to restart it on its profile (absent where the lane cannot). */
interface OwnBrowser {
  readonly visitor: Visitor;
  restart?: () => Promise<Visitor>;
}

const test = base.extend<{ ownBrowser: OwnBrowser }>({
  // Playwright's lanes launch a profile of the test's own, with the worker's launch options (the clock's file among
  // them); the WebDriver lane's visitor is a browser of the test's own already, which cannot keep a profile.
  ownBrowser: [
    async ({ lane, visitor, launchOwnProfile }, use) => {
      if (lane === 'webdriver') return use({ visitor });
      await use(await launchOwnProfile(visitor.browserVersion));
    },
    { timeout: 3 * LAUNCH_BUDGET_MS },
  ],
});

test(
  "should read Expires against the browser's clock or the response's Date, two-digit years, and session cookies as days pass",
  matrixRows({
    'expires-vs-server-date-past': {
      title: "Expires 15 days after the response's Date, which is Mon, 01 Jan 2024 00:00:00 GMT, set by the server: sent now, at +14 days and at +16 days, by the browser clock",
      topic: 'Time',
      parts: ['sentNow', 'sentAt14Days', 'sentAt16Days'],
      cookies: [setCookieLines('server-date-past', 'date_past_expires')],
    },
    'expires-vs-server-date-future': {
      title: "Expires 5 days after the response's Date, which is Sun, 01 Jan 2040 00:00:00 GMT, set by the server: sent now, at +4 days and at +6 days",
      topic: 'Time',
      parts: ['sentNow', 'sentAt4Days', 'sentAt6Days'],
      cookies: [setCookieLines('server-date-future')],
    },
    'max-age-vs-server-date': {
      title: "Max-Age=86400 in a response whose Date is Mon, 01 Jan 2024 00:00:00 GMT, set by the server: sent now and at +2 days",
      topic: 'Time',
      parts: ['sentNow', 'sentAt2Days'],
      cookies: [setCookieLines('server-date-past', 'date_past_max_age')],
    },
    'expires-two-digit-year': {
      title: 'Expires with the two-digit years 69 and 70, set by the server: which is kept (sent at once)',
      topic: 'Time',
      parts: ['year69Kept', 'year70Kept'],
      cookies: [setCookieLines('two-digit-years')],
    },
    'session-cookie-ages-not': {
      title: 'A cookie without Expires or Max-Age, set by the server: still sent after the browser clock moves 500 days, the browser running all along',
      topic: 'Time',
      cookies: [setCookieLines('session-only')],
    },
  }),
  async ({ visitor, browserClock, observe }) => {
    for (const name of ['server-date-past', 'server-date-future', 'two-digit-years', 'session-only']) {
      expect(await visitor.open(`/cookie-case/${name}`)).toBe(`Cookie case ${name} has been set.`);
    }
    // Days from the moment every cookie was set, on the browser clock: the real time a step takes never counts.
    const start = browserClock.now();
    const now = await cookieHeaderSentTo(visitor, '/echo');
    const sentAt = async (days: number) => {
      await browserClock.setTo(start + days * DAY_MS);
      return cookieHeaderSentTo(visitor, '/echo');
    };
    const [at2, at4, at6, at14, at16, at500] = [await sentAt(2), await sentAt(4), await sentAt(6), await sentAt(14), await sentAt(16), await sentAt(500)];

    await observe('expires-vs-server-date-past', [carries(now, 'date_past_expires'), carries(at14, 'date_past_expires'), carries(at16, 'date_past_expires')]);
    await observe('expires-vs-server-date-future', [carries(now, 'date_future_expires'), carries(at4, 'date_future_expires'), carries(at6, 'date_future_expires')]);
    await observe('max-age-vs-server-date', [carries(now, 'date_past_max_age'), carries(at2, 'date_past_max_age')]);
    await observe('expires-two-digit-year', [carries(now, 'year69'), carries(now, 'year70')]);
    await observe('session-cookie-ages-not', carries(at500, 'session_ages'));
  },
);

test(
  'should order cookies of one path by creation, an overwrite keeping the creation time it replaces',
  matrixRows({
    'creation-order-after-overwrite': {
      title: 'created_a=1, a minute later created_b=1, two minutes later created_a=2 (same name, domain and path), each set by the server: the Cookie header, in its order',
      topic: 'Time',
      cookies: [setCookieLines('created-a'), setCookieLines('created-b'), setCookieLines('created-a-again')],
    },
  }),
  async ({ visitor, browserClock, observe }) => {
    // An hour back, then forward by minutes: the cookies are created on a moved clock that never gets ahead of real
    // time, since Firefox dates every later cookie of its process by the latest creation time it saw.
    await browserClock.setTo(browserClock.now() - HOUR_MS);
    await visitor.open('/cookie-case/created-a');
    await browserClock.advance('1m');
    await visitor.open('/cookie-case/created-b');
    await browserClock.advance('2m');
    await visitor.open('/cookie-case/created-a-again');
    const header = await cookieHeaderSentTo(visitor, '/echo');
    const created = cookiePairs(header).filter(({ name }) => name.startsWith('created_'));
    await observe('creation-order-after-overwrite', created.map(({ name, value }) => `${name}=${value}`));
  },
);

test(
  'should evict the least recently used cookies of a host past its limit',
  matrixRows({
    'eviction-by-last-access': {
      title: `${LRU_GROUP_SIZE} cookies set by the server (older), ${LRU_GROUP_SIZE} more 10 minutes later (newer), the older read 10 minutes after that, then 1 more (last), on one host: how many of each are kept`,
      topic: 'Time',
      parts: ['olderReadKept', 'newerUnreadKept', 'lastKept'],
      cookies: [setCookieLines('lru-older'), setCookieLines('lru-newer'), setCookieLines('lru-last')],
    },
  }),
  async ({ visitor, browserClock, observe }) => {
    // Back an hour, then forward, as for creation order: never ahead of real time. Minutes apart, since browsers
    // update a cookie's last access only once a minute has passed (Chromium and Firefox).
    await browserClock.setTo(browserClock.now() - HOUR_MS);
    await visitor.open('/cookie-case/lru-older');
    await browserClock.advance('10m');
    await visitor.open('/cookie-case/lru-newer');
    await browserClock.advance('10m');
    // Each group has a path of its own: this request reads the older group alone.
    expect(carries(await cookieHeaderSentTo(visitor, '/echo/lru/older'), 'lru_older_0')).toBe(true);
    await browserClock.advance('10m');
    await visitor.open('/cookie-case/lru-last');
    const kept = async (group: string) => cookiePairs(await cookieHeaderSentTo(visitor, `/echo/lru/${group}`)).filter(({ name }) => name.startsWith(`lru_${group}_`)).length;
    await observe('eviction-by-last-access', [await kept('older'), await kept('newer'), (await kept('last')) === 1]);
  },
);

test(
  'should keep persistent cookies across a restart of the browser on its profile, and drop session cookies',
  matrixRows({
    'restart-keeps-persistent': {
      title: 'Max-Age of 30 days, set by the server, then the browser closed and started again on the same profile: sent after the restart',
      topic: 'Time',
      cookies: [setCookieLines('restart', 'restart_30_days')],
    },
    'restart-drops-session': {
      title: 'A cookie without Expires or Max-Age, set by the server, then the browser closed and started again on the same profile: sent after the restart',
      topic: 'Time',
      cookies: [setCookieLines('restart', 'restart_session')],
    },
    'restart-then-expires': {
      title: 'Max-Age of 30 days, set by the server before a restart of the browser on its profile: sent at +29 days and at +31 days after the restart',
      topic: 'Time',
      parts: ['sentAt29Days', 'sentAt31Days'],
      cookies: [setCookieLines('restart', 'restart_30_days')],
    },
  }),
  async ({ ownBrowser, browserClock, observe }) => {
    test.skip(!ownBrowser.restart, WEBDRIVER_KEEPS_NO_PROFILE);
    test.setTimeout(test.info().timeout + LAUNCH_BUDGET_MS);
    await ownBrowser.visitor.open('/cookie-case/restart');
    const before = await cookieHeaderSentTo(ownBrowser.visitor, '/echo');
    expect([carries(before, 'restart_30_days'), carries(before, 'restart_session')], 'both cookies were sent before the restart').toEqual([true, true]);

    const visitor = await ownBrowser.restart!();
    await visitor.open('/');
    const afterRestart = await cookieHeaderSentTo(visitor, '/echo');
    await observe('restart-keeps-persistent', carries(afterRestart, 'restart_30_days'));
    await observe('restart-drops-session', carries(afterRestart, 'restart_session'));

    const restarted = browserClock.now();
    await browserClock.setTo(restarted + 29 * DAY_MS);
    const at29 = carries(await cookieHeaderSentTo(visitor, '/echo'), 'restart_30_days');
    await browserClock.setTo(restarted + 31 * DAY_MS);
    await observe('restart-then-expires', [at29, carries(await cookieHeaderSentTo(visitor, '/echo'), 'restart_30_days')]);
  },
);

test(
  'should expire by Max-Age with the browser clock past 2038',
  matrixRows({
    'browser-clock-past-2038': {
      title: 'Max-Age of 30 days, set by the server over http:// while the browser clock reads 2038-01-20: sent at once, at +29 days and at +31 days',
      topic: 'Time',
      parts: ['sentNow', 'sentAt29Days', 'sentAt31Days'],
      cookies: [setCookieLines('max-age-30-days')],
    },
    'expiry-reported-past-2038': {
      title: "Max-Age of 30 days, set by the server while the browser clock reads 2038-01-20: the expiry the lane's cookie API reports, in whole days from the browser's now",
      topic: 'Time',
      cookies: [setCookieLines('max-age-30-days')],
    },
  }),
  async ({ ownBrowser, browserClock, observe }) => {
    // In a browser of the test's own: a cookie created in 2038 would date every later cookie of a Firefox process.
    const { visitor } = ownBrowser;
    await browserClock.setTo(PAST_2038_MS);
    expect(await visitor.open('/cookie-case/max-age-30-days')).toBe('Cookie case max-age-30-days has been set.');
    const stored = (await visitor.cookies()).find(({ name }) => name === 'past_2038');
    const expiryDays = wholeDaysUntil(stored?.expires, browserClock.now());
    const sentNow = carries(await cookieHeaderSentTo(visitor, '/echo'), 'past_2038');
    const set = browserClock.now();
    await browserClock.setTo(set + 29 * DAY_MS);
    const at29 = carries(await cookieHeaderSentTo(visitor, '/echo'), 'past_2038');
    await browserClock.setTo(set + 31 * DAY_MS);
    await observe('browser-clock-past-2038', [sentNow, at29, carries(await cookieHeaderSentTo(visitor, '/echo'), 'past_2038')]);
    await observe('expiry-reported-past-2038', expiryDays);
  },
);
