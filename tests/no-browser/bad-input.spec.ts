import net from 'node:net';
import tls from 'node:tls';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';

// What the server answers when it refuses a username (server/app.ts).
const USERNAME_RULE = 'A username is 1 to 64 letters, digits, spaces, ".", "_" or "-".';
// Node refuses request headers larger than this (--max-http-header-size) with 431.
const NODE_HEADER_LIMIT = 16 * 1024;
// Deeper than V8's JSON.stringify can recurse, shallower than JSON.parse and the header limit allow.
const DEEP_JSON_LEVELS = 7000;
// A raw socket waits this long for a complete answer before the test fails; it never sleeps.
const SOCKET_TIMEOUT_MS = 10_000;

/** One response, from the request fixture or a raw socket, with lower-case header names. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A Cookie header the server must survive. As a string the request fixture sends it; bytes the
 * request fixture cannot send (raw UTF-8, several Cookie lines) go over a raw socket: a Buffer as
 * one line, a string[] as one line each.
 */
interface CookieInput {
  name: string;
  header: string | Buffer | string[];
  /** The username the pages greet; undefined greets a guest. */
  username: string | undefined;
  /** The cookies the echo route reports, when worth pinning. */
  cookies?: Record<string, unknown>;
  /** The echo route refuses the input as bad (400) instead of echoing it. */
  echoRefuses?: true;
}

/** Bytes Node's HTTP parser refuses before Express sees them; only a raw socket sends them. */
interface RefusedCookieInput {
  name: string;
  header: Buffer;
  status: 400 | 431;
}

const FIVE_HUNDRED_COOKIES = Array.from({ length: 500 }, (_, i) => `c${i}=v${i}`).concat('username=Ada');
const DEEP_JSON = '['.repeat(DEEP_JSON_LEVELS) + ']'.repeat(DEEP_JSON_LEVELS);
const BYTES_UNDER_LIMIT = 12 * 1024;

const COOKIE_INPUTS: CookieInput[] = [
  { name: 'a pair without "="', header: 'username', username: undefined, cookies: {} },
  { name: 'an empty header', header: '', username: undefined, cookies: {} },
  { name: 'only separators', header: ';;; ; =; ==', username: undefined },
  { name: 'a duplicate name (the first wins)', header: 'username=Ada; username=Bob', username: 'Ada', cookies: { username: 'Ada' } },
  { name: 'a quoted value', header: 'username="Ada"', username: 'Ada', cookies: { username: 'Ada' } },
  { name: 'an unterminated quote', header: 'username="Ada', username: '"Ada', cookies: { username: '"Ada' } },
  { name: 'invalid percent-encoding', header: 'username=%E0%A4%A', username: '%E0%A4%A', cookies: { username: '%E0%A4%A' } },
  { name: 'a lone "%"', header: 'username=%', username: '%', cookies: { username: '%' } },
  { name: 'a tab inside the value', header: 'username=A\tda', username: 'A\tda', cookies: { username: 'A\tda' } },
  { name: 'a "j:" prefix that does not parse', header: 'username=j:{bad', username: 'j:{bad', cookies: { username: 'j:{bad' } },
  { name: 'a "j:" prefix that parses to an object', header: 'username=j:{"name":"Ada"}', username: undefined, cookies: { username: { name: 'Ada' } } },
  {
    name: `a "j:" array nested ${DEEP_JSON_LEVELS} deep`,
    header: `username=j:${DEEP_JSON}`,
    username: undefined,
    // The parsed cookie nests deeper than JSON.stringify recurses: the echo refuses it as bad input.
    echoRefuses: true,
  },
  {
    name: '"__proto__" and "constructor" as names',
    header: '__proto__=j:{"username":"Mallory"}; constructor=j:{"prototype":{"username":"Mallory"}}',
    username: undefined,
    cookies: { constructor: { prototype: { username: 'Mallory' } } },
  },
  { name: 'a forged signed cookie', header: 'signed_username=s:Mallory.forgedsignature', username: undefined, cookies: {} },
  { name: '500 cookies', header: FIVE_HUNDRED_COOKIES.join('; '), username: 'Ada' },
  { name: `${BYTES_UNDER_LIMIT / 1024} KiB, under the header limit`, header: `username=${'a'.repeat(BYTES_UNDER_LIMIT)}`, username: 'a'.repeat(BYTES_UNDER_LIMIT) },
  {
    name: 'raw UTF-8',
    header: Buffer.from('username=Zoë 😀', 'utf8'),
    // Node reads header bytes as Latin-1, so the greeting shows each UTF-8 byte as one character.
    username: Buffer.from('Zoë 😀', 'utf8').toString('latin1'),
  },
  { name: 'two Cookie header lines', header: ['username=Ada', 'username=Bob; x=1'], username: 'Ada', cookies: { username: 'Ada', x: '1' } },
];

