import { wholeDaysUntil } from '../support/expiry.ts';
import { carries, cookieHeaderSentTo, expect, matrixRows, setCookieLines, test } from '../support/fixtures.ts';

/** Which expiry a cookie followed: gone after 61 s (Max-Age=60), gone after 10 days (Expires), or neither. */
function winner(sentAfter61Seconds: boolean, sentAfterTenDays: boolean): string {
  if (!sentAfter61Seconds) return 'max-age';
  return sentAfterTenDays ? 'neither' : 'expires';
}

test(
  'should expire cookies by Max-Age, Expires and the 400-day cap, set by the server',
  matrixRows({
    'max-age-then-expires': {
      title: 'Max-Age=60 then Expires in 10 days, set by the server: which wins, by the browser clock (max-age, expires or neither)',
      topic: 'Expiry',
      cookies: [setCookieLines('expiry-attributes', 'maxagefirst')],
    },
    'expires-then-max-age': {
      title: 'Expires in 10 days then Max-Age=60, set by the server: which wins, by the browser clock (max-age, expires or neither)',
      topic: 'Expiry',
      cookies: [setCookieLines('expiry-attributes', 'expiresfirst')],
    },
    'expiry-capped-400-days': {
      title: 'Max-Age of 500 days, set by the server: the expiry the store reports, in whole days from now, and whether it is sent at +399 and +401 days',
      topic: 'Expiry',
      parts: ['expiryDays', 'sentAt399Days', 'sentAt401Days'],
      cookies: [setCookieLines('expiry-attributes', 'capped')],
    },
  }),
  async ({ visitor, browserClock, observe }) => {
    await visitor.open('/cookie-case/expiry-attributes');
    const stored = await visitor.cookies();
    expect(stored.map(({ name }) => name).sort()).toEqual(['capped', 'expiresfirst', 'maxagefirst']);
    const capped = stored.find(({ name }) => name === 'capped');
    const cappedDays = wholeDaysUntil(capped?.expires, browserClock.now());

    const sentNow = () => cookieHeaderSentTo(visitor, '/echo');
    await browserClock.advance('61s');
    const after61Seconds = await sentNow();
    await browserClock.advance({ days: 10, minutes: 1 });
    const afterTenDays = await sentNow();
    await observe('max-age-then-expires', winner(carries(after61Seconds, 'maxagefirst'), carries(afterTenDays, 'maxagefirst')));
    await observe('expires-then-max-age', winner(carries(after61Seconds, 'expiresfirst'), carries(afterTenDays, 'expiresfirst')));

    await browserClock.advance({ days: 399 - 10 });
    const sentAt399Days = carries(await sentNow(), 'capped');
    await browserClock.advance('2d');
    await observe('expiry-capped-400-days', [cappedDays, sentAt399Days, carries(await sentNow(), 'capped')], { cookies: ['capped'] });
  },
);
