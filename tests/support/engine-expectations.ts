import type { BrowserChoice } from '../../harness/lanes/browser-choice.ts';
import type { Observation } from '../../harness/matrix/protocol.ts';

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

  // Across sites and over HTTPS (tests/matrix/cross-site.spec.ts, https.spec.ts, third-party.spec.ts). Site A is
  // https://localhost, site B https://127.0.0.1; a page on B reaches A. RFC 6265bis retrieval: a cookie whose
  // same-site-flag is not None goes cross-site only on a top-level navigation with a safe method, and a missing
  // SameSite ("Default") is restricted like Lax.
  'samesite-strict-cross-site-link': { value: false, reason: 'Strict cookies never go cross-site, not even on a top-level link (RFC 6265bis 5.8.3)' },
  'samesite-strict-cross-site-form-post': { value: false, reason: 'Strict cookies never go cross-site (RFC 6265bis 5.8.3)' },
  'samesite-strict-cross-site-image': { value: false, reason: 'Strict cookies never go cross-site (RFC 6265bis 5.8.3)' },
  'samesite-strict-cross-site-fetch': { value: false, reason: 'Strict cookies never go cross-site (RFC 6265bis 5.8.3)' },
  'samesite-strict-cross-site-iframe': { value: false, reason: 'Strict cookies never go cross-site (RFC 6265bis 5.8.3)' },
  'samesite-lax-cross-site-link': { value: true, reason: 'Lax cookies go on a cross-site top-level navigation with a safe method (RFC 6265bis 5.8.3)' },
  'samesite-lax-cross-site-form-post': { value: false, reason: 'POST is not a safe method: Lax cookies stay home (RFC 6265bis 5.8.3)' },
  'samesite-lax-cross-site-image': { value: false, reason: 'an image is not a top-level navigation: Lax cookies stay home (RFC 6265bis 5.8.3)' },
  'samesite-lax-cross-site-fetch': { value: false, reason: 'a fetch is not a top-level navigation: Lax cookies stay home (RFC 6265bis 5.8.3)' },
  'samesite-lax-cross-site-iframe': { value: false, reason: 'an iframe is not a top-level browsing context: Lax cookies stay home (RFC 6265bis 5.8.3)' },
  'samesite-none-cross-site-link': { value: true, reason: 'SameSite=None; Secure goes on every cross-site request (RFC 6265bis 5.8.3)' },
  'samesite-none-cross-site-form-post': { value: true, reason: 'SameSite=None; Secure goes on every cross-site request (RFC 6265bis 5.8.3)' },
  'samesite-none-cross-site-image': { value: true, reason: 'SameSite=None; Secure goes on every cross-site request; RFC 6265bis leaves third-party blocking to the user agent' },
  'samesite-none-cross-site-fetch': { value: true, reason: 'SameSite=None; Secure goes on every cross-site request; RFC 6265bis leaves third-party blocking to the user agent' },
  'samesite-none-cross-site-iframe': { value: true, reason: 'SameSite=None; Secure goes on every cross-site request; RFC 6265bis leaves third-party blocking to the user agent' },
  'samesite-unspecified-cross-site-link': { value: true, reason: 'a cookie without SameSite ("Default") goes on a cross-site top-level GET, like Lax (RFC 6265bis 5.8.3)' },
  'samesite-unspecified-cross-site-form-post': { value: false, reason: 'a cookie without SameSite is restricted like Lax; the Lax-allowing-unsafe window is optional (RFC 6265bis 5.6.7.2)' },
  'samesite-unspecified-cross-site-image': { value: false, reason: 'a cookie without SameSite is restricted like Lax: no cross-site subresources (RFC 6265bis 5.8.3)' },
  'samesite-unspecified-cross-site-fetch': { value: false, reason: 'a cookie without SameSite is restricted like Lax: no cross-site subresources (RFC 6265bis 5.8.3)' },
  'samesite-unspecified-cross-site-iframe': { value: false, reason: 'a cookie without SameSite is restricted like Lax: no cross-site frames (RFC 6265bis 5.8.3)' },
  'samesite-unspecified-post-window': {
    value: [false, false],
    reason: 'sent on a cross-site POST [at once, 2 minutes later]: the Lax-allowing-unsafe window for fresh cookies is a MAY (RFC 6265bis 5.6.7.2)',
  },
  'samesite-none-without-secure': { value: false, reason: 'SameSite=None without Secure is ignored (RFC 6265bis 5.7 step 19)' },
  'secure-over-https': { value: [true, true], reason: '[stored, sent] for a Secure cookie over HTTPS' },
  'secure-from-http-127-0-0-1': {
    value: false,
    reason: 'a Secure cookie from http:// is ignored (RFC 6265bis 5.7 step 13); "secure protocol" is the user agent\'s call, so loopback may count',
  },
  'prefix-host-valid-over-https': { value: true, reason: '__Host- with Secure, no Domain and Path=/ over HTTPS is stored (RFC 6265bis 5.7 step 21)' },
  'prefix-secure-over-https': { value: true, reason: '__Secure- with Secure over HTTPS is stored (RFC 6265bis 5.7 step 20)' },
  'third-party-set-in-iframe': {
    value: [true, true, true],
    reason: '[stored, sent when the iframe loads again, sent to the site top-level]: RFC 6265bis sets no third-party policy (it recommends one, section 7.1)',
  },
  'partitioned-in-iframe': {
    value: [true, true, false],
    reason: '[stored, sent when the iframe loads again under the same top-level site, sent to the site top-level]: a Partitioned cookie is keyed by the top-level site (CHIPS)',
  },
  'third-party-document-cookie-in-iframe': {
    value: [true, true],
    reason: "[the frame's script reads its site's SameSite=None cookie, sees a SameSite=None cookie it wrote]: RFC 6265bis sets no third-party policy",
  },
} satisfies Record<string, Expectation>;