const REFUSED_COOKIE_INPUTS: RefusedCookieInput[] = [
  { name: 'a NUL byte', header: Buffer.from('username=a\x00b', 'latin1'), status: 400 },
  { name: 'a control character (0x01)', header: Buffer.from('username=a\x01b', 'latin1'), status: 400 },
  { name: 'an escape character (0x1B)', header: Buffer.from('username=a\x1bb', 'latin1'), status: 400 },
  { name: 'a DEL character (0x7F)', header: Buffer.from('username=a\x7fb', 'latin1'), status: 400 },
  { name: 'a bare CR', header: Buffer.from('username=a\rb', 'latin1'), status: 400 },
  { name: 'a bare LF injecting a header', header: Buffer.from('username=a\nX-Injected: 1', 'latin1'), status: 400 },
  { name: 'a header four times over the limit', header: Buffer.from(`username=${'a'.repeat(4 * NODE_HEADER_LIMIT)}`, 'latin1'), status: 431 },
];

/** The page text each cookie route shows for a username (or none). */
const PAGE_ROUTES: { path: string; text: (username: string | undefined) => string }[] = [
  { path: '/', text: (username) => (username === undefined ? 'Hello, Guest!' : `Welcome back, ${username}!`) },
  { path: '/getcookie', text: (username) => (username === undefined ? 'No cookie found!' : `Found cookie! Username: ${username}`) },
  // None of the inputs carries a valid signature.
  { path: '/getsignedcookie', text: () => 'No signed cookie found!' },
];

/** A username /setcookie and /setsignedcookie must refuse, as it appears in the query string. */
const BAD_USERNAMES: { name: string; query: string }[] = [
  { name: 'an empty username', query: 'username=' },
  { name: 'a 65-character username', query: `username=${'a'.repeat(65)}` },
  { name: 'an 8 KiB username', query: `username=${'a'.repeat(8 * 1024)}` },
  { name: 'a <script> tag', query: `username=${encodeURIComponent('<script>alert(1)</script>')}` },
  { name: 'a ";" that would end the cookie', query: `username=${encodeURIComponent('a;b')}` },
  { name: 'an "=" inside', query: `username=${encodeURIComponent('a=b')}` },
  { name: 'a newline (%0A)', query: 'username=Ada%0A' },
  { name: 'a CRLF injecting Set-Cookie', query: `username=${encodeURIComponent('Ada\r\nSet-Cookie: admin=1')}` },
  { name: 'a NUL byte (%00)', query: 'username=Ada%00' },
  { name: 'a non-ASCII letter', query: `username=${encodeURIComponent('Zoë')}` },
  { name: 'invalid percent-encoding', query: 'username=%E0%A4%A' },
  { name: 'a "j:" JSON prefix', query: `username=${encodeURIComponent('j:{"admin":true}')}` },
  { name: 'a repeated parameter', query: 'username=a&username=b' },
  { name: 'a repeated parameter, one of them empty', query: 'username=Ada&username=' },
];

/** Requests that do not reach a cookie route: each answers with a short text. */
const STRAY_REQUESTS: { name: string; method: string; path: string; status: number; body: string; allow?: string }[] = [
  { name: 'an unknown route', method: 'GET', path: '/nope', status: 404, body: 'Not found.' },
  { name: 'an unknown nested route', method: 'GET', path: '/nope/deeper/index.php', status: 404, body: 'Not found.' },
  { name: 'a path with invalid percent-encoding', method: 'GET', path: '/%zz', status: 404, body: 'Not found.' },
  { name: 'a POST to an unknown route', method: 'POST', path: '/nope', status: 404, body: 'Not found.' },
  { name: 'a POST to /setcookie', method: 'POST', path: '/setcookie', status: 405, body: 'Method not allowed.', allow: 'GET, HEAD' },
  { name: 'a DELETE of /', method: 'DELETE', path: '/', status: 405, body: 'Method not allowed.', allow: 'GET, HEAD' },
  { name: 'a PUT to /getsignedcookie', method: 'PUT', path: '/getsignedcookie', status: 405, body: 'Method not allowed.', allow: 'GET, HEAD' },
  // Express fails to decode a route parameter; the error handler answers.
  { name: 'a route parameter with invalid percent-encoding', method: 'GET', path: '/beacon/%E0%A4%A', status: 400, body: 'Bad request.' },
  { name: 'an echo path with invalid percent-encoding', method: 'GET', path: '/echo/%E0%A4%A', status: 400, body: 'Bad request.' },
];

