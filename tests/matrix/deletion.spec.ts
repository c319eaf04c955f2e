import { carries, cookieHeaderSentTo, expect, matrixRows, received, setCookieLines, test, type MatrixRowDetails } from '../support/fixtures.ts';

const NAMES = { 'max-age-zero': 'maxagezero', 'max-age-negative': 'maxagenegative', 'expires-in-past': 'expiresinpast' } as const;

/** A row: a stored cookie, then the server's answer that should delete it; is it still listed by the store, still sent to /echo? */
function deletionRow(title: string, name: string): MatrixRowDetails {
  return {
    title,
    topic: 'Expiry',
    parts: ['stillListed', 'stillSent'],
    cookies: [setCookieLines('deletable-three', name), setCookieLines('delete-three-ways', name)],
  };
}

test(
  'should delete stored cookies three ways, set by the server',
  matrixRows({
    'max-age-zero': deletionRow('Max-Age=0 from the server for a stored cookie', NAMES['max-age-zero']),
    'max-age-negative': deletionRow('Max-Age=-1 from the server for a stored cookie', NAMES['max-age-negative']),
    'expires-in-past': deletionRow('An Expires at the epoch from the server for a stored cookie', NAMES['expires-in-past']),
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
  matrixRows({
    // The cookie of GET /setcookie (server/app.ts, written by Express), not a cookie case: the row shows no Set-Cookie line.
    'lists-expired-cookies': {
      title: "The server's 30-day cookie (GET /setcookie) at 30 days plus one second by the browser clock, no longer sent: still listed by the store",
      topic: 'Expiry',
    },
  }),
  async ({ visitor, browserClock, observe }) => {
    await visitor.open('/setcookie');
    await browserClock.advance({ days: 30, seconds: 1 });
    expect(received(await visitor.open('/echo')).cookieHeader).toBeNull();
    await observe('lists-expired-cookies', (await visitor.cookies()).some(({ name }) => name === 'username'));
  },
);
