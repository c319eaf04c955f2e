import { DAY_MS } from '../clock/browser-clock.ts';
import type { ReportedCookie, Visitor } from '../lanes/visitor.ts';
import { waitForScriptCookieWrites } from '../lanes/script-cookie-writes.ts';
import { stepLabel } from './row.ts';
import { ECHO_PATH, HARNESS_PATH, HARNESS_SEGMENT, type Case, type Observe, type Request, type RequestStep, type Respond } from './schema.ts';
// How long a request may take to reach the case server before the observation fails (it never reads as "not sent").
const REQUEST_TIMEOUT_MS = 10_000;

/** What the runner needs of the case server (server/case-server.ts). */
interface CaseResponder {
  clearClaims(): void;
  claim(respond: Respond): void;
  nextRequest(url: string, timeoutMs: number): Promise<string | null>;
  /** The upstream requests of this case that got no answer, each naming the upstream and the error. */
  upstreamFailures(): string[];
  /** The Set-Cookie lines the upstreams sent during this case. */
  upstreamCookieLines(): string[];
}

/** A cookie as a `stored` observation reports it: expires in days from the browser's now (null: session). */
export type ObservedCookie = Omit<ReportedCookie, 'expires'> & { expires: number | null };

/** One observation's value: a Cookie header (or null), the store's cookies, or document.cookie. */
export type CaseObservation = string | null | ObservedCookie[];

export interface CaseContext {
  visitor: Visitor;
  server: CaseResponder;
  /** The hosts of the case's file, lower case: the store is read on those the case can leave cookies on. */
  hosts: string[];
  /** Those of them that an upstream answers (the file's `upstreams`): any answer there may set cookies. */
  upstreamHosts?: readonly string[];
  /** Moves the browser clock (the runner has already waited for the page's script writes). */
  advance(duration: string): void;
  /**
   * Closes the browser and starts it again on the same profile, the clock where it is, and returns the visitor of the
   * new browser. Only a case in a browser of its own can (see restarts()).
   */
  restart?: () => Promise<Visitor>;
  /** The browser clock's time, in milliseconds since the epoch. */
  now(): number;
}

/**
 * Runs one case and returns its observations in order. The visitor's store must be empty: the caller sees to it. An
 * upstream that did not answer a request of a step fails the case there, naming the step, the upstream and the error.
 */
export async function runCase(one: Case, caseContext: CaseContext): Promise<CaseObservation[]> {
  // After a restart, the steps go on in the new browser's visitor.
  const context = { ...caseContext };
  const { server } = context;
  server.clearClaims();
  // Every URL a case answers is claimed from the start (a redirect may reach it first), by its first response.
  for (const step of [...one.steps].reverse()) if (step.respond) server.claim(step.respond);

  const observations: CaseObservation[] = [];
  for (const [index, step] of one.steps.entries()) {
    try {
      if (step.respond) {
        server.claim(step.respond);
        const { url, by, from } = step.respond;
        await request(context, { url, by, from });
      } else if (step.request) {
        await request(context, step.request);
      } else if (step.script) {
        await context.visitor.goto(step.script.url);
        await context.visitor.run((cookies) => cookies.forEach((cookie) => (document.cookie = cookie)), step.script.cookies);
        await waitForScriptCookieWrites(context.visitor, ECHO_PATH);
      } else if (step.advance) {
        context.advance(step.advance);
      } else if (step.restart) {
        if (!context.restart) throw new Error('this case restarts the browser, which only a case in a browser of its own can: run it through tests/cases.spec.ts');
        context.visitor = await context.restart();
      } else if (step.observe) {
        observations.push(await observe(context, step.observe, one));
      }
    } catch (error) {
      // An upstream that did not answer is why the step failed: say so, never what it made of the upstream's silence.
      throwUpstreamFailures(server, index, step);
      throw error;
    }
    throwUpstreamFailures(server, index, step);
  }
  return observations;
}

/** Whether a case restarts the browser: it then runs in a browser of its own, on a profile it can restart on. */
export function restarts(one: Case): boolean {
  return one.steps.some((step) => step.restart);
}

function throwUpstreamFailures(server: CaseResponder, index: number, step: Case['steps'][number]): void {
  const failures = server.upstreamFailures();
  if (failures.length > 0) throw new Error(`step ${index + 1} (${stepLabel(step)}): ${failures.join('; ')}`);
}

