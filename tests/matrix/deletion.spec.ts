import { carries, cookieHeaderSentTo, expect, matrixRows, test } from '../support/fixtures.ts';

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
