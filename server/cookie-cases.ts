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

  // Redirects and navigation (tests/matrix/redirects.spec.ts, cross-site.spec.ts).
  // set-cookie-on-redirect: sent by the 302 of /redirect/set-cookie (server/redirects.ts).
  'on-redirect': () => ['on_redirect=yes; Path=/'],
  // samesite-strict-redirect-back-*, samesite-lax-cross-site-redirect-navigation, schemeful-http-to-https-strict:
  // site A's Strict and Lax cookies, set over HTTPS.
  'navigation-samesite': () => ['nav_strict=yes; SameSite=Strict; Path=/', 'nav_lax=yes; SameSite=Lax; Path=/'],
  // duplicate-samesite-attribute: two SameSite attributes, in both orders (None needs Secure, so over HTTPS).
  'duplicate-samesite': () => ['dup_strict_none=yes; SameSite=Strict; SameSite=None; Secure; Path=/', 'dup_none_strict=yes; SameSite=None; SameSite=Strict; Secure; Path=/'],

  // Overwrite rules, characters, new prefixes and Expires spellings (tests/matrix/values.spec.ts, nameless.spec.ts,
  // https.spec.ts).
  // httponly-overwrite-from-script: what page script then tries to replace.
  'httponly-overwrite': () => ['httponly_over=server; HttpOnly; Path=/'],
  // secure-overwrite-from-http: a Secure cookie over HTTPS, then the same name without Secure over http://localhost.
  'secure-overwrite': () => ['secure_over=https; Secure; Path=/'],
  'secure-overwrite-from-http': () => ['secure_over=http; Path=/'],
  // tab-in-value: a tab inside the value, by header (Node's header API lets a tab through).
  'tab-in-value': () => ['tab_header=a\tb; Path=/'],
  // nameless-with-equals-in-value: "==x" and "=a=b", on nested paths below the nameless case's, so that none
  // replaces another.
  'nameless-with-equals': () => ['==x; Path=/echo/nameless/eq', '=a=b; Path=/echo/nameless/eq/ab'],
  // prefix-http-without-httponly, prefix-host-http-valid, prefix-case-insensitive: over HTTPS, so Secure is valid.
  'new-prefixes': () => ['__Http-nohttponly=yes; Secure; Path=/', '__Host-Http-valid=yes; Secure; HttpOnly; Path=/', '__SECURE-nosecure=yes; Path=/'],
  // expires-date-formats: cookie expiresN has the Nth spelling; its value is the date in seconds since the epoch.
  'expires-date-formats': () => {
    const now = new Date();
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 5, 8, 49, 37));
    return Object.values(EXPIRES_SPELLINGS).map((spell, n) => `expires${n}=${date.getTime() / 1000}; Path=/; Expires=${spell(date)}`);
  },
  // domain-ip-address: Domain=127.0.0.1, meant to be set from http://127.0.0.1.
  'domain-ip-address': () => ['domain_ip=yes; Domain=127.0.0.1; Path=/'],

  // Time (tests/matrix/time.spec.ts).
  // expires-vs-server-date-past, max-age-vs-server-date: sent with the Date of COOKIE_CASE_DATES, 2024-01-01;
  // Expires 15 days after that Date, and Max-Age of one day.
  'server-date-past': () => [`date_past_expires=yes; Path=/; Expires=${httpDate(PAST_SERVER_DATE_MS + 15 * DAY_MS)}`, `date_past_max_age=yes; Path=/; Max-Age=${DAY_S}`],
  // expires-vs-server-date-future: sent with the Date 2040-01-01; Expires 5 days after it.
  'server-date-future': () => [`date_future_expires=yes; Path=/; Expires=${httpDate(FUTURE_SERVER_DATE_MS + 5 * DAY_MS)}`],
  // expires-two-digit-year: years 69 and 70, which RFC 6265bis 5.1.1 reads as 2069 and 1970.
  'two-digit-years': () => ['year69=yes; Path=/; Expires=Thu, 01-Jan-69 00:00:01 GMT', 'year70=yes; Path=/; Expires=Thu, 01-Jan-70 00:00:01 GMT'],
  // session-cookie-ages-not: neither Expires nor Max-Age.
  'session-only': () => ['session_ages=yes; Path=/'],
  // creation-order-after-overwrite: created_a, then created_b, then created_a again, one response each.
  'created-a': () => ['created_a=1; Path=/'],
  'created-b': () => ['created_b=1; Path=/'],
  'created-a-again': () => ['created_a=2; Path=/'],
  // eviction-by-last-access: 90 cookies, 90 more, then one more, each group on a path of its own below /echo/lru,
  // so that a request to one group's path reads that group alone.
  'lru-older': () => lruGroup('older', LRU_GROUP_SIZE),
  'lru-newer': () => lruGroup('newer', LRU_GROUP_SIZE),
  'lru-last': () => lruGroup('last', 1),
  // restart-keeps-persistent, restart-drops-session, restart-then-expires: a 30-day cookie and a session cookie.
  restart: () => [`restart_30_days=yes; Path=/; Max-Age=${30 * DAY_S}`, 'restart_session=yes; Path=/'],
  // browser-clock-past-2038: Max-Age of 30 days, set while the browser's clock is past 2038-01-19.
  'max-age-30-days': () => [`past_2038=yes; Path=/; Max-Age=${30 * DAY_S}`],
};

