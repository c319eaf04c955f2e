import type { Visitor } from '../harness/lanes/visitor.ts';
import { expect, test } from './support/fixtures.ts';

const ABSENT = 'No signed cookie found!';

test('should greet back the username in a signed cookie', async ({ visitor }) => {
  expect(await visitor.open('/setsignedcookie')).toBe('Signed cookie has been set!');
  // Express stores "s:" + value + "." + signature, percent-encoded; the signature is base64 without padding.
  expect(await visitor.cookies()).toEqual([
    expect.objectContaining({ name: 'signed_username', value: expect.stringMatching(/^s%3ACobby\.[A-Za-z0-9%]+$/), httpOnly: true }),
  ]);
  expect(await visitor.open('/getsignedcookie')).toBe('Found signed cookie! Username: Cobby');
});

test('should greet back a username given in the query string, signed', async ({ visitor }) => {
  expect(await visitor.open('/setsignedcookie?username=Ada')).toBe('Signed cookie has been set!');
  expect(await visitor.open('/getsignedcookie')).toBe('Found signed cookie! Username: Ada');
});

/** Values a visitor could write into the signed cookie without the server's secret. */
const UNTRUSTED_VALUES: { name: string; value: (signedByServer: string) => string }[] = [
  { name: 'a forged signature', value: () => 's%3AMallory.forgedsignature' },
  { name: 'a plain, unsigned value', value: () => 'Mallory' },
  { name: 'an empty signature', value: () => 's%3AMallory.' },
  { name: 'no signature at all', value: () => 's%3AMallory' },
  // The server's own signature, moved onto another value.
  { name: "the server's signature on an edited value", value: (signedByServer) => signedByServer.replace('s%3ACobby.', 's%3AMallory.') },
];

// One visit: each step signs a fresh cookie, then puts an untrusted value in its place.
test('should count a signed cookie the server did not sign as absent', async ({ visitor }) => {
  for (const untrusted of UNTRUSTED_VALUES) {
    await test.step(`with ${untrusted.name}`, async () => {
      // The server's cookie takes the place of the last step's.
      await visitor.open('/setsignedcookie');
      const signedByServer = await signedCookieValue(visitor);
      const value = untrusted.value(signedByServer);
      expect(value).not.toBe(signedByServer);

      await visitor.clearCookies();
      await visitor.addCookie({ name: 'signed_username', value });
      expect(await visitor.cookies()).toEqual([expect.objectContaining({ name: 'signed_username', value })]);

      // An ordinary page that says so, not an error page.
      expect.soft(await visitor.open('/getsignedcookie')).toBe(ABSENT);
      expect.soft(await visitor.run(async () => (await fetch('/getsignedcookie')).status)).toBe(200);
    });
  }
});

async function signedCookieValue(visitor: Visitor): Promise<string> {
  const cookie = (await visitor.cookies()).find(({ name }) => name === 'signed_username');
  if (!cookie) throw new Error('/setsignedcookie stored no signed_username cookie');
  return cookie.value;
}
