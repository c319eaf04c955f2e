import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadCaseFiles } from '../../harness/cases/load.ts';
import { makeTestCertificate } from '../../harness/run/test-certificate.ts';
import { startCaseServer, type CaseServer } from '../../server/case-server.ts';
import { expect, test } from '../support/fixtures.ts';
import { exchange, statusOf } from '../support/raw-exchange.ts';

// The case server in front of servers of one's own (a case file's `upstreams`), driven byte for byte over its proxy
// port as a browser would: through a CONNECT tunnel with TLS, or with an absolute URL over HTTP.
const SOCKET_TIMEOUT_MS = 10_000;
const ENV_VARIABLE = 'CASE_UPSTREAM_UNDER_TEST';
// What the upstream answers, header lines as it writes them: names in their own case, a control character and a raw
// 0xE9 byte (one character each), which a browser gets to judge.
const UPSTREAM_SET_COOKIES = ['lower=1; Path=/', 'ctl=a\u0001b; Domain=app.example; HttpOnly', 'latin1=caf\u00e9; Path=/'];
const UPSTREAM_LINES = [`set-cookie: ${UPSTREAM_SET_COOKIES[0]}`, ...UPSTREAM_SET_COOKIES.slice(1).map((line) => `Set-Cookie: ${line}`), 'X-Upstream: as sent', 'Content-Type: text/plain', 'Content-Length: 13'];

interface Received {
  method: string;
  url: string;
  rawHeaders: string[];
  body: string;
}

let upstream: Server;
let upstreamOrigin: string;
let secureUpstream: Server;
let received: Received[] = [];
let server: CaseServer;
let unsetServer: CaseServer;
let directory: string;

test.beforeAll(async () => {
  // A server of one's own: it records what it received, and answers with its own lines, and no Date of Node's.
  upstream = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString() });
      res.socket!.end(Buffer.from(`HTTP/1.1 201 Made Here\r\n${UPSTREAM_LINES.join('\r\n')}\r\nConnection: close\r\n\r\nupstream body`, 'latin1'));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  // A port nothing listens on: one a server had, closed again.
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const refusedOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));

  directory = mkdtempSync(path.join(os.tmpdir(), 'case-upstreams-'));
  const hosts = ['app.example', 'refused.example', 'env.example', 'secure.example', 'plain.example', 'constructor'];
  const certificate = await makeTestCertificate(hosts);
  try {
    const [cert, key] = [readFileSync(certificate.certFile, 'utf8'), readFileSync(certificate.keyFile, 'utf8')];
    // An upstream over HTTPS with the run's own certificate, as the server under test listens.
    secureUpstream = createHttpsServer({ cert, key }, (req, res) => {
      received.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: '' });
      res.writeHead(200, { 'Set-Cookie': 'secure=1; Secure; Path=/', 'Content-Length': '2' }).end('ok');
    });
    await new Promise<void>((resolve) => secureUpstream.listen(0, '127.0.0.1', resolve));
    const secureOrigin = `https://localhost:${(secureUpstream.address() as AddressInfo).port}`;
    const file = path.join(directory, 'upstreams.json');
    writeFileSync(
      file,
      JSON.stringify({
        hosts,
        upstreams: { 'app.example': upstreamOrigin, 'refused.example': refusedOrigin, 'env.example': { env: ENV_VARIABLE }, 'secure.example': secureOrigin },
        cases: [{ id: 'upstreams-under-test', title: 'upstreams', steps: [{ observe: { sent: { url: 'https://app.example/' } } }] }],
      }),
    );
    const files = loadCaseFiles([file]);
    server = await startCaseServer({ files, cert, key, env: { [ENV_VARIABLE]: upstreamOrigin } });
    unsetServer = await startCaseServer({ files, cert, key, env: {} });
  } finally {
    certificate.remove();
  }
});

test.beforeEach(() => {
  received = [];
  server.clearClaims();
});

test.afterAll(async () => {
  await server?.close();
  await unsetServer?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  await new Promise((resolve) => secureUpstream?.close(resolve));
  rmSync(directory, { recursive: true, force: true });
});

