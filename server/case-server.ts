import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { LoadedCaseFile } from '../harness/cases/load.ts';
import { ECHO_PATH, HARNESS_SEGMENT, upstreamOrigin, type Respond, type Upstream } from '../harness/cases/schema.ts';
import { CASE_PAGE, writeRawResponse } from './raw-response.ts';

// The ports a browser asks the proxy for: the case URLs carry none, so they are the schemes' defaults.
const SCHEME_BY_PORT = new Map([
  ['80', 'http'],
  ['443', 'https'],
]);
const ALLOWED_METHODS = 'GET, HEAD, POST';
// How long an upstream may take to send its answer's head before the request fails, naming the upstream.
const UPSTREAM_TIMEOUT_MS = 20_000;
// Headers of one connection (RFC 9110 7.6.1), never forwarded either way; Host is the upstream's own.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

/** What the server received for one URL: the Cookie header, null when there was none. */
type CookieHeader = string | null;

/** Someone waiting for the next request to a URL: told its Cookie header, or why its upstream did not answer. */
interface Waiter {
  resolve(cookieHeader: CookieHeader): void;
  reject(error: Error): void;
}

/** An upstream as the run resolved it: its origin, or why it has none (an environment variable not set, say). */
type ResolvedUpstream = { origin: string; named: string } | { error: string; named: string };

export interface CaseServer {
  /** The proxy every lane sends the case hosts' requests to: `http://127.0.0.1:<port>`. */
  readonly proxyURL: string;
  /** The case hosts, lower-case. */
  readonly hosts: ReadonlySet<string>;
  /** Forgets every claim, every upstream failure and every upstream Set-Cookie line: each URL answers as at the start. */
  clearClaims(): void;
  /** From now on, the request to `respond.url` gets its status and header lines, whatever its method. */
  claim(respond: Respond): void;
  /**
   * The Cookie header of the next request to `url` (the key: scheme, host, path and query), once it has been answered
   * where an upstream answers it. Rejects, naming the upstream and its error, where the upstream did not answer, and
   * after `timeoutMs` where no request came. A CORS preflight (OPTIONS) is not the request: it never resolves it.
   */
  nextRequest(url: string, timeoutMs: number): Promise<CookieHeader>;
  /** Each upstream request since clearClaims() that got no answer: the upstream, the request, the error. */
  upstreamFailures(): string[];
  /** The Set-Cookie lines the upstreams sent since clearClaims(), as they sent them. */
  upstreamCookieLines(): string[];
  close(): Promise<void>;
}

/** `https://example.test/a?b`: the key of a URL, as a case writes it and as a request arrives. */
function urlKey(url: URL): string {
  return `${url.protocol}//${url.hostname}${url.pathname}${url.search}`;
}

/**
 * The server for case files: it answers the case hosts only, as an HTTP proxy that every lane uses for them (so the
 * browser believes the host is `shop.co.uk`, at the scheme's default port), over HTTP and over HTTPS through CONNECT
 * with the run's certificate. A URL a case claims gets the case's bytes; any other URL of a case host answers 200 and
 * records the Cookie header it received, `/.cookie-harness/echo` with that header as JSON. No text of a request ever
 * becomes a header of an answer of this server.
 *
 * A host a file names in `upstreams` is answered by that server instead (forward()): its requests go there over HTTP
 * (or HTTPS) with the upstream's host and port as Host, and its answers come back with the headers it sent. Paths
 * with a segment starting `.cookie-harness` stay the harness's own on every host. `env` (process.env by default)
 * resolves the upstreams that name an environment variable.
 */
