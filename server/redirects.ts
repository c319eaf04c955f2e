import express from 'express';
import type { Beacon } from './beacon.ts';
import { COOKIE_CASES } from './cookie-cases.ts';
import { origin } from './cross-site.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

interface Redirect {
  /** `same`: a path of the site asked; otherwise the host name of the site to go to, on the same listener. */
  site: 'same' | 'localhost';
  path: string;
  /** The cookie case (server/cookie-cases.ts) whose Set-Cookie headers the redirect itself sends. */
  cookieCase?: string;
  /** The target is a beacon route: what it receives is remembered under the `?id=` of the redirected request. */
  forwardsId?: boolean;
}

/** The fixed table of redirects, by name. Every Location is built from it and from what the server knows. */
const REDIRECTS = new Map<string, Redirect>([
  // set-cookie-on-redirect: a 302 that sets a cookie, to the echo route of the same site.
  ['set-cookie', { site: 'same', path: '/echo/after-redirect', cookieCase: 'on-redirect' }],
  // Navigations from site A or B that end on site A (localhost): its echo page shows what arrived.
  ['to-a-echo', { site: 'localhost', path: '/echo/redirected' }],
  // Fetches and images that end on site A's beacon image, remembered under the redirected request's id.
  ['to-a-beacon', { site: 'localhost', path: '/beacon.gif', forwardsId: true }],
]);

/** `GET /redirect/<name>[?id=]`: a 302 from the table above; an unknown name gets 404, a bad id 400. */
export function redirectRoutes(beacon: Beacon) {
  const router = express.Router();
  router
    .route('/redirect/:name')
    .get((req, res) => {
      const redirect = REDIRECTS.get(req.params.name);
      if (!redirect) {
        res.status(404).type('text').send('No such redirect.');
        return;
      }
      let location = redirect.site === 'same' ? redirect.path : `${origin(req, redirect.site)}${redirect.path}`;
      if (redirect.forwardsId) {
        const forwarded = beacon.forward(req, res);
        if (forwarded === undefined) return;
        location += `?id=${forwarded}`;
      }
      if (redirect.cookieCase) for (const header of COOKIE_CASES[redirect.cookieCase]!()) res.append('Set-Cookie', header);
      res.redirect(302, location);
    })
    .all(methodNotAllowed('GET, HEAD'));
  return router;
}
