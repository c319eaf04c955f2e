import { randomUUID } from 'node:crypto';
import { waitUntil } from '../../harness/processes/wait-until.ts';
import { carries, expect, matrixRows, received, setCookieLines, test, type MatrixRowDetails } from '../support/fixtures.ts';

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
// Rows that share the test's page loads: a popup from B's page, and the page its link reaches, reloaded.
const SHARED_ROWS = {
  'samesite-lax-window-open': {
    title: "window.open from site B to site A, on a click: A's Lax cookie sent",
    topic: 'SameSite',
    cookies: [setCookieLines('samesite-all', 'samesite_lax')],
  },
  'samesite-strict-after-reload': {
    title: "A page on site A reached by a link from site B, then reloaded by the browser: A's Strict cookie sent",
    topic: 'SameSite',
    parts: ['onLink', 'onReload'],
    cookies: [setCookieLines('samesite-all', 'samesite_strict')],
  },
  'duplicate-samesite-attribute': {
    title: 'Two SameSite attributes, in both orders (with Secure), set over HTTPS by site A: sent on a link from site B',
    topic: 'SameSite',
    parts: ['strictThenNone', 'noneThenStrict'],
    cookies: [setCookieLines('duplicate-samesite')],
  },
} satisfies Record<string, MatrixRowDetails>;
const WAYS = ['link', 'form-post', 'image', 'fetch', 'iframe'] as const;
// A limit for the popup to reach site A that no loaded machine reaches: it usually takes a few hundred ms.
const POPUP_TIMEOUT_MS = 20_000;

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

test('should send each SameSite cookie across sites as its value allows', matrixRows({ ...SAMESITE_ROWS, ...SHARED_ROWS }), async ({ visitor, sites, request, cookiesSentWith, observe }) => {
  const id = randomUUID();
  await visitor.open(`${sites.httpsA}/cookie-case/samesite-all`);
  expect(await visitor.run(async () => (await fetch('/cookie-case/duplicate-samesite')).ok)).toBe(true);

  // Loading the page loads its image and iframe; then a fetch, a form POST and (from a fresh copy of the page) a link.
  await visitor.open(`${sites.httpsB}/cross-site/page?id=${id}`);
  expect(await visitor.run(readableFetch, `${sites.httpsA}/cross-site/record.json?id=${id}-fetch`), 'site B may read the credentialed fetch').toBe(true);
  await visitor.submit('#form-post');
  await visitor.open(`${sites.httpsB}/cross-site/page?id=${id}`);
  // A click opens the popup, as a user does: WebKitGTK opens none for a window.open that no click started.
  await visitor.run((url) => {
    const button = Object.assign(document.createElement('button'), { id: 'popup', textContent: 'Open', onclick: () => window.open(url) });
    document.body.append(button);
  }, `${sites.httpsA}/cross-site/record?id=${id}-popup`);
  await visitor.click('#popup');
  await waitUntil(async () => (await request.get(`/beacon/${id}-popup`)).ok(), POPUP_TIMEOUT_MS, 'The popup did not reach site A');
  await visitor.submit('#link');

  for (const way of WAYS) {
    const sent = await cookiesSentWith(`${id}-${way}`);
    for (const value of SAMESITE_VALUES) {
      await observe(`samesite-${value}-cross-site-${way}`, sent.includes(`samesite_${value}`), { cookies: [`samesite_${value}`], url: `${id}-${way}` });
    }
  }
  await observe('samesite-lax-window-open', (await cookiesSentWith(`${id}-popup`)).includes('samesite_lax'), { cookies: ['samesite_lax'], url: `${id}-popup` });
  const linked = await cookiesSentWith(`${id}-link`);
  await observe('duplicate-samesite-attribute', [linked.includes('dup_strict_none'), linked.includes('dup_none_strict')], { cookies: ['dup_strict_none', 'dup_none_strict'], url: `${id}-link` });
  // The reload asks for the link's page again, which the server records under the same id: read the link's first.
  const reloaded = received(await visitor.reload()).cookieHeader;
  await observe('samesite-strict-after-reload', [linked.includes('samesite_strict'), carries(reloaded, 'samesite_strict')], { cookies: ['samesite_strict'], url: `${id}-link` });
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
      parts: ['atOnce', 'twoMinutesLater'],
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
