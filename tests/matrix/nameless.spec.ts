import { cookieHeaderSentTo, expect, matrixRows, setCookieLines, test } from '../support/fixtures.ts';

// The nameless cases' paths: /echo and /echo/nameless, then /echo/nameless/eq and /echo/nameless/eq/ab. From the
// deepest the store lists them all.
const DEEPEST = '/echo/nameless/eq/ab';

const pairsOf = (cookieHeader: string | null) => (cookieHeader === null ? [] : cookieHeader.split('; '));

test(
  'should store nameless cookies set by the server',
  matrixRows({
    'nameless-cookie': {
      title: '"=eqvalue" on /echo and "barevalue" on /echo/nameless, set by the server: each as the store reports name=value (null: not stored), and the Cookie header sent to /echo/nameless',
      topic: 'Parsing',
      parts: ['firstStoredAs', 'secondStoredAs', 'sent'],
      cookies: [setCookieLines('nameless')],
    },
    'nameless-with-equals-in-value': {
      title:
        '"==x" on /echo/nameless/eq and "=a=b" on /echo/nameless/eq/ab, set by the server: each as the store reports name=value (null: not stored), and the pairs of the Cookie header that only /echo/nameless/eq/ab gets (null: none)',
      topic: 'Parsing',
      parts: ['firstStoredAs', 'secondStoredAs', 'sent'],
      cookies: [setCookieLines('nameless-with-equals')],
    },
  }),
  async ({ visitor, observe }) => {
    // The page lists every path of the cases; fetches bring the server's Set-Cookie headers.
    await visitor.open(DEEPEST);
    expect(await visitor.run(() => Promise.all(['nameless', 'nameless-with-equals'].map(async (name) => (await fetch(`/cookie-case/${name}`)).ok)))).toEqual([true, true]);
    const cookieHeader = await cookieHeaderSentTo(visitor, '/echo/nameless');
    const deepestHeader = await cookieHeaderSentTo(visitor, DEEPEST);
    const stored = await visitor.cookies();
    const pairs = stored.map(({ name, value }) => `${name}=${value}`);

    await observe('nameless-cookie', [pairs.find((pair) => pair.includes('eqvalue')) ?? null, pairs.find((pair) => pair.includes('barevalue')) ?? null, cookieHeader]);
    const storedOn = (path: string) => stored.filter((cookie) => cookie.path === path).map(({ name, value }) => `${name}=${value}`)[0] ?? null;
    // What the first case's paths do not get is what the "=" cases became, in the order sent.
    const onlyDeepest = pairsOf(deepestHeader).filter((pair) => !pairsOf(cookieHeader).includes(pair));
    await observe('nameless-with-equals-in-value', [storedOn('/echo/nameless/eq'), storedOn(DEEPEST), onlyDeepest.join('; ') || null]);
  },
);
