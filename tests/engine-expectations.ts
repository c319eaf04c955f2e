import type { BrowserChoice } from '../harness/browsers.ts';
import type { Observation } from '../harness/matrix-data.ts';

/** What an engine does for one behaviour, and why. */
export interface Expectation {
  value: Observation;
  reason: string;
}

/**
 * Every behaviour the specs observe where engines may differ, by id (the ids are the matrix's rows),
 * with what RFC 6265bis asks for. Engines that do otherwise override it in BY_ENGINE with their reason.
 */
const STANDARD = {
  'default-samesite-reported': { value: 'None', reason: 'the store reports the attribute as it was given: not at all' },
  'lists-expired-cookies': { value: false, reason: 'an expired cookie is evicted from the store' },
  // Rows of tests/matrix: sizes, deletion, expiry-attributes, scope, secure-prefixes, values, nameless, many-cookies.
  'size-4096-name-value': { value: true, reason: 'name plus value up to 4096 bytes is stored (RFC 6265bis 5.7)' },
  'size-4097-name-value': { value: false, reason: 'name plus value over 4096 bytes is ignored (RFC 6265bis 5.7)' },
  'attribute-over-1024-bytes': { value: ['/cookie-case', false], reason: 'an attribute value over 1024 bytes is ignored, so the default path applies (RFC 6265bis 5.6)' },
  'max-age-zero': { value: [false, false], reason: 'Max-Age of zero or less expires the cookie at once, which removes it (RFC 6265bis 5.6.2, 5.7)' },
  'max-age-negative': { value: [false, false], reason: 'Max-Age of zero or less expires the cookie at once, which removes it (RFC 6265bis 5.6.2, 5.7)' },
  'expires-in-past': { value: [false, false], reason: 'an expiry in the past removes the stored cookie (RFC 6265bis 5.7)' },
  'max-age-then-expires': { value: 'max-age', reason: 'Max-Age takes precedence over Expires, whatever their order (RFC 6265bis 5.7)' },
  'expires-then-max-age': { value: 'max-age', reason: 'Max-Age takes precedence over Expires, whatever their order (RFC 6265bis 5.7)' },
  'expiry-capped-400-days': { value: [400, true, false], reason: 'an expiry further than 400 days is cut to 400 days (RFC 6265bis 5.6.1, 5.6.2)' },
  'path-prefix': { value: ['/echo/docs', '/echo/docs/', '/echo/docs/x'], reason: 'a path matches itself and paths below it at a "/", not /echo/docsx (RFC 6265bis 5.1.4)' },
  'cookie-order': { value: ['echo', 'root'], reason: 'longer paths come first in the Cookie header (RFC 6265bis 5.8.3)' },
  'overwrite-same-name-path': { value: ['second'], reason: 'a cookie with the same name, domain and path replaces the stored one (RFC 6265bis 5.7)' },
  'domain-localhost': { value: 'localhost', reason: 'a Domain equal to the host of a host with no registrable domain gives a host-only cookie (RFC 6265bis 5.7)' },
  'secure-on-http-localhost': { value: [false, false], reason: 'a Secure cookie from a non-secure origin is ignored (RFC 6265bis 5.7); the draft leaves localhost to the user agent' },
  'prefix-secure-without-secure': { value: false, reason: 'a __Secure- cookie needs the Secure attribute (RFC 6265bis 4.1.3.1)' },
  'prefix-host-with-domain': { value: false, reason: 'a __Host- cookie must not have a Domain attribute (RFC 6265bis 4.1.3.2)' },
  'prefix-host-valid-on-http-localhost': { value: false, reason: 'a __Host- cookie needs Secure, which a non-secure origin cannot set (RFC 6265bis 5.7)' },
  'control-character-in-value': { value: null, reason: 'a cookie whose value holds a control character other than tab is ignored (RFC 6265bis 5.7)' },
  'non-ascii-value': { value: ['Zoë', 'Zoë'], reason: 'the value is an opaque byte sequence, sent back as received (RFC 6265bis 5.6, 5.8.3)' },
  'percent-encoded-value': { value: 'Zo%C3%AB%3B%20x', reason: 'the value is sent back as received, never decoded (RFC 6265bis 5.8.3)' },
  'nameless-cookie': { value: ['=eqvalue', '=barevalue', 'barevalue; eqvalue'], reason: 'both parse to an empty name; a nameless cookie is sent as its value alone (RFC 6265bis 5.6, 5.8.3)' },
  'many-cookies-one-host': { value: 200, reason: 'the draft asks for at least 50 cookies per domain and sets no upper limit, so keeping all 200 is the baseline (RFC 6265bis 6.1)' },
} satisfies Record<string, Expectation>;

