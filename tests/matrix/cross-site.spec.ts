import { randomUUID } from 'node:crypto';
import { expect, matrixRows, setCookieLines, test, type MatrixRowDetails } from '../support/fixtures.ts';

const SAMESITE_VALUES = ['strict', 'lax', 'none', 'unspecified'] as const;

/** A row of the SameSite test: its title, and the cookie of samesite-all it follows. */
function sameSiteRow(value: (typeof SAMESITE_VALUES)[number], title: string): MatrixRowDetails {
  return { title, topic: 'SameSite', cookies: [setCookieLines('samesite-all', `samesite_${value}`)] };
}

// A page on site B (https://127.0.0.1) reaches site A (https://localhost), where four cookies wait, one per SameSite value.
const SAMESITE_ROWS = {
  'samesite-strict-cross-site-link': sameSiteRow('strict', 'SameSite=Strict sent on a cross-site top-level link'),
  'samesite-strict-cross-site-form-post': sameSiteRow('strict', 'SameSite=Strict sent on a cross-site top-level form POST'),
  'samesite-strict-cross-site-image': sameSiteRow('strict', 'SameSite=Strict sent on a cross-site <img>'),
  'samesite-strict-cross-site-fetch': sameSiteRow('strict', "SameSite=Strict sent on a cross-site fetch with credentials: 'include'"),
  'samesite-strict-cross-site-iframe': sameSiteRow('strict', 'SameSite=Strict sent on a cross-site <iframe>'),
  'samesite-lax-cross-site-link': sameSiteRow('lax', 'SameSite=Lax sent on a cross-site top-level link'),
  'samesite-lax-cross-site-form-post': sameSiteRow('lax', 'SameSite=Lax sent on a cross-site top-level form POST'),
  'samesite-lax-cross-site-image': sameSiteRow('lax', 'SameSite=Lax sent on a cross-site <img>'),
  'samesite-lax-cross-site-fetch': sameSiteRow('lax', "SameSite=Lax sent on a cross-site fetch with credentials: 'include'"),
  'samesite-lax-cross-site-iframe': sameSiteRow('lax', 'SameSite=Lax sent on a cross-site <iframe>'),
  'samesite-none-cross-site-link': sameSiteRow('none', 'SameSite=None; Secure sent on a cross-site top-level link'),
  'samesite-none-cross-site-form-post': sameSiteRow('none', 'SameSite=None; Secure sent on a cross-site top-level form POST'),
  'samesite-none-cross-site-image': sameSiteRow('none', 'SameSite=None; Secure sent on a cross-site <img>'),
  'samesite-none-cross-site-fetch': sameSiteRow('none', "SameSite=None; Secure sent on a cross-site fetch with credentials: 'include'"),
  'samesite-none-cross-site-iframe': sameSiteRow('none', 'SameSite=None; Secure sent on a cross-site <iframe>'),
  'samesite-unspecified-cross-site-link': sameSiteRow('unspecified', 'No SameSite, sent on a cross-site top-level link'),
  'samesite-unspecified-cross-site-form-post': sameSiteRow('unspecified', 'No SameSite, sent on a cross-site top-level form POST'),
  'samesite-unspecified-cross-site-image': sameSiteRow('unspecified', 'No SameSite, sent on a cross-site <img>'),
  'samesite-unspecified-cross-site-fetch': sameSiteRow('unspecified', "No SameSite, sent on a cross-site fetch with credentials: 'include'"),
  'samesite-unspecified-cross-site-iframe': sameSiteRow('unspecified', 'No SameSite, sent on a cross-site <iframe>'),
};
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
    for (const value of SAMESITE_VALUES) {
      await observe(`samesite-${value}-cross-site-${way}`, sent.includes(`samesite_${value}`), { cookies: [`samesite_${value}`], url: `${id}-${way}` });
    }
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
  matrixRows({
    'samesite-unspecified-post-window': {
      title: 'A fresh cookie without SameSite, sent on a cross-site top-level POST',
      topic: 'SameSite',
      parts: ['at once', '2 minutes later'],
      cookies: [setCookieLines('samesite-unspecified-fresh')],
    },
  }),
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
    await observe('samesite-unspecified-post-window', [atOnce, later], { cookies: ['post_window'] });
  },
);
