import { expect, test } from './support/fixtures.ts';

/** Markup a cookie may carry: if the server wrote it into its page unescaped, it would run and set window.__pwned. */
const PAYLOADS: { name: string; markup: string }[] = [
  { name: 'a script element', markup: '<script>window.__pwned=1</script>' },
  { name: 'an image with an onerror handler', markup: '<img src=x onerror="window.__pwned=1">' },
];

/** The pages that show the username cookie, and the text each shows for it. */
const PAGES: { path: string; text: (username: string) => string }[] = [
  { path: '/', text: (username) => `Welcome back, ${username}!` },
  { path: '/getcookie', text: (username) => `Found cookie! Username: ${username}` },
  // The echo page shows the cookies as JSON, the parsed value among them.
  { path: '/echo', text: (username) => JSON.stringify({ cookieHeader: `username=${encodeURIComponent(username)}`, cookies: { username } }) },
];

for (const { name, markup } of PAYLOADS) {
  test(`should show a cookie holding ${name} as text, never as markup`, async ({ visitor }) => {
    await visitor.open('/');
    // Quotes, spaces and "=" cannot stand in a cookie value as they are: send them percent-encoded, which cookie-parser decodes.
    await visitor.addCookie({ name: 'username', value: encodeURIComponent(markup) });

    for (const page of PAGES) {
      await test.step(page.path, async () => {
        // Soft, so that a failure reports all three: the text, the injected elements, the script that ran.
        expect.soft(await visitor.open(page.path)).toBe(page.text(markup));
        // The page holds only its own markup: nothing was injected, and nothing ran.
        expect.soft(await visitor.run(() => document.querySelectorAll('script, img').length)).toBe(0);
        // typeof, because WebDriver returns undefined as null.
        expect.soft(await visitor.run(() => typeof (window as unknown as { __pwned?: unknown }).__pwned)).toBe('undefined');
      });
    }
  });
}