export type ExpectationId = keyof typeof STANDARD;
export type EngineExpectations = Record<ExpectationId, Expectation>;

/** Chromium and Firefox treat http://localhost as a potentially trustworthy origin, where Secure cookies are allowed. */
const LOCALHOST_IS_SECURE = (browser: string): Partial<EngineExpectations> => ({
  'secure-on-http-localhost': { value: [true, true], reason: `${browser} treats http://localhost as a secure context, so it stores and sends Secure cookies there` },
  'prefix-host-valid-on-http-localhost': { value: true, reason: `${browser} treats http://localhost as a secure context, so a __Host- cookie with Secure is valid there` },
});

// Keyed by project, and for Firefox by how it is driven: stock Firefox over WebDriver BiDi reports differently.
const BY_ENGINE: Record<string, Partial<EngineExpectations>> = {
  chromium: {
    'default-samesite-reported': { value: 'Lax', reason: 'Chromium treats a cookie without SameSite as Lax and reports it so' },
    ...LOCALHOST_IS_SECURE('Chromium'),
    'many-cookies-one-host': { value: 169, reason: 'Chromium 156 keeps 180 cookies per domain, then evicts down to 150: 150 plus the last 19 writes' },
  },
  firefox: {},
  'firefox-bidi': {
    'default-samesite-reported': { value: 'Lax', reason: 'Firefox over WebDriver BiDi reports a missing SameSite as Lax' },
    'lists-expired-cookies': { value: true, reason: 'Firefox over WebDriver BiDi keeps listing an expired cookie until it is purged, though it no longer sends it' },
    ...LOCALHOST_IS_SECURE('Firefox'),
    'prefix-host-with-domain': { value: true, reason: 'Firefox ESR 153 accepts a __Host- cookie whose Domain equals the host (localhost) and stores it host-only' },
    'nameless-cookie': {
      value: [null, 'barevalue=', 'barevalue='],
      reason: 'Firefox ESR 153 refuses "=value" and stores "value" as a name with an empty value, against RFC 6265bis 5.6',
    },
    'many-cookies-one-host': { value: 169, reason: 'Firefox ESR 153 keeps 180 cookies per host, then evicts down to 150: 150 plus the last 19 writes' },
  },
  // Playwright's WebKit (not verified here: it cannot be downloaded on this machine) and WebKitGTK through WebDriver.
  webkit: {},
  webkitgtk: {
    'max-age-then-expires': {
      value: 'expires',
      reason: 'WebKitGTK 2.50 (libsoup) applies Max-Age and Expires in the order given, so the later one wins (expires-then-max-age agrees); Safari is not known to share this',
    },
    'size-4097-name-value': { value: true, reason: 'WebKitGTK 2.50 (libsoup) sets no 4096-byte limit on name plus value' },
    'attribute-over-1024-bytes': { value: [null, true], reason: 'WebKitGTK 2.50 (libsoup) obeys a Path of any length' },
    'expiry-capped-400-days': { value: [500, true, true], reason: 'WebKitGTK 2.50 (libsoup) does not cap expiry at 400 days' },
    'domain-localhost': { value: null, reason: 'WebKitGTK 2.50 (libsoup) refuses Domain=localhost from localhost instead of making it host-only' },
    'prefix-secure-without-secure': { value: true, reason: 'WebKitGTK 2.50 (libsoup) does not enforce the __Secure- prefix' },
    'control-character-in-value': {
      value: 'a',
      reason: 'WebKitGTK 2.50 cuts a script-set cookie at the control character, dropping the attributes after it (the path falls back to the default)',
    },
    'non-ascii-value': {
      value: ['Zo', null],
      reason: 'WebKitGTK 2.50 cuts a Set-Cookie at the first non-ASCII byte, so the value is "Zo" with the default path and is not sent to /echo',
    },
    'many-cookies-one-host': { value: 200, reason: 'WebKitGTK 2.50 (libsoup) sets no per-host cookie limit' },
  },
};

export function engineExpectations(project: string, choice: BrowserChoice): EngineExpectations {
  const engine = project === 'firefox' && choice.available && choice.channel === 'moz-firefox' ? 'firefox-bidi' : project;
  return { ...STANDARD, ...BY_ENGINE[engine] };
}