export async function startCaseServer({ files, cert, key, env = process.env }: { files: LoadedCaseFile[]; cert: string; key: string; env?: NodeJS.ProcessEnv }): Promise<CaseServer> {
  const hosts = new Set(files.flatMap((file) => file.hosts));
  const upstreams = new Map(files.flatMap((file) => [...file.upstreams].map(([host, upstream]): [string, ResolvedUpstream] => [host, resolveUpstream(upstream, env)])));
  const claims = new Map<string, Respond>();
  const waiting = new Map<string, Waiter[]>();
  let failures: string[] = [];
  let cookieLines: string[] = [];
  // An HTTPS upstream is trusted as Node trusts a server, or by the run's own certificate (the server under test's).
  const trusted = [...rootCertificates, cert];

  /** The waiters for a URL, taken: the next request to it is theirs. */
  const waitersOf = (key: string) => {
    const waiters = waiting.get(key) ?? [];
    waiting.delete(key);
    return waiters;
  };

  /** Sends a request for an upstream's host on to the upstream, and its answer back as the upstream sent it. */
  const forward = (req: IncomingMessage, res: ServerResponse, url: URL, upstream: ResolvedUpstream, waiters: Waiter[]) => {
    const cookieHeader = req.headers.cookie ?? null;
    let answered = false;
    const fail = (why: string) => {
      const message = `the upstream of ${url.hostname} (${upstream.named}) did not answer ${req.method} ${url.pathname}${url.search}: ${why}`;
      // The icon a browser asks for by itself is no request of the case: its failure would only repeat the case's.
      if (url.pathname !== '/favicon.ico') failures.push(message);
      for (const waiter of waiters) waiter.reject(new Error(message));
      req.resume();
      if (!answered) refuse(res, 502, 'The upstream of this case host did not answer.');
      else req.socket.destroy();
    };
    if ('error' in upstream) return fail(upstream.error);
    const target = new URL(`${url.pathname}${url.search}`, upstream.origin);
    const headers = [...pairs(req.rawHeaders).filter(([name]) => !hopByHop(name, req.headers.connection)).flat(), 'Host', target.host];
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    // Lenient, as a browser is: an odd byte in an upstream's header line reaches the browser, whose handling is the point.
    const outgoing = send(target, { method: req.method, headers, agent: false, ca: trusted, timeout: UPSTREAM_TIMEOUT_MS, insecureHTTPParser: true });
    outgoing.once('timeout', () => outgoing.destroy(new Error(`no answer within ${UPSTREAM_TIMEOUT_MS} ms`)));
    outgoing.once('error', (error: NodeJS.ErrnoException) => fail(error.message || error.code || 'the connection failed'));
    outgoing.once('response', (answer) => {
      outgoing.setTimeout(0);
      answered = true;
      const lines = pairs(answer.rawHeaders).filter(([name]) => !hopByHop(name, answer.headers.connection));
      cookieLines.push(...lines.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, value]) => value));
      for (const waiter of waiters) waiter.resolve(cookieHeader);
      // The upstream's header lines as it sent them (each character one byte), but those of its connection to this
      // server; the body follows as it came, its end the connection's: nothing of Node's is added.
      const head = `HTTP/1.1 ${answer.statusCode} ${answer.statusMessage ?? ''}\r\n${[...lines.map(([name, value]) => `${name}: ${value}`), 'Connection: close'].map((line) => `${line}\r\n`).join('')}\r\n`;
      req.socket.write(Buffer.from(head, 'latin1'));
      answer.once('error', () => req.socket.destroy());
      answer.pipe(req.socket);
    });
    req.pipe(outgoing);
  };

  const answer = (scheme: string) => (req: IncomingMessage, res: ServerResponse) => {
    const url = requestURL(scheme, req);
    if (!url || !hosts.has(url.hostname)) return refuse(res, 400, 'Not a case host.');
    const key = urlKey(url);
    // A CORS preflight is not the request a step waits for.
    const waiters = req.method === 'OPTIONS' ? [] : waitersOf(key);
    const upstream = upstreams.get(url.hostname);
    if (upstream && !url.pathname.includes(HARNESS_SEGMENT)) return forward(req, res, url, upstream, waiters);
    // The body (a form POST's) is not needed: read it so the connection is free.
    req.resume();
    for (const waiter of waiters) waiter.resolve(req.headers.cookie ?? null);
    const claimed = claims.get(key);
    if (claimed) return writeRawResponse(req.socket, claimed.status, claimed.headers, { head: req.method === 'HEAD' });
    if (!ALLOWED_METHODS.split(', ').includes(req.method ?? '')) return refuse(res, 405, 'Method not allowed.', { Allow: ALLOWED_METHODS });
    if (url.pathname === ECHO_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      return res.end(JSON.stringify({ cookieHeader: req.headers.cookie ?? null }));
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end(CASE_PAGE);
  };

  const http = createHttpServer(answer('http'));
  const https = createHttpsServer({ cert, key }, answer('https'));
  // CONNECT case-host:443 (or :80) tunnels to the HTTPS (or HTTP) side of this server; any other target is refused.
  http.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // Node's HTTP server stops listening for a CONNECT socket's errors: a client that resets it (a browser closed while
    // the proxy refuses its own background requests) would otherwise end the process with an uncaught ECONNRESET.
    socket.on('error', () => socket.destroy());
    const match = /^([^:]+):(\d+)$/.exec(req.url ?? '');
    const scheme = match ? SCHEME_BY_PORT.get(match[2]!) : undefined;
    if (!match || !scheme || !hosts.has(match[1]!.toLowerCase())) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 18\r\nConnection: close\r\n\r\nNot a case host.\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    (scheme === 'https' ? https : http).emit('connection', socket);
  });
  // Every connection, tunnels included (the HTTP server stops tracking a socket once it is a tunnel), so close() ends them.
  const sockets = new Set<Socket>();
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => http.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  return {
    proxyURL: `http://127.0.0.1:${port}`,
    hosts,
    clearClaims: () => {
      claims.clear();
      failures = [];
      cookieLines = [];
    },
    claim: (respond) => void claims.set(urlKey(new URL(respond.url)), respond),
    nextRequest(url, timeoutMs) {
      const key = urlKey(new URL(url));
      return new Promise((resolve, reject) => {
        // Taken off the list when the request comes (waitersOf), else when the time is up.
        const timer = setTimeout(() => {
          const waiters = waiting.get(key) ?? [];
          if (waiters.includes(waiter)) waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`No request for ${url} reached the server within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter: Waiter = {
          resolve: (cookieHeader) => {
            clearTimeout(timer);
            resolve(cookieHeader);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiting.set(key, [...(waiting.get(key) ?? []), waiter]);
      });
    },
    upstreamFailures: () => [...failures],
    upstreamCookieLines: () => [...cookieLines],
    async close() {
      const closed = new Promise((resolve) => http.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/**
 * The URL a request names: absolute (a request through the proxy) or a path with the Host header (inside a tunnel).
 * Undefined when it names none.
 */
function requestURL(scheme: string, req: IncomingMessage): URL | undefined {
  const target = req.url ?? '';
  if (/^https?:\/\//i.test(target)) {
    const url = URL.canParse(target) ? new URL(target) : undefined;
    return url && url.protocol === `${scheme}:` && !url.port ? url : undefined;
  }
  const host = req.headers.host;
  if (!target.startsWith('/') || !host || !URL.canParse(`${scheme}://${host}${target}`)) return undefined;
  const url = new URL(`${scheme}://${host}${target}`);
  return url.port ? undefined : url;
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', Connection: 'close' });
  res.end(`${message}\n`);
}

/** An upstream's origin, as a file gives it or as its environment variable holds it when the server starts. */
function resolveUpstream(upstream: Upstream, env: NodeJS.ProcessEnv): ResolvedUpstream {
  if (typeof upstream === 'string') {
    const resolved = upstreamOrigin(upstream);
    return 'origin' in resolved ? { origin: resolved.origin, named: resolved.origin } : { error: resolved.error, named: upstream };
  }
  const named = `$${upstream.env}`;
  const value = Object.hasOwn(env, upstream.env) ? env[upstream.env] : undefined;
  if (!value) return { error: `the environment variable ${upstream.env} is not set`, named };
  const resolved = upstreamOrigin(value);
  return 'origin' in resolved ? { origin: resolved.origin, named: `${resolved.origin}, from ${upstream.env}` } : { error: `${upstream.env}: ${resolved.error}`, named };
}

/** Raw header lines (`[name, value, name, value, …]`) as pairs. */
function pairs(rawHeaders: string[]): [string, string][] {
  return rawHeaders.flatMap((item, index) => (index % 2 === 0 ? [[item, rawHeaders[index + 1]!] as [string, string]] : []));
}

/** Whether a header belongs to one connection: a hop-by-hop header, or one its Connection header names. */
function hopByHop(name: string, connection: string | undefined): boolean {
  const lower = name.toLowerCase();
  return HOP_BY_HOP.has(lower) || (connection ?? '').split(',').some((token) => token.trim().toLowerCase() === lower);
}
