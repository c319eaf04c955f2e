import net from 'node:net';
import { readFileSync } from 'node:fs';
import { loadCaseFiles } from '../../harness/cases/load.ts';
import type { Case } from '../../harness/cases/schema.ts';
import { makeTestCertificate } from '../../harness/run/test-certificate.ts';
import { startCaseServer, type CaseServer } from '../../server/case-server.ts';
import { expect, test } from '../support/fixtures.ts';
import { exchange, statusOf } from '../support/raw-exchange.ts';

// The shipped case whose Set-Cookie lines hold a tab, a control character and a raw 0xE9 byte.
const BYTES_FILE = new URL('../../cases/header-bytes.json', import.meta.url).pathname;
const SOCKET_TIMEOUT_MS = 10_000;

let server: CaseServer;
let bytesCase: Case;
let proxyPort: number;

test.beforeAll(async () => {
  const files = loadCaseFiles([BYTES_FILE]);
  const certificate = await makeTestCertificate(files.flatMap((file) => file.hosts));
  try {
    server = await startCaseServer({ files, cert: readFileSync(certificate.certFile, 'utf8'), key: readFileSync(certificate.keyFile, 'utf8') });
  } finally {
    certificate.remove();
  }
  proxyPort = Number(new URL(server.proxyURL).port);
  bytesCase = files[0]!.cases[0]!;
  server.claim(bytesCase.steps[0]!.respond!);
});

test.afterAll(async () => {
  await server?.close();
});

