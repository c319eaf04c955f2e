import { carries, cookieHeaderSentTo, matrixRows, setCookieLines, test } from '../support/fixtures.ts';

test(
  'should store Secure and prefixed cookies on http://localhost as the rules allow, set by the server',
  matrixRows({
    'secure-on-http-localhost': {
      title: 'A Secure cookie set by the server on http://localhost',
      topic: 'Secure and prefixes',
      parts: ['stored', 'sent'],
      cookies: [setCookieLines('secure-prefixes', 'secureonhttp')],
    },
    'prefix-secure-without-secure': {
      title: '__Secure- without Secure, set by the server on http://localhost: stored?',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('secure-prefixes', '__Secure-nosecure')],
    },
    'prefix-host-with-domain': {
      title: '__Host- with Secure, Path=/ and Domain=localhost, set by the server on http://localhost: stored?',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('secure-prefixes', '__Host-withdomain')],
    },
    'prefix-host-valid-on-http-localhost': {
      title: '__Host- with Secure, Path=/ and no Domain, set by the server on http://localhost: stored?',
      topic: 'Secure and prefixes',
      cookies: [setCookieLines('secure-prefixes', '__Host-valid')],
    },
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/cookie-case/secure-prefixes');
    const stored = (await visitor.cookies()).map(({ name }) => name);
    const sent = await cookieHeaderSentTo(visitor, '/echo');

    await observe('secure-on-http-localhost', [stored.includes('secureonhttp'), carries(sent, 'secureonhttp')], { cookies: ['secureonhttp'] });
    await observe('prefix-secure-without-secure', stored.includes('__Secure-nosecure'), { cookies: ['__Secure-nosecure'] });
    await observe('prefix-host-with-domain', stored.includes('__Host-withdomain'), { cookies: ['__Host-withdomain'] });
    await observe('prefix-host-valid-on-http-localhost', stored.includes('__Host-valid'), { cookies: ['__Host-valid'] });
  },
);
