import type { Visitor } from '../../harness/lanes/visitor.ts';

/** One `name=value` pair of a Cookie header; a pair without `=` is a nameless cookie (RFC 6265bis 5.6). */
export interface CookiePair {
  name: string;
  value: string;
}

/** A Cookie header's pairs (or a `document.cookie` string, the same form), in the header's order; none for null. */
export function cookiePairs(cookieHeader: string | null): CookiePair[] {
  if (cookieHeader === null || cookieHeader === '') return [];
  return cookieHeader.split('; ').map((pair) => {
    const equals = pair.indexOf('=');
    return equals === -1 ? { name: '', value: pair } : { name: pair.slice(0, equals), value: pair.slice(equals + 1) };
  });
}

/** The values a Cookie header gives one name, in the header's order. */
export function valuesIn(cookieHeader: string | null, name: string): string[] {
  return cookiePairs(cookieHeader)
    .filter((pair) => pair.name === name)
    .map((pair) => pair.value);
}

/** Whether a Cookie header (or a `document.cookie` string) holds a cookie of that name. */
export function carries(cookieHeader: string | null, name: string): boolean {
  return cookiePairs(cookieHeader).some((pair) => pair.name === name);
}

/** What the echo route says the server received. */
export interface Received {
  cookieHeader: string | null;
  cookies: Record<string, unknown>;
}

/** Parses the echo route's answer (a page's text or a fetch body), with the Cookie header's pairs sorted. */
export function received(echoText: string): Received {
  const { cookieHeader, cookies } = JSON.parse(echoText) as Received;
  const sorted = cookiePairs(cookieHeader)
    .map(({ name, value }) => (name === '' ? value : `${name}=${value}`))
    .sort();
  return { cookieHeader: cookieHeader === null ? null : sorted.join('; '), cookies };
}

/** The Cookie header a fetch from the page brings to an echo path, in the order the browser wrote it (null: none). */
export async function cookieHeaderSentTo(visitor: Visitor, echoPath: string): Promise<string | null> {
  const text = await visitor.run(async (path) => (await fetch(path, { cache: 'no-store' })).text(), echoPath);
  return (JSON.parse(text) as Received).cookieHeader;
}
