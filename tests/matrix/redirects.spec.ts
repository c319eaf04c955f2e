import { randomUUID } from 'node:crypto';
import type { Visitor } from '../../harness/lanes/visitor.ts';
import { carries, expect, matrixRows, received, test } from '../support/fixtures.ts';

// How often to ask the server whether the popup's request has arrived.
const POLL_MS = 20;

/** Adds a link to the page the visitor shows and clicks it; returns the Cookie header the echo page it ends on shows. */
async function followLink(visitor: Visitor, href: string): Promise<string | null> {
  await visitor.run((url) => {
    const link = Object.assign(document.createElement('a'), { id: 'follow', href: url, textContent: 'Follow' });
    document.body.append(link);
  }, href);
  return received(await visitor.submit('#follow')).cookieHeader;
}

/** In the page: each URL fetched (no-cors) or loaded as an image, with cookies; true for each that loaded. */
function load(requests: { url: string; as: 'fetch' | 'image' }[]): Promise<boolean[]> {
  return Promise.all(
    requests.map(({ url, as }) =>
      as === 'fetch'
        ? fetch(url, { mode: 'no-cors', credentials: 'include' }).then(
            () => true,
            () => false,
          )
        : new Promise<boolean>((resolve) => Object.assign(new Image(), { onload: () => resolve(true), onerror: () => resolve(false), src: url })),
    ),
  );
}

// Site A is https://localhost, site B https://127.0.0.1 (README, "Two sites"); server/redirects.ts has the 302s.
// The rows share one context and its page loads: every observation is of its own request.
test(
  'should send SameSite cookies across redirects, reloads, popups and schemes as the sites in the chain allow',
  matrixRows({
    'set-cookie-on-redirect': 'A Set-Cookie on a 302 from site A to its echo page: [stored, sent with the request the redirect leads to]',
    'samesite-strict-redirect-back-subresource':
      "A page on site A fetches (no-cors) and loads an image from site B, which redirects back to A: A's Strict cookie sent [on the fetch, on the image]",
    'samesite-strict-redirect-back-navigation': "A link on site A to site B, which redirects top-level back to A: A's Strict cookie sent",
    'samesite-lax-cross-site-redirect-navigation': "A link on site B to B, which redirects top-level to site A: A's Lax cookie sent",
    'samesite-strict-after-reload': "A page on site A reached by a link from site B, then reloaded by the browser: A's Strict cookie sent [on the link, on the reload]",
    'samesite-lax-window-open': "window.open from site B to site A: A's Lax cookie sent",
    'schemeful-http-to-https-strict': 'A Strict cookie set over https://localhost, from a page on http://localhost: sent to https://localhost [on a fetch (no-cors), on a link]',
    'duplicate-samesite-attribute':
      'SameSite=Strict; SameSite=None and SameSite=None; SameSite=Strict (both Secure), set over HTTPS by site A: sent on a link from site B [Strict then None, None then Strict]',
  }),
  async ({ visitor, sites, request, cookiesSentWith, observe }) => {
    const id = randomUUID();
    const strictSentWith = async (way: string) => (await cookiesSentWith(`${id}-${way}`)).includes('nav_strict');

    const afterRedirect = received(await visitor.open(`${sites.httpsA}/redirect/set-cookie`)).cookieHeader;
    const storedOnRedirect = (await visitor.cookies()).some(({ name }) => name === 'on_redirect');
    await observe('set-cookie-on-redirect', [storedOnRedirect, carries(afterRedirect, 'on_redirect')]);

    // Site A's Strict and Lax cookies and the duplicate SameSite pair, then from A out to B and back.
    const casesSet = await visitor.run((names) => Promise.all(names.map(async (name) => (await fetch(`/cookie-case/${name}`)).ok)), ['navigation-samesite', 'duplicate-samesite']);
    expect(casesSet).toEqual([true, true]);
    const backToA = `${sites.httpsB}/redirect/to-a-beacon?id=${id}`;
    const backLoaded = await visitor.run(load, [
      { url: `${backToA}-back-fetch`, as: 'fetch' },
      { url: `${backToA}-back-image`, as: 'image' },
    ]);
    expect(backLoaded, 'both requests ended on site A').toEqual([true, true]);
    await observe('samesite-strict-redirect-back-subresource', [await strictSentWith('back-fetch'), await strictSentWith('back-image')]);
    await observe('samesite-strict-redirect-back-navigation', carries(await followLink(visitor, `${sites.httpsB}/redirect/to-a-echo`), 'nav_strict'));

    // From site B: a popup to A, then a link to B that redirects to A.
    await visitor.open(`${sites.httpsB}/`);
    // Clicked, as a user opens a popup: WebKitGTK blocks a window.open that no click started.
    await visitor.run((url) => {
      const button = Object.assign(document.createElement('button'), { id: 'popup', textContent: 'Open', onclick: () => window.open(url) });
      document.body.append(button);
    }, `${sites.httpsA}/cross-site/record?id=${id}-popup`);
    await visitor.click('#popup');
    await expect.poll(async () => (await request.get(`/beacon/${id}-popup`)).status(), { message: 'the popup reached site A', intervals: [POLL_MS] }).toBe(200);
    await observe('samesite-lax-window-open', (await cookiesSentWith(`${id}-popup`)).includes('nav_lax'));
    await observe('samesite-lax-cross-site-redirect-navigation', carries(await followLink(visitor, `${sites.httpsB}/redirect/to-a-echo`), 'nav_lax'));

    // A plain link from B to A, then the browser's reload.
    await visitor.open(`${sites.httpsB}/`);
    const linked = await followLink(visitor, `${sites.httpsA}/echo/linked`);
    const reloaded = received(await visitor.reload()).cookieHeader;
    await observe('samesite-strict-after-reload', [carries(linked, 'nav_strict'), carries(reloaded, 'nav_strict')]);
    await observe('duplicate-samesite-attribute', [carries(linked, 'dup_strict_none'), carries(linked, 'dup_none_strict')]);

    // From http://localhost to https://localhost: one host, two schemes.
    await visitor.open(`${sites.httpA}/`);
    expect(await visitor.run(load, [{ url: `${sites.httpsA}/beacon.gif?id=${id}-schemeful`, as: 'fetch' }]), 'the fetch reached https://localhost').toEqual([true]);
    await observe('schemeful-http-to-https-strict', [await strictSentWith('schemeful'), carries(await followLink(visitor, `${sites.httpsA}/echo/schemeful`), 'nav_strict')]);
  },
);