export type ExpectationId = keyof typeof STANDARD;
export type EngineExpectations = Record<ExpectationId, Expectation>;

/** Chromium and Firefox treat http://localhost as a potentially trustworthy origin, where Secure cookies are allowed. */
const LOCALHOST_IS_SECURE = (browser: string): Partial<EngineExpectations> => ({
  'secure-on-http-localhost': { value: [true, true], reason: `${browser} treats http://localhost as a secure context, so it stores and sends Secure cookies there` },
  'prefix-host-valid-on-http-localhost': { value: true, reason: `${browser} treats http://localhost as a secure context, so a __Host- cookie with Secure is valid there` },
});
// Reasons shared by several rows of one engine.
const CHROMIUM_THIRD_PARTY =
  "Chromium 156 as the harness runs it (Debian's build, fresh profile; seen headless and headed, in Playwright's contexts and a persistent profile) blocks third-party cookies; a Chrome whose settings allow them would send it";
const FIREFOX_TOTAL_COOKIE_PROTECTION =
  "Firefox's Total Cookie Protection (on by default): a request from inside site B gets site A's cookies partitioned under B, not A's own";
const WEBKIT_NO_SAMESITE_IS_NONE = 'WebKitGTK 2.50 (libsoup) treats a cookie without SameSite as SameSite=None';
const WEBKIT_NO_THIRD_PARTY =
  "WebKitGTK's default cookie policy (accept, but no third party): a cross-site frame cannot set cookies, though existing ones are sent; MiniBrowser has no Intelligent Tracking Prevention, Safari's blocks third-party cookies outright (not verified here)";