test.describe('case server in front of an upstream', () => {
  test("should send an upstream host's request to the upstream with the upstream's Host, path, query, Cookie and body", async () => {
    const cookieHeader = server.nextRequest('https://app.example/login?next=%2Fhome', SOCKET_TIMEOUT_MS);
    const request = 'POST /login?next=%2Fhome HTTP/1.1\r\nHost: app.example\r\nCookie: a=1; b=2\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 6\r\n\r\nuser=a';
    const answer = await exchange(proxyPort(server), request, 'app.example:443');
    expect(statusOf(answer)).toBe(201);
    expect(await cookieHeader).toBe('a=1; b=2');
    expect(received).toHaveLength(1);
    const [one] = received;
    expect(one!.method).toBe('POST');
    expect(one!.url).toBe('/login?next=%2Fhome');
    expect(one!.body).toBe('user=a');
    const headers = pairs(one!.rawHeaders);
    // The Host the upstream expects: its own host and port, once; the browser's other lines as they came.
    expect(headers.filter(([name]) => name.toLowerCase() === 'host')).toEqual([['Host', new URL(upstreamOrigin).host]]);
    expect(headers).toContainEqual(['Cookie', 'a=1; b=2']);
    expect(headers).toContainEqual(['Content-Type', 'application/x-www-form-urlencoded']);
  });

  test("should pass the upstream's answer back as it sent it: status, Set-Cookie and every line, adding nothing", async () => {
    const answer = await exchange(proxyPort(server), 'GET /page HTTP/1.1\r\nHost: app.example\r\nX-From-The-Request: injected\r\n\r\n', 'app.example:443');
    const head = headOf(answer);
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 201 Made Here');
    for (const line of UPSTREAM_LINES) expect(head).toContain(`\r\n${line}\r\n`);
    expect(answer.toString('latin1').endsWith('\r\n\r\nupstream body')).toBe(true);
    // Nothing of the harness's own (no Date, no Cache-Control, no nosniff), and no text of the request.
    expect(head).not.toMatch(/\r\n(date|cache-control|x-content-type-options):/i);
    expect(head).not.toContain('injected');
    expect(server.upstreamCookieLines()).toEqual(UPSTREAM_SET_COOKIES);
  });

  test('should send an upstream host over HTTP to the upstream too', async () => {
    const answer = await exchange(proxyPort(server), 'GET http://app.example/plain HTTP/1.1\r\nHost: app.example\r\n\r\n');
    expect(statusOf(answer)).toBe(201);
    expect(received.map(({ url }) => url)).toEqual(['/plain']);
  });

  test("should send an upstream host to an https upstream that the run's own certificate serves", async () => {
    const answer = await exchange(proxyPort(server), 'GET /over-tls HTTP/1.1\r\nHost: secure.example\r\n\r\n', 'secure.example:443');
    expect(statusOf(answer)).toBe(200);
    expect(headOf(answer)).toContain('\r\nSet-Cookie: secure=1; Secure; Path=/\r\n');
    expect(received.map(({ url, rawHeaders }) => [url, pairs(rawHeaders).find(([name]) => name === 'Host')?.[1]])).toEqual([['/over-tls', `localhost:${(secureUpstream.address() as AddressInfo).port}`]]);
  });

  test("should keep the harness's own paths on an upstream host: the upstream never sees them", async () => {
    const answer = await exchange(proxyPort(server), 'GET /.cookie-harness/echo HTTP/1.1\r\nHost: app.example\r\nCookie: c=3\r\n\r\n', 'app.example:443');
    expect(statusOf(answer)).toBe(200);
    expect(answer.toString('latin1')).toContain(JSON.stringify({ cookieHeader: 'c=3' }));
    expect(received).toEqual([]);
  });

  test('should fail the request that an upstream refuses, naming the upstream and the error, and answer the browser 502', async () => {
    const cookieHeader = server.nextRequest('https://refused.example/login', SOCKET_TIMEOUT_MS);
    cookieHeader.catch(() => {});
    const answer = await exchange(proxyPort(server), 'GET /login HTTP/1.1\r\nHost: refused.example\r\nCookie: a=1\r\n\r\n', 'refused.example:443');
    expect(statusOf(answer)).toBe(502);
    await expect(cookieHeader).rejects.toThrow(/^the upstream of refused\.example \(http:\/\/127\.0\.0\.1:\d+\) did not answer GET \/login: connect ECONNREFUSED/);
    expect(server.upstreamFailures()).toEqual([expect.stringMatching(/^the upstream of refused\.example .* ECONNREFUSED/)]);
  });

  test('should take an upstream from its environment variable, and fail naming the variable where it is not set', async () => {
    expect(statusOf(await exchange(proxyPort(server), 'GET /from-env HTTP/1.1\r\nHost: env.example\r\n\r\n', 'env.example:443'))).toBe(201);
    expect(received.map(({ url }) => url)).toEqual(['/from-env']);
    unsetServer.clearClaims();
    const cookieHeader = unsetServer.nextRequest('https://env.example/from-env', SOCKET_TIMEOUT_MS);
    cookieHeader.catch(() => {});
    expect(statusOf(await exchange(proxyPort(unsetServer), 'GET /from-env HTTP/1.1\r\nHost: env.example\r\n\r\n', 'env.example:443'))).toBe(502);
    await expect(cookieHeader).rejects.toThrow(`the upstream of env.example ($${ENV_VARIABLE}) did not answer GET /from-env: the environment variable ${ENV_VARIABLE} is not set`);
  });

  test('should look hosts up as own names only: __proto__, constructor and toString are no upstream', async () => {
    for (const host of ['__proto__', 'toString', 'hasOwnProperty']) {
      expect(statusOf(await exchange(proxyPort(server), `CONNECT ${host}:443 HTTP/1.1\r\nHost: ${host}:443\r\n\r\n`)), host).toBe(403);
      expect(statusOf(await exchange(proxyPort(server), `GET http://${host}/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`)), host).toBe(400);
    }
    // A case host named constructor, with no upstream: the case server answers it, and the upstream never hears of it.
    expect(statusOf(await exchange(proxyPort(server), 'GET /x HTTP/1.1\r\nHost: constructor\r\n\r\n', 'constructor:443'))).toBe(200);
    expect(statusOf(await exchange(proxyPort(server), 'GET http://plain.example/__proto__ HTTP/1.1\r\nHost: plain.example\r\n\r\n'))).toBe(200);
    expect(received).toEqual([]);
  });
});

function proxyPort(caseServer: CaseServer): number {
  return Number(new URL(caseServer.proxyURL).port);
}

function pairs(rawHeaders: string[]): [string, string][] {
  return rawHeaders.flatMap((item, index) => (index % 2 === 0 ? [[item, rawHeaders[index + 1]!] as [string, string]] : []));
}

/** The status line and header lines of a raw answer, one character per byte. */
function headOf(answer: Buffer): string {
  return answer.subarray(0, answer.indexOf('\r\n\r\n') + 2).toString('latin1');
}
