import { cookieHeaderSentTo, expect, matrixRows, setCookieLines, test } from '../support/fixtures.ts';

test(
  'should store nameless cookies set by the server',
  matrixRows({
    'nameless-cookie': {
      title: '"=eqvalue" on /echo and "barevalue" on /echo/nameless, set by the server: each as the store reports name=value (null: not stored), and the Cookie header sent to /echo/nameless',
      topic: 'Parsing',
      parts: ['first stored as', 'second stored as', 'sent'],
      cookies: [setCookieLines('nameless')],
    },
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
