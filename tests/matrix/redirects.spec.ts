import { randomUUID } from 'node:crypto';
import type { Visitor } from '../../harness/lanes/visitor.ts';
import { carries, expect, matrixRows, received, setCookieLines, test } from '../support/fixtures.ts';

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
  'should send SameSite cookies across redirects and schemes as the sites in the chain allow',
  matrixRows({
    'set-cookie-on-redirect': {
      title: 'A Set-Cookie on a 302 from site A to its echo page',
      topic: 'Parsing',
      parts: ['stored', 'sentAfterRedirect'],
      cookies: [setCookieLines('on-redirect')],
    },
    'samesite-strict-redirect-back-subresource': {
      title: "A page on site A fetches (no-cors) and loads an image from site B, which redirects back to A: A's Strict cookie sent",
      topic: 'SameSite',
      parts: ['onFetch', 'onImage'],
      cookies: [setCookieLines('navigation-samesite', 'nav_strict')],
    },
    'samesite-strict-redirect-back-navigation': {
      title: "A link on site A to site B, which redirects top-level back to A: A's Strict cookie sent",
      topic: 'SameSite',
      cookies: [setCookieLines('navigation-samesite', 'nav_strict')],
    },
    'samesite-lax-cross-site-redirect-navigation': {
      title: "A link on site B to B, which redirects top-level to site A: A's Lax cookie sent",
      topic: 'SameSite',
      cookies: [setCookieLines('navigation-samesite', 'nav_lax')],
    },
    'schemeful-http-to-https-strict': {
      title: 'A Strict cookie set over https://localhost, from a page on http://localhost: sent to https://localhost',
      topic: 'SameSite',
      parts: ['onNoCorsFetch', 'onLink'],
      cookies: [setCookieLines('navigation-samesite', 'nav_strict')],
    },
  }),
  async ({ visitor, sites, cookiesSentWith, observe }) => {
    const id = randomUUID();
    const strictSentWith = async (way: string) => (await cookiesSentWith(`${id}-${way}`)).includes('nav_strict');

    const afterRedirect = received(await visitor.open(`${sites.httpsA}/redirect/set-cookie`)).cookieHeader;
    const storedOnRedirect = (await visitor.cookies()).some(({ name }) => name === 'on_redirect');
    await observe('set-cookie-on-redirect', [storedOnRedirect, carries(afterRedirect, 'on_redirect')], { cookies: ['on_redirect'] });

    // Site A's Strict and Lax cookies, then from A out to B and back.
    expect(await visitor.run(async () => (await fetch('/cookie-case/navigation-samesite')).ok)).toBe(true);
    const backToA = `${sites.httpsB}/redirect/to-a-beacon?id=${id}`;
    const backLoaded = await visitor.run(load, [
      { url: `${backToA}-back-fetch`, as: 'fetch' },
      { url: `${backToA}-back-image`, as: 'image' },
    ]);
    expect(backLoaded, 'both requests ended on site A').toEqual([true, true]);
    await observe('samesite-strict-redirect-back-subresource', [await strictSentWith('back-fetch'), await strictSentWith('back-image')], { cookies: ['nav_strict'], url: '/beacon.gif' });
    await observe('samesite-strict-redirect-back-navigation', carries(await followLink(visitor, `${sites.httpsB}/redirect/to-a-echo`), 'nav_strict'), { cookies: ['nav_strict'], url: '/echo/redirected' });

    // From site B: a link to B that redirects to A.
    await visitor.open(`${sites.httpsB}/`);
    await observe('samesite-lax-cross-site-redirect-navigation', carries(await followLink(visitor, `${sites.httpsB}/redirect/to-a-echo`), 'nav_lax'), { cookies: ['nav_lax'], url: '/echo/redirected' });

    // From http://localhost to https://localhost: one host, two schemes.
    await visitor.open(`${sites.httpA}/`);
    expect(await visitor.run(load, [{ url: `${sites.httpsA}/beacon.gif?id=${id}-schemeful`, as: 'fetch' }]), 'the fetch reached https://localhost').toEqual([true]);
    await observe('schemeful-http-to-https-strict', [await strictSentWith('schemeful'), carries(await followLink(visitor, `${sites.httpsA}/echo/schemeful`), 'nav_strict')], { cookies: ['nav_strict'] });
  },
);
