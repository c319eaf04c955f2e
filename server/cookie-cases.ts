/**
 * The Set-Cookie headers the behaviour matrix needs, by case name: `GET /cookie-case/<name>` sends them.
 * A client only ever picks a name from this fixed table; no client text reaches a Set-Cookie header.
 * Each case is a function so that dates are computed when the cookie is set.
 */
export const COOKIE_CASES: Record<string, () => string[]> = {
  // default-samesite-reported: no SameSite attribute at all.
  'no-samesite': () => ['nosamesite=yes; Path=/'],
};
