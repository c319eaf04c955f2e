import net from 'node:net';
import tls from 'node:tls';
import { expect } from '@playwright/test';

// Long enough that no loaded machine reaches it: the case server answers in milliseconds.
const SOCKET_TIMEOUT_MS = 10_000;

/** The status code of a raw HTTP answer. */
export function statusOf(answer: Buffer): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer.toString('latin1'))?.[1]);
}

/**
 * Sends a request to a case server's proxy port and returns every byte of the answer, until the server closes the
 * connection. With `tunnel` (host:port), first opens a CONNECT tunnel there and speaks TLS inside it.
 */
export async function exchange(port: number, request: string, tunnel?: string): Promise<Buffer> {
  // Connection: close, so that the answer ends with the connection (Node keeps it open otherwise).
  const [head, body = ''] = request.split(/(?<=\r\n\r\n)/);
  const bytes = `${head!.replace(/\r\n\r\n$/, '\r\nConnection: close\r\n\r\n')}${body}`;
  const socket = net.connect({ host: '127.0.0.1', port });
  if (!tunnel) return answerTo(socket, bytes);
  const established = await answerTo(socket, `CONNECT ${tunnel} HTTP/1.1\r\nHost: ${tunnel}\r\n\r\n`, '\r\n\r\n');
  expect(statusOf(established)).toBe(200);
  // The run's certificate is made for this run: accepted here, as the browsers accept it.
  return answerTo(tls.connect({ socket, servername: tunnel.split(':')[0], rejectUnauthorized: false }), bytes);
}

/** Writes the request (one byte per character) and collects the answer until the connection ends, or until `until` arrived. */
function answerTo(socket: net.Socket, request: string, until?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${SOCKET_TIMEOUT_MS} ms`));
    }, SOCKET_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      if (until && Buffer.concat(chunks).includes(until)) finish();
    };
    socket.on('data', onData);
    socket.once('close', finish);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(Buffer.from(request, 'latin1'));
  });
}
