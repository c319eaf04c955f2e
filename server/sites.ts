/**
 * The two names of one loopback listener, each a different site for cookies: localhost (site A) and 127.0.0.1
 * (site B). A Map, so that a Host such as `constructor` or `__proto__` finds nothing.
 */
const OTHER_SITE = new Map([
  ['localhost', '127.0.0.1'],
  ['127.0.0.1', 'localhost'],
]);

/** The other site's host name for one of the two, compared exactly; undefined for any other name. */
export function otherSite(hostname: string): string | undefined {
  return OTHER_SITE.get(hostname);
}
