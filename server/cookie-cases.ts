/**
 * The Set-Cookie headers the behaviour matrix needs, by case name: `GET /cookie-case/<name>` sends them.
 * A client only ever picks a name from this fixed table; no client text reaches a Set-Cookie header.
 * Each case is a function so that dates are computed when the cookie is set.
 */
export const COOKIE_CASES: Record<string, () => string[]> = {
  // default-samesite-reported: no SameSite attribute at all.
  'no-samesite': () => ['nosamesite=yes; Path=/'],
};

// Cross-site and HTTPS cases (tests/matrix/cross-site.spec.ts, https.spec.ts, third-party.spec.ts).
Object.assign(COOKIE_CASES, {
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
} satisfies Record<string, () => string[]>);
