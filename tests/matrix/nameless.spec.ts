import { cookieHeaderSentTo, expect, matrixRows, test } from '../support/fixtures.ts';

test(
  'should store nameless cookies set by the server',
  matrixRows({
    'nameless-cookie':
      '"=eqvalue" on /echo and "barevalue" on /echo/nameless, set by the server: [the first as the store reports name=value, the second likewise (null: not stored), the Cookie header sent to /echo/nameless]',
  }),
  async ({ visitor, observe }) => {
    // From /echo/nameless the store lists both paths; a fetch brings the server's Set-Cookie headers.
    await visitor.open('/echo/nameless');
    expect(await visitor.run(() => fetch('/cookie-case/nameless').then(({ ok }) => ok))).toBe(true);
    const cookieHeader = await cookieHeaderSentTo(visitor, '/echo/nameless');
    const stored = (await visitor.cookies()).map(({ name, value }) => `${name}=${value}`);

    await observe('nameless-cookie', [stored.find((pair) => pair.includes('eqvalue')) ?? null, stored.find((pair) => pair.includes('barevalue')) ?? null, cookieHeader]);
  },
);