/** Responses whose headers must be safe: every kind the server sends, text and JSON. */
const HEADER_CHECKS: { name: string; method: string; path: string; status: number; type: string }[] = [
  { name: 'a page', method: 'GET', path: '/', status: 200, type: 'text/html' },
  { name: 'a page that sets a cookie', method: 'GET', path: '/setcookie', status: 200, type: 'text/html' },
  { name: 'a refused username', method: 'GET', path: '/setcookie?username=%3C', status: 400, type: 'text/plain' },
  { name: 'the echo as JSON', method: 'GET', path: '/echo', status: 200, type: 'application/json' },
  { name: 'a 404', method: 'GET', path: '/nope', status: 404, type: 'text/plain' },
  { name: 'a 405', method: 'POST', path: '/', status: 405, type: 'text/plain' },
  { name: 'an error', method: 'GET', path: '/beacon/%E0%A4%A', status: 400, type: 'text/plain' },
];

test.describe('the server under bad input', { tag: '@server' }, () => {
  for (const input of COOKIE_INPUTS) {
    test(`should survive a Cookie header with ${input.name}`, async ({ request, baseURL }) => {
      const send = (path: string) => sendCookie(request, baseURL!, path, input.header);

      for (const route of PAGE_ROUTES) {
        await test.step(route.path, async () => {
          const answer = await send(route.path);
          expect(answer.status).toBe(200);
          expectSafeHeaders(answer, 'text/html');
          expect(messageOf(answer.body)).toBe(route.text(input.username));
        });
      }

      await test.step('/echo', async () => {
        const answer = await send('/echo');
        expect(answer.status).toBeLessThan(500);
        expect(echoOf(answer)).toEqual(expectedEcho(input));
      });

      await expectStillServing(request);
    });
  }

  for (const input of REFUSED_COOKIE_INPUTS) {
    test(`should refuse a Cookie header with ${input.name}`, async ({ request, baseURL }) => {
      // Refused before routing, whatever the route: one request says it all, and Node closes the connection.
      const answer = await sendCookie(request, baseURL!, '/', input.header);
      expect(answer.status).toBe(input.status);
      expect(answer.body).toBe('');

      await expectStillServing(request);
    });
  }

  for (const { name, query } of BAD_USERNAMES) {
    test(`should refuse ${name} without setting a cookie`, async ({ request }) => {
      for (const route of ['/setcookie', '/setsignedcookie']) {
        await test.step(route, async () => {
          const response = await request.get(`${route}?${query}`);
          expect(response.status()).toBe(400);
          expect(response.headers()['set-cookie']).toBeUndefined();
          expectShortText(await answerOf(response), USERNAME_RULE);
        });
      }
      // Nothing was stored: the request context's own cookie jar still greets a guest.
      await expectStillServing(request);
    });
  }

  test('should accept a 64-character username, the longest allowed', async ({ request }) => {
    const username = 'a'.repeat(64);
    const response = await request.get(`/setcookie?username=${username}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['set-cookie']).toMatch(new RegExp(`^username=${username};`));
    expect(messageOf(await (await request.get('/')).text())).toBe(`Welcome back, ${username}!`);
  });

  for (const stray of STRAY_REQUESTS) {
    test(`should answer ${stray.name} with ${stray.status} and a short text`, async ({ request }) => {
      const answer = await answerOf(await request.fetch(stray.path, { method: stray.method }));
      expect(answer.status).toBe(stray.status);
      expect(answer.headers['allow']).toBe(stray.allow);
      expectShortText(answer, stray.body);
      await expectStillServing(request);
    });
  }

  for (const check of HEADER_CHECKS) {
    test(`should send safe headers with ${check.name}`, async ({ request }) => {
      const answer = await answerOf(await request.fetch(check.path, { method: check.method }));
      expect(answer.status).toBe(check.status);
      expectSafeHeaders(answer, check.type);
    });
  }
});

/** Sends a GET with the Cookie header, through the request fixture when it can send it, else a raw socket. */
async function sendCookie(request: APIRequestContext, baseURL: string, path: string, header: string | Buffer | string[]): Promise<Answer> {
  const accept = 'application/json';
  if (typeof header === 'string') return answerOf(await request.get(path, { headers: { cookie: header, accept } }));
  const lines = Array.isArray(header) ? header.map((line) => Buffer.from(line, 'latin1')) : [header];
  const head = `GET ${path} HTTP/1.1\r\nHost: ${new URL(baseURL).host}\r\nAccept: ${accept}\r\nConnection: close\r\n`;
  const bytes = Buffer.concat([Buffer.from(head, 'latin1'), ...lines.flatMap((line) => [Buffer.from('Cookie: '), line, Buffer.from('\r\n')]), Buffer.from('\r\n')]);
  return rawRequest(baseURL, bytes);
}

/** The Cookie header as Express reports it: bytes read as Latin-1, several lines joined with "; ". */
function headerAsServerSeesIt(header: string | Buffer | string[]): string {
  if (typeof header === 'string') return header;
  return Array.isArray(header) ? header.join('; ') : header.toString('latin1');
}

/**
 * Writes the bytes to the server's port and reads one response. It is complete when the headers
 * and Content-Length bytes have arrived, or when the server ends or resets the connection (Node
 * resets it after refusing a request whose bytes it did not read): never after a fixed wait.
 */
function rawRequest(baseURL: string, bytes: Buffer): Promise<Answer> {
  const url = new URL(baseURL);
  // The server listens on 127.0.0.1; "localhost" could resolve to ::1 first.
  const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  // A BASE_URL may name an HTTPS server, or leave the scheme's default port implied.
  const secure = url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  return new Promise((resolve, reject) => {
    const socket = secure ? tls.connect({ host, port, servername: net.isIP(url.hostname) ? undefined : url.hostname }) : net.connect({ host, port });
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (ended: boolean, error?: Error) => {
      if (settled) return;
      const answer = parseResponse(Buffer.concat(chunks), ended);
      if (!answer && !ended) return;
      settled = true;
      socket.destroy();
      if (answer) resolve(answer);
      else reject(error ?? new Error(`The connection closed before a complete response: ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`));
    };
    socket.setTimeout(SOCKET_TIMEOUT_MS, () => settle(true, new Error(`No complete response within ${SOCKET_TIMEOUT_MS} ms`)));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      settle(false);
    });
    socket.on('end', () => settle(true));
    socket.on('close', () => settle(true));
    socket.on('error', (error) => settle(true, error));
    socket.write(bytes);
  });
}

/** Parses a response once it is complete; undefined while it is not (or never was, once ended). */
function parseResponse(bytes: Buffer, ended: boolean): Answer | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const [statusLine = '', ...headerLines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (status === undefined) throw new Error(`Not an HTTP response: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = bytes.subarray(headEnd + 4);
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  if (length === undefined ? !ended : body.length < length) return undefined;
  return { status: Number(status), headers, body: body.subarray(0, length).toString('utf8') };
}

/** What the echo route answered, in a shape that one toEqual can check. */
function echoOf(answer: Answer): { status: number; headers: Record<string, string | undefined>; content: unknown } {
  const type = answer.headers['content-type'] ?? '';
  return {
    status: answer.status,
    headers: { 'content-type': type, 'x-content-type-options': answer.headers['x-content-type-options'], 'x-powered-by': answer.headers['x-powered-by'], 'cache-control': answer.headers['cache-control'] },
    content: type.startsWith('application/json') ? JSON.parse(answer.body) : answer.body,
  };
}

/** What the echo route should answer for the input: what it received, or a short refusal. */
function expectedEcho(input: CookieInput): ReturnType<typeof echoOf> {
  const safe = { 'x-content-type-options': 'nosniff', 'x-powered-by': undefined, 'cache-control': 'no-store' };
  if (input.echoRefuses) return { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8', ...safe }, content: 'Bad request.' };
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', ...safe },
    content: { cookieHeader: headerAsServerSeesIt(input.header), cookies: input.cookies ?? expect.any(Object) },
  };
}

async function answerOf(response: APIResponse): Promise<Answer> {
  return { status: response.status(), headers: response.headers(), body: await response.text() };
}

/** The text of the page's message, as a reader sees it. */
function messageOf(html: string): string | undefined {
  const escaped = /<p id="message">([^<]*)<\/p>/.exec(html)?.[1];
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return escaped?.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]!);
}

/**
 * The server does not advertise itself, forbids sniffing and caching (every answer depends on the request's
 * cookies), and names the charset of every text it sends.
 */
function expectSafeHeaders(answer: Answer, type: string): void {
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['cache-control']).toBe('no-store');
  expect(answer.headers['x-powered-by']).toBeUndefined();
  expect(answer.headers['content-type']).toBe(`${type}; charset=utf-8`);
}

/** A short plain text, with no stack trace or file path in it. */
function expectShortText(answer: Answer, text: string): void {
  expectSafeHeaders(answer, 'text/plain');
  expect(answer.body).toBe(text);
  expect(answer.body).not.toContain('at ');
  expect(answer.body).not.toMatch(/node_modules|\/work\/|[\w-]+\.[cm]?[jt]s\b/);
}

/** After the bad input, an ordinary visit is still served. */
async function expectStillServing(request: APIRequestContext): Promise<void> {
  const response = await request.get('/');
  expect(response.status()).toBe(200);
  expect(messageOf(await response.text())).toBe('Hello, Guest!');
}
