import { waitForScriptCookieWrites } from '../../harness/clock/script-cookie-writes.ts';
import { EXPIRES_SPELLINGS } from '../../server/cookie-cases.ts';
import { carries, cookieHeaderSentTo, expect, matrixRows, test, valuesIn } from '../support/fixtures.ts';

// What the store reports as a cookie's expiry may be off from the Expires date by the clock skew it corrects for.
const EXPIRY_TOLERANCE_S = 60;
// The nameless cookies' paths are /echo/neq and /echo/neq/ab: this page lists both, and only they are sent to it and not to /echo.
const NAMELESS_PAGE = '/echo/neq/ab';

const pairsOf = (cookieHeader: string | null) => (cookieHeader === null ? [] : cookieHeader.split('; '));

test(
  'should store or refuse what the server and page script set, as the rules on characters, prefixes, dates and overwrites say',
  matrixRows({
    'httponly-overwrite-from-script': 'An HttpOnly cookie from the server, then the same name, path and domain from page script: the values sent',
    'secure-overwrite-from-http': 'A Secure cookie set over https://localhost, then the same name without Secure over http://localhost: the values sent to https://localhost',
    'tab-in-value': 'The value a<TAB>b: the value sent (null: not sent) [set by the server, set by page script]',
    'cr-or-lf-in-value-from-script': 'The values a\\rb and a\\nb, set by page script: the value sent (null: not sent) [with CR, with LF]',
    'nameless-with-equals-in-value':
      '"==x" on /echo/neq and "=a=b" on /echo/neq/ab, set by the server: [the first as the store reports name=value (null: not stored), the second likewise, the pairs of the Cookie header that only /echo/neq/ab gets (null: none)]',
    'prefix-http-without-httponly': '__Http- with Secure and without HttpOnly, set by the server over HTTPS: stored?',
    'prefix-host-http-valid': '__Host-Http- with Secure, HttpOnly, Path=/ and no Domain, set by the server over HTTPS: stored?',
    'prefix-case-insensitive': '__SECURE- (upper case) without Secure, set by the server over HTTPS: stored?',
    'expires-date-formats': `Expires, spelled ten ways, set by the server: the cookie kept until that date (date), as a session cookie (session), till another date (other), or not sent (none) [${Object.keys(EXPIRES_SPELLINGS).join(', ')}]`,
    'domain-ip-address': 'Domain=127.0.0.1, set by the server from https://127.0.0.1: [stored, sent back to 127.0.0.1]',
  }),
  async ({ visitor, sites, observe }) => {
    await visitor.open(`${sites.httpsB}/cookie-case/domain-ip-address`);
    const domainIpStored = (await visitor.cookies()).some(({ name }) => name === 'domain_ip');
    await observe('domain-ip-address', [domainIpStored, carries(await cookieHeaderSentTo(visitor, '/echo'), 'domain_ip')]);

    // On site A over HTTPS: the server's cases, then page script's writes over them, from a page on / (the
    // default path of a script cookie whose attributes an engine cuts off).
    await visitor.open(`${sites.httpsA}/`);
    const cases = ['overwrite-protected', 'tab-in-value', 'nameless-with-equals', 'new-prefixes', 'expires-date-formats'];
    expect(await visitor.run((names) => Promise.all(names.map(async (name) => (await fetch(`/cookie-case/${name}`)).ok)), cases)).toEqual(cases.map(() => true));
    await visitor.run(() => {
      document.cookie = 'httponly_over=script; path=/';
      document.cookie = 'tab_script=a\tb; path=/';
      document.cookie = 'cr_script=a\rb; path=/';
      document.cookie = 'lf_script=a\nb; path=/';
    });
    await waitForScriptCookieWrites(visitor);

    // Plain HTTP on the same host, then back to HTTPS to read what was sent and stored.
    await visitor.open(`${sites.httpA}/cookie-case/overwrite-secure-from-http`);
    await visitor.open(`${sites.httpsA}${NAMELESS_PAGE}`);
    const stored = await visitor.cookies();
    const sent = await cookieHeaderSentTo(visitor, NAMELESS_PAGE);
    // What only this page's path gets: the pairs that the nameless cookies became, in the order sent.
    const sentToEcho = await cookieHeaderSentTo(visitor, '/echo');
    const namelessSent = pairsOf(sent).filter((pair) => !pairsOf(sentToEcho).includes(pair));
    const sentValue = (name: string) => valuesIn(sent, name)[0] ?? null;

    await observe('httponly-overwrite-from-script', valuesIn(sent, 'httponly_over'));
    await observe('secure-overwrite-from-http', valuesIn(sent, 'secure_over'));
    await observe('tab-in-value', [sentValue('tab_header'), sentValue('tab_script')]);
    await observe('cr-or-lf-in-value-from-script', [sentValue('cr_script'), sentValue('lf_script')]);
    const storedOn = (path: string) => stored.filter((cookie) => cookie.path === path).map(({ name, value }) => `${name}=${value}`)[0] ?? null;
    await observe('nameless-with-equals-in-value', [storedOn('/echo/neq'), storedOn('/echo/neq/ab'), namelessSent.join('; ') || null]);
    const storedNames = stored.map(({ name }) => name);
    await observe('prefix-http-without-httponly', storedNames.includes('__Http-nohttponly'));
    await observe('prefix-host-http-valid', storedNames.includes('__Host-Http-valid'));
    await observe('prefix-case-insensitive', storedNames.includes('__SECURE-nosecure'));

    // Each expiresN cookie's value is the date its Expires spells, in seconds since the epoch.
    const expiry = Object.keys(EXPIRES_SPELLINGS).map((_label, n) => {
      const cookie = stored.find(({ name }) => name === `expires${n}`);
      if (!cookie || !carries(sent, `expires${n}`)) return 'none';
      if (cookie.expires === -1) return 'session';
      return Math.abs(cookie.expires - Number(cookie.value)) <= EXPIRY_TOLERANCE_S ? 'date' : 'other';
    });
    await observe('expires-date-formats', expiry);
  },
);
