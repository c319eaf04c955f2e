import { cookieHeaderSentTo, expect, matrixRows, test, valuesIn } from '../support/fixtures.ts';

test(
  'should carry unusual values: raw UTF-8 and percent-encoding set by the server, a control character set by page script',
  matrixRows({
    'non-ascii-value': 'Raw UTF-8 bytes of "Zoë" in a value set by the server: [value the store reports (null: none), value the server reads back as UTF-8 (null: not sent)]',
    'percent-encoded-value': 'The value Zo%C3%AB%3B%20x set by the server: the value the server reads back (null: not sent)',
    'control-character-in-value': 'The value a\\u0007b, set by page script: the value the store reports (null: refused)',
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/cookie-case/values');
    const storedValue = async (cookieName: string) => (await visitor.cookies()).find(({ name }) => name === cookieName)?.value ?? null;
    const sent = await cookieHeaderSentTo(visitor, '/echo');
    // Node reads header bytes as latin1, one character per byte: turn them back into the bytes, read as UTF-8.
    const nonAsciiSent = valuesIn(sent, 'nonascii').map((value) => Buffer.from(value, 'latin1').toString('utf8'));
    await observe('non-ascii-value', [await storedValue('nonascii'), nonAsciiSent[0] ?? null]);
    await observe('percent-encoded-value', valuesIn(sent, 'pct')[0] ?? null);

    await visitor.run(() => {
      document.cookie = 'ctl=a\u0007b; path=/';
      document.cookie = 'afterctl=yes; path=/';
    });
    // Script writes reach the store in order: once the second is listed, the first was stored or refused.
    await expect.poll(async () => (await visitor.cookies()).some(({ name }) => name === 'afterctl')).toBe(true);
    await observe('control-character-in-value', await storedValue('ctl'));
  },
);
