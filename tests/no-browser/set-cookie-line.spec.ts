import { expect, test } from '@playwright/test';
import { lineReasons } from '../../scripts/set-cookie-line.ts';

// What the probe says of a line no store kept, from the line and --from alone (scripts/set-cookie-line.ts).
const NOW = Date.parse('2026-12-01T00:00:00Z');
const reasons = (line: string, from = 'https://site.example/') => lineReasons(line, new URL(from), NOW);

test('should name a Domain that does not domain-match --from, and a --from that it does', () => {
  expect(reasons('pref=1; Domain=example.com')).toEqual({ refused: ['Domain=example.com does not domain-match site.example, the host of --from; --from https://example.com/ would set it'] });
  expect(reasons('pref=1; Domain=.Example.com', 'https://www.example.com/a/b')).toEqual({ refused: [] });
  // The last Domain counts, and an empty one is ignored.
  expect(reasons('pref=1; Domain=example.com; Domain=site.example; Domain=')).toEqual({ refused: [] });
});

test('should name Secure and the prefixes over http, and what a prefix asks for', () => {
  expect(reasons('x=1; Secure', 'http://site.example/p')).toEqual({ refused: ['Secure over http: only a secure origin sets a Secure cookie; --from https://site.example/p would'] });
  expect(reasons('__Secure-x=1', 'http://site.example/')).toEqual({ refused: ['the __Secure- prefix asks for the Secure attribute, https (--from https://site.example/)'] });
  expect(reasons('__secure-x=1')).toEqual({ refused: ['the __secure- prefix asks for the Secure attribute'] });
  expect(reasons('__Host-x=1; Secure; Domain=site.example; Path=/docs')).toEqual({ refused: ['the __Host- prefix asks for no Domain attribute, Path=/'] });
  expect(reasons('__Host-x=1; Secure; Path=/')).toEqual({ refused: [] });
  // localhost counts as secure in some browsers: nothing is said there.
  expect(reasons('__Secure-x=1; Secure', 'http://localhost/')).toEqual({ refused: [] });
  expect(reasons('x=1; SameSite=None')).toEqual({ refused: ['SameSite=None without Secure'] });
});

test('should tell an expiry already past, Max-Age first', () => {
  expect(reasons('x=1; Max-Age=0')).toEqual({ refused: [], expired: 'Max-Age=0 puts its expiry in the past' });
  expect(reasons('x=1; Max-Age=-5')).toEqual({ refused: [], expired: 'Max-Age=-5 puts its expiry in the past' });
  expect(reasons('x=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT')).toEqual({ refused: [], expired: 'Expires=Thu, 01 Jan 1970 00:00:00 GMT is already past' });
  expect(reasons('x=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60')).toEqual({ refused: [] });
  expect(reasons('x=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT')).toEqual({ refused: [] });
});
