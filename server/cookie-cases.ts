const DAY_S = 24 * 60 * 60;
const DAY_MS = DAY_S * 1000;
/** A path of 1106 bytes, below the echo route. */
export const LONG_PATH = `/echo/${'p'.repeat(1100)}`;

/**
 * The Set-Cookie headers the behaviour matrix needs, by case name: `GET /cookie-case/<name>` sends them.
 * A client only ever picks a name from this fixed table; no client text reaches a Set-Cookie header.
 * Each case is a function so that dates are computed when the cookie is set.
 */
export const COOKIE_CASES: Record<string, () => string[]> = {
  // default-samesite-reported: no SameSite attribute at all.
  'no-samesite': () => ['nosamesite=yes; Path=/'],

  // size-4096-name-value, size-4097-name-value: name plus value of 4096 and 4097 bytes.
  // attribute-over-1024-bytes: a Path of 1106 bytes, to be ignored (default path /cookie-case), obeyed, or to refuse the cookie.
  sizes: () => [`s4096=${'a'.repeat(4096 - 's4096'.length)}; Path=/`, `s4097=${'a'.repeat(4097 - 's4097'.length)}; Path=/`, `longpath=yes; Path=${LONG_PATH}`],

  // max-age-zero, max-age-negative, expires-in-past: three cookies to delete, then three ways to delete them.
  'deletable-three': () => ['maxagezero=yes; Path=/; Max-Age=3600', 'maxagenegative=yes; Path=/; Max-Age=3600', 'expiresinpast=yes; Path=/; Max-Age=3600'],
  'delete-three-ways': () => ['maxagezero=gone; Path=/; Max-Age=0', 'maxagenegative=gone; Path=/; Max-Age=-1', 'expiresinpast=gone; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'],

  // max-age-then-expires, expires-then-max-age: 60 s against 10 days, in both orders.
  // expiry-capped-400-days: a Max-Age of 500 days.
  'expiry-attributes': () => {
    const inTenDays = new Date(Date.now() + 10 * DAY_MS).toUTCString();
    return [`maxagefirst=yes; Path=/; Max-Age=60; Expires=${inTenDays}`, `expiresfirst=yes; Path=/; Expires=${inTenDays}; Max-Age=60`, `capped=yes; Path=/; Max-Age=${500 * DAY_S}`];
  },

  // path-prefix: sent to /echo/docs and below, not to /echo/docsx. cookie-order: one name on / (set first) and on /echo.
  // overwrite-same-name-path: one name and path twice in one response. domain-localhost: Domain=localhost from localhost.
  scope: () => [
    'pathprefix=yes; Path=/echo/docs',
    'order=root; Path=/',
    'order=echo; Path=/echo',
    'over=first; Path=/',
    'over=second; Path=/',
    'domlocal=yes; Path=/; Domain=localhost',
  ],

  // secure-on-http-localhost, prefix-secure-without-secure, prefix-host-with-domain, prefix-host-valid-on-http-localhost.
  'secure-prefixes': () => [
    'secureonhttp=yes; Path=/; Secure',
    '__Secure-nosecure=yes; Path=/',
    '__Host-withdomain=yes; Path=/; Secure; Domain=localhost',
    '__Host-valid=yes; Path=/; Secure',
  ],

  // non-ascii-value: raw UTF-8 bytes (Node writes header strings as latin1, one byte per character).
  // percent-encoded-value: "Zoë; x" percent-encoded.
  values: () => [`nonascii=${Buffer.from('Zoë', 'utf8').toString('latin1')}; Path=/`, 'pct=Zo%C3%AB%3B%20x; Path=/'],

  // nameless-cookie: "=value" and "value", on two paths so that neither replaces the other.
  nameless: () => ['=eqvalue; Path=/echo', 'barevalue; Path=/echo/nameless'],

  // Cross-site and HTTPS cases (tests/matrix/cross-site.spec.ts, https.spec.ts, third-party.spec.ts).
  // samesite-<value>-cross-site-<way>: one cookie per SameSite value; None needs Secure, so these are set over HTTPS.
  'samesite-all': () => [
    'samesite_strict=yes; SameSite=Strict; Path=/',
    'samesite_lax=yes; SameSite=Lax; Path=/',
    'samesite_none=yes; SameSite=None; Secure; Path=/',
    'samesite_unspecified=yes; Path=/',
  ],
  // samesite-unspecified-post-window: a fresh cookie without SameSite.
  'samesite-unspecified-fresh': () => ['post_window=yes; Path=/'],
  // samesite-none-without-secure, secure-over-https, prefix-host-valid-over-https, prefix-secure-over-https.
  'https-first-party': () => [
    'none_insecure=yes; SameSite=None; Path=/',
    'secure_https=yes; Secure; Path=/',
    '__Host-prefixed=yes; Secure; Path=/',
    '__Secure-prefixed=yes; Secure; Path=/',
  ],
  // secure-from-http-127-0-0-1: Secure, sent over plain HTTP.
  'secure-over-http': () => ['secure_http=yes; Secure; Path=/'],
  // third-party-document-cookie-in-iframe: a cookie the site set as the top-level site, for its frame to read.
  'first-party-none': () => ['first_party_none=yes; SameSite=None; Secure; Path=/'],
  // third-party-set-in-iframe, partitioned-in-iframe: set by the site's response inside another site's iframe.
  'third-party-in-iframe': () => ['third_party=yes; SameSite=None; Secure; Path=/', 'partitioned=yes; SameSite=None; Secure; Path=/; Partitioned'],

  // Browser APIs (tests/matrix/browser-apis.spec.ts).
  // storage-state-round-trip: one cookie of each kind that session APIs are known to handle differently, on http://localhost.
  'session-kinds': () => [
    'kind_secure=yes; Secure; Path=/',
    'kind_domain=yes; Domain=localhost; Path=/',
    'kind_partitioned=yes; Secure; Partitioned; Path=/',
    'kind_httponly=yes; HttpOnly; Path=/',
    `kind_300_days=yes; Max-Age=${300 * DAY_S}; Path=/`,
  ],
  // cookie-store-get-fields: every attribute the Cookie Store API can report, but Domain (WebKitGTK refuses Domain=localhost).
  'cookie-store-fields': () => [`cs_fields=yes; Path=/; Max-Age=${DAY_S}; Secure; SameSite=Strict; Partitioned`],
  // cookie-store-change-event: a cookie set by a fetch's response while the page listens.
  'cookie-store-change': () => ['cs_change=yes; Path=/'],
};
