import { matrixRows, test, type Received } from '../fixtures.ts';

test(
  'should store nameless cookies set by the server',
  matrixRows({
    'nameless-cookie':
      '"=eqvalue" on /echo and "barevalue" on /echo/nameless, set by the server: [the first as the store reports name=value, the second likewise (null: not stored), the Cookie header sent to /echo/nameless]',
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/cookie-case/nameless');
    const { cookieHeader } = JSON.parse(await visitor.open('/echo/nameless')) as Received;
    const stored = (await visitor.cookies()).map(({ name, value }) => `${name}=${value}`);

    await observe('nameless-cookie', [stored.find((pair) => pair.includes('eqvalue')) ?? null, stored.find((pair) => pair.includes('barevalue')) ?? null, cookieHeader]);
  },
);