async function observe(context: CaseContext, what: Observe, one: Case): Promise<CaseObservation> {
  if (what.sent) return request(context, what.sent);
  if (what.script) {
    await context.visitor.goto(what.script.url);
    return context.visitor.run(() => document.cookie);
  }
  const url = what.stored?.url;
  const upstreamLines = context.server.upstreamCookieLines();
  const hosts = cookieDomains(one, context.upstreamHosts, upstreamLines).filter((domain) => context.hosts.includes(domain));
  const cookies = await context.visitor.storeCookies(storePages([one], hosts, upstreamLines));
  const now = context.now();
  return cookies
    .filter((cookie) => url === undefined || appliesTo(cookie, new URL(url)))
    .map(({ name, value, domain, path, expires, secure, httpOnly, sameSite, partitioned }) => ({
      name,
      value,
      domain,
      path,
      // In days from the browser's now, to two places: a case's own seconds do not show.
      expires: expires === null ? null : Math.round(((expires * 1000 - now) / DAY_MS) * 100) / 100,
      secure,
      httpOnly,
      sameSite,
      partitioned,
    }))
    .sort((a, b) => compare(a.name, b.name) || compare(a.domain ?? '', b.domain ?? '') || compare(a.path ?? '', b.path ?? ''));
}

/**
 * Makes the request a step describes and returns the Cookie header the server received for it (once an upstream
 * answered it). A form POST sends `form`'s fields; a fetch, `method`, `body` and `headers`.
 */
async function request({ visitor, server }: CaseContext, { url, by = 'navigation', from, ...options }: Request & Partial<RequestStep>): Promise<string | null> {
  const received = server.nextRequest(url, REQUEST_TIMEOUT_MS);
  // Settled here too: a failing request below must not leave it rejecting unhandled.
  received.catch(() => {});
  if (by === 'navigation' && from === undefined) {
    await visitor.goto(url);
    return received;
  }
  const origin = new URL(url).origin;
  // Without `from`, a page at the origin of url makes the request: the page shown, when it is one.
  if (from !== undefined) await visitor.goto(from);
  else if ((await visitor.run(() => location.origin)) !== origin) await visitor.goto(`${origin}${HARNESS_PATH}from`);
  switch (by) {
    case 'navigation':
      await addElement(visitor, 'button', { onclick: `location.assign(${JSON.stringify(url)})` });
      await visitor.submit('#cookie-harness-request');
      break;
    case 'link':
      await addElement(visitor, 'a', { href: url });
      await visitor.submit('#cookie-harness-request');
      break;
    case 'form-post':
      await visitor.run(
        ({ action, fields }) => {
          const form = Object.assign(document.createElement('form'), { method: 'post', action });
          for (const [name, value] of fields) form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
          form.append(Object.assign(document.createElement('button'), { id: 'cookie-harness-request', textContent: 'post' }));
          document.body.append(form);
        },
        { action: url, fields: Object.entries(options.form ?? {}) },
      );
      await visitor.submit('#cookie-harness-request');
      break;
    case 'fetch': {
      const init = { ...(options.method !== undefined && { method: options.method }), ...(options.body !== undefined && { body: options.body }), ...(options.headers !== undefined && { headers: options.headers }) };
      // A cross-origin answer without CORS headers rejects in the page; the request was made all the same.
      await visitor.run(({ target, init }) => fetch(target, { ...init, credentials: 'include' }).then(() => 'answered', () => 'refused by the page'), { target: url, init });
      break;
    }
    case 'image':
    case 'iframe':
      await visitor.run(
        ({ target, tag }) =>
          new Promise<void>((resolve) => {
            const element = document.createElement(tag);
            element.onload = element.onerror = () => resolve();
            element.src = target;
            document.body.append(element);
          }),
        { target: url, tag: by === 'image' ? 'img' : 'iframe' } as const,
      );
      break;
  }
  return received;
}

function addElement(visitor: Visitor, tag: 'a' | 'button', attributes: Record<string, string>): Promise<void> {
  return visitor.run(
    ({ tag, attributes }) => {
      const element = document.createElement(tag);
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
      element.id = 'cookie-harness-request';
      element.textContent = 'request';
      document.body.append(element);
    },
    { tag, attributes },
  );
}

