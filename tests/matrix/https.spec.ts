import { carries, expect, matrixRows, received, setCookieLines, test, valuesIn } from '../support/fixtures.ts';

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
      parts: ['stored', 'sentBack'],
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
    'prefix-http-without-httponly': {
      title: '__Http- with Secure and without HttpOnly, over HTTPS: stored',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('new-prefixes', '__Http-nohttponly')],
    },
    'prefix-host-http-valid': {
      title: '__Host-Http- with Secure, HttpOnly, Path=/ and no Domain, over HTTPS: stored',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('new-prefixes', '__Host-Http-valid')],
    },
    'prefix-case-insensitive': {
      title: '__SECURE- (upper case) without Secure, over HTTPS: stored',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('new-prefixes', '__SECURE-nosecure')],
    },
    'secure-overwrite-from-http': {
      title: 'A Secure cookie set over https://localhost, then the same name without Secure over http://localhost: the values sent to https://localhost',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('secure-overwrite'), setCookieLines('secure-overwrite-from-http')],
    },
    'secure-from-http-127-0-0-1': {
      title: 'Secure, set over http://127.0.0.1: stored (proven by being sent to https://127.0.0.1)',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('secure-over-http')],
    },
    'domain-ip-address': {
      title: 'Domain=127.0.0.1, set by the server from http://127.0.0.1',
      topic: 'Scope',
      parts: ['stored', 'sentOverHttps'],
      cookies: [setCookieLines('domain-ip-address')],
    },
  }),
  async ({ visitor, sites, observe }) => {
    await visitor.open(`${sites.httpsA}/cookie-case/https-first-party`);
    expect(await visitor.run(() => Promise.all(['new-prefixes', 'secure-overwrite'].map(async (name) => (await fetch(`/cookie-case/${name}`)).ok)))).toEqual([true, true]);
    const stored = (await visitor.cookies()).map(({ name }) => name);
    await observe('samesite-none-without-secure', stored.includes('none_insecure'), { cookies: ['none_insecure'] });
    await observe('prefix-host-valid-over-https', stored.includes('__Host-prefixed'), { cookies: ['__Host-prefixed'] });
    await observe('prefix-secure-over-https', stored.includes('__Secure-prefixed'), { cookies: ['__Secure-prefixed'] });
    await observe('prefix-http-without-httponly', stored.includes('__Http-nohttponly'), { cookies: ['__Http-nohttponly'] });
    await observe('prefix-host-http-valid', stored.includes('__Host-Http-valid'), { cookies: ['__Host-Http-valid'] });
    await observe('prefix-case-insensitive', stored.includes('__SECURE-nosecure'), { cookies: ['__SECURE-nosecure'] });

    // Plain HTTP on the same host tries to replace the Secure cookie; HTTPS then says what is sent.
    await visitor.open(`${sites.httpA}/cookie-case/secure-overwrite-from-http`);
    const sent = received(await visitor.open(`${sites.httpsA}/echo`)).cookieHeader;
    await observe('secure-over-https', [stored.includes('secure_https'), carries(sent, 'secure_https')], { cookies: ['secure_https'] });
    await observe('secure-overwrite-from-http', valuesIn(sent, 'secure_over'), { cookies: ['secure_over'] });

    // The store APIs leave Secure cookies out for http:// pages, so the HTTPS side of the same host says what was kept.
    await visitor.open(`${sites.httpB}/cookie-case/secure-over-http`);
    expect(await visitor.run(async () => (await fetch('/cookie-case/domain-ip-address')).ok)).toBe(true);
    const sentOverHttps = received(await visitor.open(`${sites.httpsB}/echo`)).cookieHeader;
    await observe('secure-from-http-127-0-0-1', carries(sentOverHttps, 'secure_http'), { cookies: ['secure_http'] });
    const domainIpStored = (await visitor.cookies()).some(({ name }) => name === 'domain_ip');
    await observe('domain-ip-address', [domainIpStored, carries(sentOverHttps, 'domain_ip')], { cookies: ['domain_ip'] });
  },
);
