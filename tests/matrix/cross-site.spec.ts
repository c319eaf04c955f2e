import { randomUUID } from 'node:crypto';
import { expect, matrixRows, test } from '../support/fixtures.ts';

// A page on site B (https://127.0.0.1) reaches site A (https://localhost), where four cookies wait, one per SameSite value.
const SAMESITE_ROWS = {
  'samesite-strict-cross-site-link': 'SameSite=Strict sent on a cross-site top-level link',
  'samesite-strict-cross-site-form-post': 'SameSite=Strict sent on a cross-site top-level form POST',
  'samesite-strict-cross-site-image': 'SameSite=Strict sent on a cross-site <img>',
  'samesite-strict-cross-site-fetch': "SameSite=Strict sent on a cross-site fetch with credentials: 'include'",
  'samesite-strict-cross-site-iframe': 'SameSite=Strict sent on a cross-site <iframe>',
  'samesite-lax-cross-site-link': 'SameSite=Lax sent on a cross-site top-level link',
  'samesite-lax-cross-site-form-post': 'SameSite=Lax sent on a cross-site top-level form POST',
  'samesite-lax-cross-site-image': 'SameSite=Lax sent on a cross-site <img>',
  'samesite-lax-cross-site-fetch': "SameSite=Lax sent on a cross-site fetch with credentials: 'include'",
  'samesite-lax-cross-site-iframe': 'SameSite=Lax sent on a cross-site <iframe>',
  'samesite-none-cross-site-link': 'SameSite=None; Secure sent on a cross-site top-level link',
  'samesite-none-cross-site-form-post': 'SameSite=None; Secure sent on a cross-site top-level form POST',
  'samesite-none-cross-site-image': 'SameSite=None; Secure sent on a cross-site <img>',
  'samesite-none-cross-site-fetch': "SameSite=None; Secure sent on a cross-site fetch with credentials: 'include'",
  'samesite-none-cross-site-iframe': 'SameSite=None; Secure sent on a cross-site <iframe>',
  'samesite-unspecified-cross-site-link': 'no SameSite, sent on a cross-site top-level link',
  'samesite-unspecified-cross-site-form-post': 'no SameSite, sent on a cross-site top-level form POST',
  'samesite-unspecified-cross-site-image': 'no SameSite, sent on a cross-site <img>',
  'samesite-unspecified-cross-site-fetch': "no SameSite, sent on a cross-site fetch with credentials: 'include'",
  'samesite-unspecified-cross-site-iframe': 'no SameSite, sent on a cross-site <iframe>',
} as const;
const SAMESITE_VALUES = ['strict', 'lax', 'none', 'unspecified'] as const;
const WAYS = ['link', 'form-post', 'image', 'fetch', 'iframe'] as const;

/**
 * Fetches with credentials from the page the visitor shows; true when the page may read the answer. A refused
 * read and a request that never reached the server look alike here: the server's record tells them apart.
 */
function readableFetch(url: string): Promise<boolean> {
  return fetch(url, { credentials: 'include' }).then(
    (response) => response.json().then(() => true),
    () => false,
  );
}

test('should send each SameSite cookie across sites as its value allows', matrixRows(SAMESITE_ROWS), async ({ visitor, sites, cookiesSentWith, observe }) => {
  const id = randomUUID();
  await visitor.open(`${sites.httpsA}/cookie-case/samesite-all`);

  // Loading the page loads its image and iframe; then a fetch, a form POST and (from a fresh copy of the page) a link.
  await visitor.open(`${sites.httpsB}/cross-site/page?id=${id}`);
  expect(await visitor.run(readableFetch, `${sites.httpsA}/cross-site/record.json?id=${id}-fetch`), 'site B may read the credentialed fetch').toBe(true);
  await visitor.submit('#form-post');
  await visitor.open(`${sites.httpsB}/cross-site/page?id=${id}`);
  await visitor.submit('#link');

  for (const way of WAYS) {
    const sent = await cookiesSentWith(`${id}-${way}`);
    for (const value of SAMESITE_VALUES) await observe(`samesite-${value}-cross-site-${way}`, sent.includes(`samesite_${value}`));
  }
});

test('should let only the one allowed origin read a credentialed fetch', async ({ visitor, sites, cookiesSentWith }) => {
  // http://127.0.0.1 is not https://127.0.0.1: the server must not allow it to read site A's answers.
  const id = randomUUID();
  await visitor.open(`${sites.httpB}/`);
  expect(await visitor.run(readableFetch, `${sites.httpsA}/cross-site/record.json?id=${id}-fetch`)).toBe(false);
  // Refused by CORS, not lost on the way: the server recorded the request.
  await cookiesSentWith(`${id}-fetch`);
});

test(
  'should say whether a fresh cookie without SameSite goes on a cross-site POST, and 2 minutes later',
  matrixRows({ 'samesite-unspecified-post-window': 'no SameSite, sent on a cross-site top-level POST [at once, 2 minutes later]' }),
  async ({ visitor, sites, browserClock, cookiesSentWith, observe }) => {
    const postFromSiteB = async (id: string) => {
      await visitor.open(`${sites.httpsB}/cross-site/page?id=${id}`);
      await visitor.submit('#form-post');
      return (await cookiesSentWith(`${id}-form-post`)).includes('post_window');
    };
    await visitor.open(`${sites.httpsA}/cookie-case/samesite-unspecified-fresh`);
    const atOnce = await postFromSiteB(randomUUID());
    await browserClock.advance('2m');
    const later = await postFromSiteB(randomUUID());
    await observe('samesite-unspecified-post-window', [atOnce, later]);
  },
);