/**
 * The hosts a case can leave cookies on: those of its `respond` and `script` URLs (any other URL of a case host
 * answers without a Set-Cookie), whose cookies include those with the Domain of a parent; every host of its URLs that
 * an upstream answers (`upstreamHosts`: any answer there may set cookies); and any other `Domain` attribute its lines
 * or the upstreams' Set-Cookie lines (`upstreamLines`) give (lower case, without a leading dot), which a store should
 * refuse but might keep. Such a value need not be a case host: nothing can visit it.
 */
export function cookieDomains(one: Case, upstreamHosts: readonly string[] = [], upstreamLines: readonly string[] = []): string[] {
  const upstreamURLs = one.steps.flatMap(stepURLs).filter((url) => upstreamHosts.includes(new URL(url).hostname));
  const writers = new Set([...one.steps.flatMap((step) => [step.respond?.url, step.script?.url].filter((url) => url !== undefined)), ...upstreamURLs].map((url) => new URL(url).hostname));
  const domains = new Set(writers);
  for (const line of [...cookieLines(one), ...upstreamLines]) {
    for (const [, value] of line.matchAll(/;\s*domain\s*=([^;]*)/gi)) {
      const domain = value!.trim().toLowerCase().replace(/^\./, '');
      if (![...writers].some((host) => host === domain || host.endsWith(`.${domain}`))) domains.add(domain);
    }
  }
  return [...domains];
}

/** Every URL a step names. */
function stepURLs(step: Case['steps'][number]): string[] {
  const { respond, request, script, observe } = step;
  return [respond?.url, respond?.from, request?.url, request?.from, script?.url, observe?.sent?.url, observe?.sent?.from, observe?.stored?.url, observe?.script?.url].filter((url) => url !== undefined);
}

/**
 * Pages to read the store on, for a lane that lists only the cookies the shown page would get (WebDriver): on each
 * host, over HTTPS (Secure ones too), below every directory of the cases' URLs and of the Path attributes their
 * cookies (and the upstreams' Set-Cookie lines) give. A cookie whose path is none of these is not seen there.
 */
export function storePages(cases: Case[], hosts: string[], upstreamLines: readonly string[] = []): string[] {
  const paths = new Set<string>(['/']);
  const addDirectories = (pathname: string) => {
    const segments = pathname.split('/').filter(Boolean);
    for (let depth = 1; depth <= segments.length; depth++) paths.add(`/${segments.slice(0, depth).join('/')}/`);
  };
  for (const one of cases) {
    for (const url of one.steps.flatMap(stepURLs)) addDirectories(new URL(url).pathname);
    for (const line of [...cookieLines(one), ...upstreamLines]) {
      for (const [, path] of line.matchAll(/;\s*path\s*=\s*(\/[^;]*)/gi)) addDirectories(path!.trim());
    }
  }
  return hosts.flatMap((host) => [...paths].map((path) => `https://${host}${path}${HARNESS_SEGMENT.slice(1)}-store`));
}

/** Every header line of the case's responses and every cookie its pages' scripts write. */
function cookieLines(one: Case): string[] {
  return one.steps.flatMap((step) => [...(step.respond?.headers ?? []), ...(step.script?.cookies ?? [])]);
}

/** Whether the store would pick the cookie for the URL by domain, path and Secure (RFC 6265bis 5.8.3), SameSite aside. */
function appliesTo(cookie: ReportedCookie, url: URL): boolean {
  // Never guessed: a cookie whose domain or path the store left out cannot be said to apply to a URL.
  if (cookie.domain === null || cookie.path === null) throw new Error(`The store did not report the domain and path of the cookie ${cookie.name}, so a stored observation for ${url.href} cannot pick it`);
  const domain = cookie.domain.replace(/^\./, '');
  const hostOnly = !cookie.domain.startsWith('.');
  const domainMatch = url.hostname === domain || (!hostOnly && url.hostname.endsWith(`.${domain}`));
  const path = cookie.path;
  const pathMatch = url.pathname === path || (url.pathname.startsWith(path) && (path.endsWith('/') || url.pathname[path.length] === '/'));
  return domainMatch && pathMatch && (cookie.secure !== true || url.protocol === 'https:');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
