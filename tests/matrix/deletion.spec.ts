import { carries, cookieHeaderSentTo, expect, matrixRows, received, test } from '../support/fixtures.ts';

const NAMES = { 'max-age-zero': 'maxagezero', 'max-age-negative': 'maxagenegative', 'expires-in-past': 'expiresinpast' } as const;

const STILL = 'Still [listed by the store, sent to /echo] after the server answered';

test(
  'should delete stored cookies three ways, set by the server',
  matrixRows({
    'max-age-zero': `${STILL} Max-Age=0 for a stored cookie`,
    'max-age-negative': `${STILL} Max-Age=-1 for a stored cookie`,
    'expires-in-past': `${STILL} an Expires at the epoch for a stored cookie`,
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/cookie-case/deletable-three');
    expect((await visitor.cookies()).map(({ name }) => name).sort()).toEqual(Object.values(NAMES).sort());
    // A fetch is enough for the server's answer: its Set-Cookie headers apply as a page's would.
    expect(await visitor.run(() => fetch('/cookie-case/delete-three-ways').then(({ ok }) => ok))).toBe(true);
    const listed = (await visitor.cookies()).map(({ name }) => name);
    const sent = await cookieHeaderSentTo(visitor, '/echo');

    for (const [id, name] of Object.entries(NAMES) as [keyof typeof NAMES, string][]) {
      await observe(id, [listed.includes(name), carries(sent, name)]);
    }
  },
);

test(
  'should say whether the store still lists a cookie that expired',
  matrixRows({ 'lists-expired-cookies': "The server's 30-day cookie at 30 days plus one second by the browser clock, no longer sent: still listed by the store" }),
  async ({ visitor, browserClock, observe }) => {
    await visitor.open('/setcookie');
    await browserClock.advance({ days: 30, seconds: 1 });
    expect(received(await visitor.open('/echo')).cookieHeader).toBeNull();
    await observe('lists-expired-cookies', (await visitor.cookies()).some(({ name }) => name === 'username'));
  },
);
