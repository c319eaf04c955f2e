import { EXPIRES_SPELLINGS } from '../../server/cookie-cases.ts';
import { carries, cookieHeaderSentTo, expect, matrixRows, scriptWrites, setCookieLines, test, valuesIn } from '../support/fixtures.ts';

const CONTROL_CHARACTER_WRITE = 'ctl=a\u0007b; path=/';
const TAB_WRITE = 'tab_script=a\tb; path=/';
const CR_WRITE = 'cr_script=a\rb; path=/';
const LF_WRITE = 'lf_script=a\nb; path=/';
const HTTPONLY_OVERWRITE_WRITE = 'httponly_over=script; path=/';
// Written after them: once this one is listed, the others were stored or refused.
const MARKER_WRITE = 'afterctl=yes; path=/';
// What the store reports as a cookie's expiry may be off from the Expires date by the clock skew it corrects for.
const EXPIRY_TOLERANCE_S = 60;

test(
  'should carry unusual values and dates: raw UTF-8, percent-encoding, a tab and ten Expires spellings set by the server, control characters and an overwrite by page script',
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
    'tab-in-value': {
      title: 'A tab inside a value: the value the store reports (null: refused)',
      topic: 'Parsing',
      parts: ['setByServer', 'setByScript'],
      cookies: [setCookieLines('tab-in-value'), scriptWrites(TAB_WRITE)],
    },
    'cr-or-lf-in-value-from-script': {
      title: 'A CR or an LF inside a value, set by page script: the value the store reports (null: refused)',
      topic: 'Parsing',
      parts: ['withCr', 'withLf'],
      cookies: [scriptWrites(CR_WRITE, LF_WRITE)],
    },
    'httponly-overwrite-from-script': {
      title: 'An HttpOnly cookie from the server, then the same name and path from page script: the values the store holds for that name',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('httponly-overwrite'), scriptWrites(HTTPONLY_OVERWRITE_WRITE)],
    },
    'expires-date-formats': {
      title: 'Expires, spelled ten ways, set by the server: the cookie kept until that date (date), as a session cookie (session), till another date (other), or not sent (none)',
      topic: 'Expiry',
      parts: Object.keys(EXPIRES_SPELLINGS),
      cookies: [setCookieLines('expires-date-formats')],
    },
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/cookie-case/values');
    const cases = ['tab-in-value', 'httponly-overwrite', 'expires-date-formats'];
    expect(await visitor.run((names) => Promise.all(names.map(async (name) => (await fetch(`/cookie-case/${name}`)).ok)), cases)).toEqual(cases.map(() => true));
    const storedBefore = await visitor.cookies();
    const storedValue = (stored: typeof storedBefore, cookieName: string) => stored.find(({ name }) => name === cookieName)?.value ?? null;
    const sent = await cookieHeaderSentTo(visitor, '/echo');
    // Node reads header bytes as latin1, one character per byte: turn them back into the bytes, read as UTF-8.
    const nonAsciiSent = valuesIn(sent, 'nonascii').map((value) => Buffer.from(value, 'latin1').toString('utf8'));
    await observe('non-ascii-value', [storedValue(storedBefore, 'nonascii'), nonAsciiSent[0] ?? null], { cookies: ['nonascii'] });
    await observe('percent-encoded-value', valuesIn(sent, 'pct')[0] ?? null);

    // Each expiresN cookie's value is the date its Expires spells, in seconds since the epoch.
    const expiry = Object.keys(EXPIRES_SPELLINGS).map((_label, n) => {
      const cookie = storedBefore.find(({ name }) => name === `expires${n}`);
      if (!cookie || !carries(sent, `expires${n}`)) return 'none';
      if (cookie.expires === -1) return 'session';
      return Math.abs(cookie.expires - Number(cookie.value)) <= EXPIRY_TOLERANCE_S ? 'date' : 'other';
    });
    await observe('expires-date-formats', expiry, { cookies: Object.keys(EXPIRES_SPELLINGS).map((_label, n) => `expires${n}`) });

    await visitor.run(
      (writes) => {
        for (const write of writes) document.cookie = write;
      },
      [CONTROL_CHARACTER_WRITE, TAB_WRITE, CR_WRITE, LF_WRITE, HTTPONLY_OVERWRITE_WRITE, MARKER_WRITE],
    );
    // Script writes reach the store in order: once the marker is listed, the others were stored or refused.
    await expect.poll(async () => (await visitor.cookies()).some(({ name }) => name === 'afterctl')).toBe(true);
    const stored = await visitor.cookies();
    await observe('control-character-in-value', storedValue(stored, 'ctl'), { cookies: ['ctl'] });
    await observe('tab-in-value', [storedValue(storedBefore, 'tab_header'), storedValue(stored, 'tab_script')], { cookies: ['tab_header', 'tab_script'] });
    await observe('cr-or-lf-in-value-from-script', [storedValue(stored, 'cr_script'), storedValue(stored, 'lf_script')], { cookies: ['cr_script', 'lf_script'] });
    await observe('httponly-overwrite-from-script', stored.filter(({ name }) => name === 'httponly_over').map(({ value }) => value), { cookies: ['httponly_over'] });
  },
);
