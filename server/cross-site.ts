import express, { type Request, type Response } from 'express';
import type { Beacon } from './beacon.ts';
import { crossSitePage, framePage, htmlPage } from './html.ts';
import { methodNotAllowed } from './method-not-allowed.ts';
import { otherSite } from './sites.ts';

const THIRD_PARTY_CASE = 'third-party-in-iframe';
const CROSS_SITE_PAGE_RULE =
  'Ask for a cross-site page on localhost or 127.0.0.1 with an id of 1 to 50 letters, digits, "_" or "-", and frame=record, script or third-party-cookies.';

/** The origin of one of the two sites on the listener the request came in on, built from what the server knows. */
export function origin(req: Request, hostname: string): string {
  return `${req.secure ? 'https' : 'http'}://${hostname}:${req.socket.localPort}`;
}

/**
 * Credentialed fetches are allowed from one origin only: 127.0.0.1 on the port and scheme the request came in on
 * (site B of this listener). Built from what the server knows, compared exactly, never reflected.
 */
function allowedOrigin(req: Request): string {
  return origin(req, '127.0.0.1');
}

/**
 * Cross-site routes. `GET /cross-site/page?id=&frame=` is a page that reaches the other site; the other site
 * remembers, under `<id>-<way>`, what each request brought (`GET /beacon/<id>-<way>` tells).
 */
export function crossSiteRoutes(beacon: Beacon) {
  const router = express.Router();

  router.get('/cross-site/page', (req, res) => {
    // Any other Host than the listener's two sites gets 400.
    const other = otherSite(req.hostname);
    const frame = req.query.frame ?? 'record';
    const id = req.query.id;
    if (other === undefined || typeof id !== 'string' || !/^[\w-]{1,50}$/.test(id) || typeof frame !== 'string') {
      res.status(400).type('text').send(CROSS_SITE_PAGE_RULE);
      return;
    }
    const target = origin(req, other);
    const record = (way: string) => `${target}/cross-site/record?id=${id}-${way}`;
    // What the iframe loads, by name: a recorded page; a recorded page whose script reads and writes cookies (only on
    // request: in Firefox a cookie written while a test has moved the clock dates later tests' cookies); or a cookie
    // case that sets third-party cookies.
    const iframe = new Map([
      ['record', record('iframe')],
      ['script', `${target}/cross-site/frame?id=${id}-iframe`],
      ['third-party-cookies', `${target}/cookie-case/${THIRD_PARTY_CASE}`],
    ]).get(frame);
    if (iframe === undefined) {
      res.status(400).type('text').send(CROSS_SITE_PAGE_RULE);
      return;
    }
    res.send(crossSitePage({ link: record('link'), formPost: record('form-post'), image: `${target}/beacon.gif?id=${id}-image`, iframe }));
  });

  // Where links, form POSTs and iframes land.
  router
    .route('/cross-site/record')
    .get(recordRequest)
    .post(recordRequest)
    .all(methodNotAllowed('GET, HEAD, POST'));

  // A frame whose script says what it reads and whether a cookie it writes is visible (server/html.ts).
  router
    .route('/cross-site/frame')
    .get((req, res) => {
      if (beacon.remember(req, res) === undefined) return;
      res.send(framePage());
    })
    .all(methodNotAllowed('GET, HEAD'));

  // Where credentialed fetches go: readable by the allowed origin only.
  router
    .route('/cross-site/record.json')
    .get((req, res) => {
      if (beacon.remember(req, res) === undefined) return;
      res.vary('Origin');
      const allowed = allowedOrigin(req);
      if (req.headers.origin === allowed) res.set({ 'Access-Control-Allow-Origin': allowed, 'Access-Control-Allow-Credentials': 'true' });
      res.json({ cookieHeader: req.headers.cookie ?? null });
    })
    .all(methodNotAllowed('GET, HEAD'));

  function recordRequest(req: Request, res: Response) {
    if (beacon.remember(req, res) === undefined) return;
    res.send(htmlPage(JSON.stringify({ cookieHeader: req.headers.cookie ?? null })));
  }

  return router;
}
