import { carries, cookieHeaderSentTo, matrixRows, test } from '../support/fixtures.ts';

test(
  'should store Secure and prefixed cookies on http://localhost as the rules allow, set by the server',
  matrixRows({
    'secure-on-http-localhost': 'A Secure cookie set by the server on http://localhost: [stored, sent]',
    'prefix-secure-without-secure': '__Secure- without Secure, set by the server on http://localhost: stored?',
    'prefix-host-with-domain': '__Host- with Secure, Path=/ and Domain=localhost, set by the server on http://localhost: stored?',
    'prefix-host-valid-on-http-localhost': '__Host- with Secure, Path=/ and no Domain, set by the server on http://localhost: stored?',
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/cookie-case/secure-prefixes');
    const stored = (await visitor.cookies()).map(({ name }) => name);
    const sent = await cookieHeaderSentTo(visitor, '/echo');

    await observe('secure-on-http-localhost', [stored.includes('secureonhttp'), carries(sent, 'secureonhttp')]);
    await observe('prefix-secure-without-secure', stored.includes('__Secure-nosecure'));
    await observe('prefix-host-with-domain', stored.includes('__Host-withdomain'));
    await observe('prefix-host-valid-on-http-localhost', stored.includes('__Host-valid'));
  },
);
