import { matrixRows, received, setCookieLines, test } from '../support/fixtures.ts';

test(
  'should say which Secure, prefixed and SameSite=None cookies are kept over HTTPS and from plain HTTP',
  matrixRows({
    'samesite-none-without-secure': {
      title: 'SameSite=None without Secure, set over HTTPS: stored',
      topic: 'SameSite',
      cookies: [setCookieLines('https-first-party', 'none_insecure')],
    },
    'secure-over-https': {
      title: 'Secure, set over HTTPS',
      topic: 'Secure and prefixes',
      parts: ['stored', 'sent back'],
      cookies: [setCookieLines('https-first-party', 'secure_https')],
    },
    'prefix-host-valid-over-https': {
      title: '__Host- with Secure, Path=/ and no Domain, over HTTPS: stored',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('https-first-party', '__Host-prefixed')],
    },
    'prefix-secure-over-https': {
      title: '__Secure- with Secure, over HTTPS: stored',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('https-first-party', '__Secure-prefixed')],
    },
    'secure-from-http-127-0-0-1': {
      title: 'Secure, set over http://127.0.0.1: stored (proven by being sent to https://127.0.0.1)',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('secure-over-http')],
    },
  }),
  async ({ visitor, sites, observe }) => {
    await visitor.open(`${sites.httpsA}/cookie-case/https-first-party`);
    const stored = (await visitor.cookies()).map(({ name }) => name);
    const sent = received(await visitor.open(`${sites.httpsA}/echo`)).cookies;
    await observe('samesite-none-without-secure', stored.includes('none_insecure'), { cookies: ['none_insecure'] });
    await observe('secure-over-https', [stored.includes('secure_https'), Object.hasOwn(sent, 'secure_https')], { cookies: ['secure_https'] });
    await observe('prefix-host-valid-over-https', stored.includes('__Host-prefixed'), { cookies: ['__Host-prefixed'] });
    await observe('prefix-secure-over-https', stored.includes('__Secure-prefixed'), { cookies: ['__Secure-prefixed'] });

    // The store APIs leave Secure cookies out for http:// pages, so the HTTPS side of the same host says what was kept.
    await visitor.open(`${sites.httpB}/cookie-case/secure-over-http`);
    const sentOverHttps = received(await visitor.open(`${sites.httpsB}/echo`)).cookies;
    await observe('secure-from-http-127-0-0-1', Object.hasOwn(sentOverHttps, 'secure_http'), { cookies: ['secure_http'] });
  },
);