test.describe('case server', () => {
  test('should send a case header line byte for byte: a tab, a control character and 0xE9', async () => {
    const expected = Buffer.from('Set-Cookie: tab=a\tb; Path=/\r\nSet-Cookie: ctl=a\u0001b; Path=/\r\nSet-Cookie: latin1=caf\u00e9; Path=/\r\n', 'latin1');
    expect(expected.includes(0xe9)).toBe(true);
    const overHttps = await exchange(proxyPort, 'GET /set HTTP/1.1\r\nHost: bytes.example\r\n\r\n', 'bytes.example:443');
    expect(headOf(overHttps)).toContain(expected.toString('latin1'));
    // The same lines claimed for the http URL, asked through the proxy without a tunnel.
    server.claim({ ...bytesCase.steps[0]!.respond!, url: 'http://bytes.example/set' });
    const overHttp = await exchange(proxyPort, 'GET http://bytes.example/set HTTP/1.1\r\nHost: bytes.example\r\n\r\n');
    expect(headOf(overHttp)).toContain(expected.toString('latin1'));
  });

  test("should send a case's Date line as given, and no Date where the case gives none", async () => {
    // The shipped bytes case gives no Date: the answer has none (a browser then has no server clock to read Expires by).
    const undated = headOf(await exchange(proxyPort, 'GET /set HTTP/1.1\r\nHost: bytes.example\r\n\r\n', 'bytes.example:443'));
    expect(undated).toContain('Set-Cookie: tab=a\tb; Path=/\r\n');
    expect(dateLines(undated)).toEqual([]);
    // A Date far in the past goes out as written, once: nothing adds the server's own.
    server.claim({ url: 'http://bytes.example/dated', status: 200, headers: ['Date: Mon, 01 Jan 2024 00:00:00 GMT', 'Set-Cookie: dated=1; Path=/'] });
    const dated = headOf(await exchange(proxyPort, 'GET http://bytes.example/dated HTTP/1.1\r\nHost: bytes.example\r\n\r\n'));
    expect(dateLines(dated)).toEqual(['Date: Mon, 01 Jan 2024 00:00:00 GMT']);
    expect(dated).toContain('\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nSet-Cookie: dated=1; Path=/\r\n');
  });

  test('should record the Cookie header of a URL no case claims, and answer it 200', async () => {
    const received = server.nextRequest('https://bytes.example/elsewhere?q=1', SOCKET_TIMEOUT_MS);
    const answer = await exchange(proxyPort, 'GET /elsewhere?q=1 HTTP/1.1\r\nHost: BYTES.example\r\nCookie: a=1; b=2\r\n\r\n', 'bytes.example:443');
    expect(statusOf(answer)).toBe(200);
    expect(await received).toBe('a=1; b=2');
  });

  test('should refuse hosts that are not case hosts with a clear 4xx', async () => {
    for (const host of ['unknown.example', '__proto__', 'constructor', 'localhost']) {
      expect(statusOf(await exchange(proxyPort, `CONNECT ${host}:443 HTTP/1.1\r\nHost: ${host}:443\r\n\r\n`)), host).toBe(403);
      expect(statusOf(await exchange(proxyPort, `GET http://${host}/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`)), host).toBe(400);
      expect(statusOf(await exchange(proxyPort, `GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`)), host).toBe(400);
    }
    // A case host at a port other than the scheme's, and a tunnel to any other port, name no case URL.
    expect(statusOf(await exchange(proxyPort, 'CONNECT bytes.example:22 HTTP/1.1\r\nHost: bytes.example:22\r\n\r\n'))).toBe(403);
    expect(statusOf(await exchange(proxyPort, 'GET http://bytes.example:8080/ HTTP/1.1\r\nHost: bytes.example\r\n\r\n'))).toBe(400);
  });

  test('should keep serving when a client resets a CONNECT it refused or tunnelled', async () => {
    // A browser closed while the proxy refuses its background requests resets those connections: an error nobody
    // listened for would end the worker's process, failing whatever test runs then.
    for (const target of ['update.example.com:443', 'bytes.example:443']) {
      for (let i = 0; i < 20; i++) await resetAfterConnect(target);
    }
    expect(statusOf(await exchange(proxyPort, 'GET http://bytes.example/ HTTP/1.1\r\nHost: bytes.example\r\n\r\n'))).toBe(200);
  });

  test('should answer __proto__ and constructor as paths like any unclaimed path', async () => {
    for (const path of ['/__proto__', '/constructor', '/?__proto__=1', '/prototype/__proto__']) {
      expect(statusOf(await exchange(proxyPort, `GET http://bytes.example${path} HTTP/1.1\r\nHost: bytes.example\r\n\r\n`)), path).toBe(200);
    }
  });

  test('should refuse long URLs, bad methods and garbage with a 4xx, and keep serving', async () => {
    expect(statusOf(await exchange(proxyPort, `GET http://bytes.example/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: bytes.example\r\n\r\n`))).toBe(431);
    expect(statusOf(await exchange(proxyPort, 'FOO http://bytes.example/ HTTP/1.1\r\nHost: bytes.example\r\n\r\n'))).toBe(400);
    expect(statusOf(await exchange(proxyPort, 'DELETE http://bytes.example/ HTTP/1.1\r\nHost: bytes.example\r\n\r\n'))).toBe(405);
    expect(statusOf(await exchange(proxyPort, '\u0000\u0001garbage\r\n\r\n'))).toBe(400);
    expect(statusOf(await exchange(proxyPort, 'GET http://bytes.example/ HTTP/1.1\r\nHost: bytes.example\r\n\r\n'))).toBe(200);
  });
});

/** The status line and header lines of a raw answer, one character per byte. */
function headOf(answer: Buffer): string {
  return answer.subarray(0, answer.indexOf('\r\n\r\n') + 2).toString('latin1');
}

/** Asks the proxy for a tunnel, then resets the connection at once (RST, not FIN) without reading the answer. */
function resetAfterConnect(target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: proxyPort }, () => {
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`, () => {
        socket.resetAndDestroy();
        resolve();
      });
    });
    socket.once('error', reject);
  });
}

/** The Date lines of a raw answer's head, as written. */
function dateLines(head: string): string[] {
  return head.split('\r\n').filter((line) => /^date:/i.test(line));
}