/** eviction-by-last-access: the size of its first two groups, which make 180 cookies on one host: the most Chromium and Firefox keep before they evict. */
export const LRU_GROUP_SIZE = 90;

function lruGroup(group: string, size: number): string[] {
  return Array.from({ length: size }, (_, i) => `lru_${group}_${i}=1; Path=/echo/lru/${group}`);
}

// The Dates that the rows of a response's Date send: far in the past, and years ahead.
const PAST_SERVER_DATE_MS = Date.UTC(2024, 0, 1);
const FUTURE_SERVER_DATE_MS = Date.UTC(2040, 0, 1);

/** An instant as an HTTP date (IMF-fixdate): `Mon, 01 Jan 2024 00:00:00 GMT`. */
function httpDate(instantMs: number): string {
  return new Date(instantMs).toUTCString();
}

/**
 * The Date line a case's response sends instead of the server's clock, by case name (a case not listed gets the
 * server's own). Fixed instants of this table: no client text reaches the header.
 */
export const COOKIE_CASE_DATES: Record<string, string> = {
  'server-date-past': httpDate(PAST_SERVER_DATE_MS),
  'server-date-future': httpDate(FUTURE_SERVER_DATE_MS),
};

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * expires-date-formats: ten spellings of one Expires date, each by the name of its part of the row (its field in
 * expectations/*.json), in the order of the row's parts. The date is the 5th of the month after next, 08:49:37
 * UTC: a day of one digit, and always under 400 days ahead.
 */
export const EXPIRES_SPELLINGS: Record<string, (date: Date) => string> = {
  imfFixdate: (d) => `${weekday(d)}, ${day2(d)} ${month(d)} ${d.getUTCFullYear()} ${time(d)} GMT`,
  rfc850: (d) => `${WEEKDAYS[d.getUTCDay()]}, ${day2(d)}-${month(d)}-${year2(d)} ${time(d)} GMT`,
  asctime: (d) => `${weekday(d)} ${month(d)} ${String(d.getUTCDate()).padStart(2, ' ')} ${time(d)} ${d.getUTCFullYear()}`,
  twoDigitYear: (d) => `${weekday(d)}, ${day2(d)} ${month(d)} ${year2(d)} ${time(d)} GMT`,
  noWeekday: (d) => `${day2(d)} ${month(d)} ${d.getUTCFullYear()} ${time(d)} GMT`,
  lowercaseMonth: (d) => `${weekday(d)}, ${day2(d)} ${month(d).toLowerCase()} ${d.getUTCFullYear()} ${time(d)} GMT`,
  noGmt: (d) => `${weekday(d)}, ${day2(d)} ${month(d)} ${d.getUTCFullYear()} ${time(d)}`,
  oneDigitDay: (d) => `${weekday(d)}, ${d.getUTCDate()} ${month(d)} ${d.getUTCFullYear()} ${time(d)} GMT`,
  iso8601: (d) => d.toISOString().replace('.000Z', 'Z'),
  dashes: (d) => `${weekday(d)}, ${day2(d)}-${month(d)}-${d.getUTCFullYear()} ${time(d)} GMT`,
};
const weekday = (d: Date) => WEEKDAYS[d.getUTCDay()]!.slice(0, 3);
const month = (d: Date) => MONTHS[d.getUTCMonth()]!;
const day2 = (d: Date) => String(d.getUTCDate()).padStart(2, '0');
const year2 = (d: Date) => String(d.getUTCFullYear() % 100).padStart(2, '0');
const time = (d: Date) => d.toISOString().slice(11, 19);
