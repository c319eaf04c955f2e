import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { LoadedCaseFile } from '../harness/cases/load.ts';
import { ECHO_PATH, type Respond } from '../harness/cases/schema.ts';
import { CASE_PAGE, writeRawResponse } from './raw-response.ts';

// The ports a browser asks the proxy for: the case URLs carry none, so they are the schemes' defaults.
const SCHEME_BY_PORT = new Map([
  ['80', 'http'],
  ['443', 'https'],
]);
const ALLOWED_METHODS = 'GET, HEAD, POST';

/** What the server received for one URL: the Cookie header, null when there was none. */
type CookieHeader = string | null;

export interface CaseServer {
  /** The proxy every lane sends the case hosts' requests to: `http://127.0.0.1:<port>`. */
  readonly proxyURL: string;
  /** The case hosts, lower-case. */
  readonly hosts: ReadonlySet<string>;
  /** Forgets every claim: each URL answers 200 and records its Cookie header again. */
  clearClaims(): void;
  /** From now on, the request to `respond.url` gets its status and header lines, whatever its method. */
  claim(respond: Respond): void;
  /** The Cookie header of the next request to `url` (the key: scheme, host, path and query). Rejects after `timeoutMs`. */
  nextRequest(url: string, timeoutMs: number): Promise<CookieHeader>;
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
 * becomes a header.
 */
export async function startCaseServer({ files, cert, key }: { files: LoadedCaseFile[]; cert: string; key: string }): Promise<CaseServer> {
  const hosts = new Set(files.flatMap((file) => file.hosts));
  const claims = new Map<string, Respond>();
  const waiting = new Map<string, ((cookieHeader: CookieHeader) => void)[]>();

  const answer = (scheme: string) => (req: IncomingMessage, res: ServerResponse) => {
    const url = requestURL(scheme, req);
    if (!url || !hosts.has(url.hostname)) return refuse(res, 400, 'Not a case host.');
    // The body (a form POST's) is not needed: read it so the connection is free.
    req.resume();
    const key = urlKey(url);
    const waiters = waiting.get(key);
    waiting.delete(key);
    for (const resolve of waiters ?? []) resolve(req.headers.cookie ?? null);
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
    clearClaims: () => claims.clear(),
    claim: (respond) => void claims.set(urlKey(new URL(respond.url)), respond),
    nextRequest(url, timeoutMs) {
      const key = urlKey(new URL(url));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const waiters = waiting.get(key) ?? [];
          waiters.splice(waiters.indexOf(done), 1);
          reject(new Error(`No request for ${url} reached the server within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (cookieHeader: CookieHeader) => {
          clearTimeout(timer);
          resolve(cookieHeader);
        };
        waiting.set(key, [...(waiting.get(key) ?? []), done]);
      });
    },
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
