import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

// The page a case's response carries: every case response is an HTML page unless its lines say otherwise.
export const CASE_PAGE = '<!doctype html><meta charset="utf-8"><title>cookie case</title><p>cookie case</p>\n';
const BODY = Buffer.from(CASE_PAGE);

/**
 * Writes a response on the socket byte for byte, each character of a line one byte (latin1), then closes the
 * connection. Node's header API refuses lines a cookie case needs (control characters, bytes over 0x7F, lines
 * without a colon), so the response is written here instead. The lines Node would add are added only where the
 * case gives none: Content-Type, Content-Length, Cache-Control (no-store: a case's answer is never reused by a later
 * case), and Connection: close.
 */
export function writeRawResponse(socket: Duplex, status: number, lines: readonly string[], { head = false } = {}): void {
  const given = new Set(lines.map((line) => line.slice(0, Math.max(line.indexOf(':'), 0)).trim().toLowerCase()));
  const added = [
    ...(given.has('content-type') ? [] : ['Content-Type: text/html; charset=utf-8']),
    ...(given.has('content-length') ? [] : [`Content-Length: ${BODY.length}`]),
    ...(given.has('cache-control') ? [] : ['Cache-Control: no-store']),
    'Connection: close',
  ];
  const text = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Status'}\r\n${[...lines, ...added].map((line) => `${line}\r\n`).join('')}\r\n`;
  socket.end(head ? Buffer.from(text, 'latin1') : Buffer.concat([Buffer.from(text, 'latin1'), BODY]));
}