// Keyed by project, and for Firefox by how it is driven: stock Firefox over WebDriver BiDi reports differently.
const BY_ENGINE: Record<string, Partial<EngineExpectations>> = {
  chromium: {
    'default-samesite-reported': { value: 'Lax', reason: 'Chromium treats a cookie without SameSite as Lax and reports it so' },
    ...LOCALHOST_IS_SECURE('Chromium'),
    'many-cookies-one-host': { value: 169, reason: 'Chromium 156 keeps 180 cookies per domain, then evicts down to 150: 150 plus the last 19 writes' },
    // Across sites and over HTTPS.
    'samesite-unspecified-cross-site-form-post': { value: true, reason: "Chromium's Lax-allowing-unsafe: a cookie without SameSite younger than 2 minutes goes on a top-level POST" },
    'samesite-unspecified-post-window': { value: [true, false], reason: "Chromium's Lax-allowing-unsafe window: sent on a cross-site POST at once, not 2 minutes later" },
    'samesite-none-cross-site-image': { value: false, reason: CHROMIUM_THIRD_PARTY },
    'samesite-none-cross-site-fetch': { value: false, reason: CHROMIUM_THIRD_PARTY },
    'samesite-none-cross-site-iframe': { value: false, reason: CHROMIUM_THIRD_PARTY },
    'secure-from-http-127-0-0-1': { value: true, reason: 'Chromium counts loopback (127.0.0.0/8, localhost) as a secure origin for cookies' },
    'third-party-set-in-iframe': { value: [false, false, false], reason: CHROMIUM_THIRD_PARTY },
    'third-party-document-cookie-in-iframe': { value: [false, false], reason: `${CHROMIUM_THIRD_PARTY}; script in the frame neither reads nor writes them` },
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
    // Across sites and over HTTPS.
    'samesite-unspecified-cross-site-form-post': { value: true, reason: 'Firefox does not restrict a cookie without SameSite like Lax (network.cookie.sameSite.laxByDefault is off)' },
    'samesite-unspecified-post-window': { value: [true, true], reason: 'Firefox does not restrict a cookie without SameSite, so there is no window: sent at once and 2 minutes later' },
    'samesite-none-cross-site-image': { value: false, reason: FIREFOX_TOTAL_COOKIE_PROTECTION },
    'samesite-none-cross-site-fetch': { value: false, reason: FIREFOX_TOTAL_COOKIE_PROTECTION },
    'samesite-none-cross-site-iframe': { value: false, reason: FIREFOX_TOTAL_COOKIE_PROTECTION },
    'secure-from-http-127-0-0-1': { value: true, reason: 'Firefox counts loopback (127.0.0.1, localhost) as a secure origin for cookies' },
    'third-party-set-in-iframe': { value: [true, true, false], reason: `${FIREFOX_TOTAL_COOKIE_PROTECTION}: kept under site B, so it goes to the frame again but not to A top-level` },
    'third-party-document-cookie-in-iframe': {
      value: [false, true],
      reason: `${FIREFOX_TOTAL_COOKIE_PROTECTION}: the frame's script sees its own partition, without A's cookie, and can write there`,
    },
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
    // Across sites and over HTTPS.
    'samesite-unspecified-cross-site-form-post': { value: true, reason: WEBKIT_NO_SAMESITE_IS_NONE },
    'samesite-unspecified-cross-site-image': { value: true, reason: WEBKIT_NO_SAMESITE_IS_NONE },
    'samesite-unspecified-cross-site-fetch': { value: true, reason: WEBKIT_NO_SAMESITE_IS_NONE },
    'samesite-unspecified-cross-site-iframe': { value: true, reason: WEBKIT_NO_SAMESITE_IS_NONE },
    'samesite-unspecified-post-window': { value: [true, true], reason: `${WEBKIT_NO_SAMESITE_IS_NONE}, so there is no window: sent at once and 2 minutes later` },
    'samesite-none-without-secure': { value: true, reason: 'WebKitGTK 2.50 (libsoup) keeps SameSite=None without Secure' },
    'third-party-set-in-iframe': { value: [false, false, false], reason: WEBKIT_NO_THIRD_PARTY },
    'partitioned-in-iframe': { value: [false, false, false], reason: `${WEBKIT_NO_THIRD_PARTY}; Partitioned makes no difference` },
    'third-party-document-cookie-in-iframe': {
      value: [true, false],
      reason: `${WEBKIT_NO_THIRD_PARTY}: the frame's script reads A's existing cookie but cannot write one`,
    },
  },
};

export function engineExpectations(project: string, choice: BrowserChoice): EngineExpectations {
  const engine = project === 'firefox' && choice.available && choice.channel === 'moz-firefox' ? 'firefox-bidi' : project;
  return { ...STANDARD, ...BY_ENGINE[engine] };
}
