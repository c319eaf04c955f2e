import { cookieHeaderSentTo, expect, matrixRows, scriptWrites, setCookieLines, test, valuesIn } from '../support/fixtures.ts';

const CONTROL_CHARACTER_WRITE = 'ctl=a\u0007b; path=/';
// Written after it: once this one is listed, the first was stored or refused.
const MARKER_WRITE = 'afterctl=yes; path=/';

test(
  'should carry unusual values: raw UTF-8 and percent-encoding set by the server, a control character set by page script',
  matrixRows({
    'non-ascii-value': {
      title: 'Raw UTF-8 bytes of "Zoë" in a value set by the server: the value the store reports, and the one the server reads back as UTF-8 (null: none)',
      topic: 'Parsing',
      parts: ['stored', 'sent'],
      cookies: [setCookieLines('values', 'nonascii')],
    },
    'percent-encoded-value': {
      title: 'The value Zo%C3%AB%3B%20x set by the server: the value the server reads back (null: not sent)',
      topic: 'Parsing',
      cookies: [setCookieLines('values', 'pct')],
    },
    'control-character-in-value': {
      title: 'A value with a control character, set by page script: the value the store reports (null: refused)',
      topic: 'Parsing',
      cookies: [scriptWrites(CONTROL_CHARACTER_WRITE)],
    },
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/cookie-case/values');
    const storedValue = async (cookieName: string) => (await visitor.cookies()).find(({ name }) => name === cookieName)?.value ?? null;
    const sent = await cookieHeaderSentTo(visitor, '/echo');
    // Node reads header bytes as latin1, one character per byte: turn them back into the bytes, read as UTF-8.
    const nonAsciiSent = valuesIn(sent, 'nonascii').map((value) => Buffer.from(value, 'latin1').toString('utf8'));
    await observe('non-ascii-value', [await storedValue('nonascii'), nonAsciiSent[0] ?? null], { cookies: ['nonascii'] });
    await observe('percent-encoded-value', valuesIn(sent, 'pct')[0] ?? null);

    await visitor.run((writes) => {
      for (const write of writes) document.cookie = write;
    }, [CONTROL_CHARACTER_WRITE, MARKER_WRITE]);
    // Script writes reach the store in order: once the marker is listed, the first was stored or refused.
    await expect.poll(async () => (await visitor.cookies()).some(({ name }) => name === 'afterctl')).toBe(true);
    await observe('control-character-in-value', await storedValue('ctl'), { cookies: ['ctl'] });
  },
);
