import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createBeacon } from './beacon.ts';
import { COOKIE_CASE_DATES, COOKIE_CASES } from './cookie-cases.ts';
import { crossSiteRoutes } from './cross-site.ts';
import { FORM_PAGE, htmlPage } from './html.ts';
import { methodNotAllowed } from './method-not-allowed.ts';
import { redirectRoutes } from './redirects.ts';

/** The cookie the reference behaviour is about, and its default value. */
const COOKIE_NAME = 'username';
const SIGNED_COOKIE_NAME = 'signed_username';
const DEFAULT_USERNAME = 'Cobby';
const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

// Setting and clearing must agree on the path: a cookie is only cleared with the path it was set with.
const COOKIE_OPTIONS = { path: '/', httpOnly: true, sameSite: 'lax' } as const;
const USERNAME_PATTERN = /^[A-Za-z0-9 ._-]{1,64}$/;
const USERNAME_RULE = 'A username is 1 to 64 letters, digits, spaces, ".", "_" or "-".';

export interface AppOptions {
  /** Secret for signed cookies. */
  cookieSecret: string;
}

/** Builds the server under test. It does not listen; `server/main.ts` does. */
export function createApp({ cookieSecret }: AppOptions) {
  const app = express();
  const beacon = createBeacon();

  // A test server still should not advertise its stack or let browsers sniff content types. Every answer depends on
  // the cookies its request carried, so no cache may give it again: not even after the browser clock went back, when
  // Firefox took a page cached at +31 days for fresh, in a later test of the same worker's page.
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    next();
  });

  // Parse the Cookie header into req.cookies, and signed cookies into req.signedCookies.
  app.use(cookieParser(cookieSecret));

  // Greet the user by the name in their cookie.
  route(app, '/').get((req, res) => {
    const username = readCookie(req.cookies, COOKIE_NAME);
    res.send(htmlPage(username === undefined ? 'Hello, Guest!' : `Welcome back, ${username}!`));
  });

  // Store the username (Cobby unless ?username= names another) for 30 days; page script cannot read it.
  route(app, '/setcookie').get((req, res) => {
    const username = validUsername(req, res);
    if (username === undefined) return;
    res.cookie(COOKIE_NAME, username, { ...COOKIE_OPTIONS, maxAge: THIRTY_DAYS_MS });
    res.send(htmlPage('Cookie has been set!'));
  });

  // Report the cookie the browser sent back.
  route(app, '/getcookie').get((req, res) => {
    const username = readCookie(req.cookies, COOKIE_NAME);
    res.send(htmlPage(username === undefined ? 'No cookie found!' : `Found cookie! Username: ${username}`));
  });

  // Delete the cookie: Express sends an empty value that expires at the epoch.
  route(app, '/deletecookie').get((_req, res) => {
    res.clearCookie(COOKIE_NAME, COOKIE_OPTIONS);
    res.send(htmlPage('Cookie has been deleted!'));
  });

  // Delete the cookie the other way: set it ourselves to an empty value with an expiry in the past.
  route(app, '/expirecookie').get((_req, res) => {
    res.cookie(COOKIE_NAME, '', { ...COOKIE_OPTIONS, expires: new Date(0) });
    res.send(htmlPage('Cookie has expired!'));
  });

  // The same username, signed with the server's secret so that an edited value is rejected.
  route(app, '/setsignedcookie').get((req, res) => {
    const username = validUsername(req, res);
    if (username === undefined) return;
    res.cookie(SIGNED_COOKIE_NAME, username, { ...COOKIE_OPTIONS, maxAge: THIRTY_DAYS_MS, signed: true });
    res.send(htmlPage('Signed cookie has been set!'));
  });

  // A forged or unsigned value parses as false and counts as no cookie.
  route(app, '/getsignedcookie').get((req, res) => {
    const username = readCookie(req.signedCookies, SIGNED_COOKIE_NAME);
    res.send(htmlPage(username === undefined ? 'No signed cookie found!' : `Found signed cookie! Username: ${username}`));
  });

  // Answer with what the server received (any method, any path below /echo), so tests prove resending on the server side.
  // Navigations get the JSON as the text of a page; browsers' JSON viewers would decorate it.
  app.all(['/echo', '/echo/*rest'], (req, res) => {
    const received = { cookieHeader: req.headers.cookie ?? null, cookies: req.cookies };
    // A `j:` cookie can nest deeper than JSON.stringify can recurse: that is bad input, not a server error.
    let json: string;
    try {
      json = JSON.stringify(received);
    } catch {
      res.status(400).type('text').send('Bad request.');
      return;
    }
    res.format({
      json: () => res.type('json').send(json),
      html: () => res.send(htmlPage(json)),
      default: () => res.type('json').send(json),
    });
  });

  // Send the Set-Cookie headers of one case from the fixed table (server/cookie-cases.ts).
  route(app, '/cookie-case/:name').get((req, res) => {
    const name = req.params.name;
    if (typeof name !== 'string' || !Object.hasOwn(COOKIE_CASES, name)) {
      res.status(404).type('text').send('No such cookie case.');
      return;
    }
    for (const header of COOKIE_CASES[name]!()) res.append('Set-Cookie', header);
    // A case of the server's Date (a time row) sends its own; Node then adds none.
    if (Object.hasOwn(COOKIE_CASE_DATES, name)) res.set('Date', COOKIE_CASE_DATES[name]!);
    res.send(htmlPage(`Cookie case ${name} has been set.`));
  });

  // A page whose form POSTs to /echo.
  route(app, '/form').get((_req, res) => {
    res.send(FORM_PAGE);
  });

  // Image requests cannot be read by script: the server remembers what each beacon image brought.
  route(app, '/beacon.gif').get(beacon.image);
  route(app, '/beacon/:id').get(beacon.report);

  // Pages of one site that reach the other (localhost and 127.0.0.1), and where those requests land.
  app.use(crossSiteRoutes(beacon));

  // Named 302s (server/redirects.ts): one that sets a cookie, and ones that end on site A.
  app.use(redirectRoutes(beacon));

  app.use((_req, res) => {
    res.status(404).type('text').send('Not found.');
  });

  // Errors answer with their status and a short text, never a stack trace.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = httpStatusOf(err);
    res.status(status).type('text').send(status < 500 ? 'Bad request.' : 'Internal server error.');
  });

  return app;
}

/** A route whose other methods get 405 with the allowed ones listed. */
function route(app: express.Express, path: string) {
  const chain = app.route(path);
  return {
    get(handler: (req: Request, res: Response) => void) {
      chain.get(handler).all(methodNotAllowed('GET, HEAD'));
    },
  };
}

/** Reads a cookie that must be a non-empty string: JSON cookies (`j:` prefix) and failed signatures do not count. */
function readCookie(cookies: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = cookies && Object.hasOwn(cookies, name) ? cookies[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The username from the query string, or the default; answers 400 itself and returns undefined when invalid. */
function validUsername(req: Request, res: Response): string | undefined {
  const username = req.query.username ?? DEFAULT_USERNAME;
  if (typeof username === 'string' && USERNAME_PATTERN.test(username)) return username;
  res.status(400).type('text').send(USERNAME_RULE);
  return undefined;
}

function httpStatusOf(err: unknown): number {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
