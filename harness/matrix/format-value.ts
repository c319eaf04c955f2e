import type { Observation } from './protocol.ts';

type Scalar = string | number | boolean | null;

/**
 * An observed or expected value as a cell shows it. A value whose parts the row names reads `stored ✓ · sent ✗`
 * (`path: /cookie-case` for a part that is not yes or no), each part by its name in the expectation files: the
 * fields of a built-in row's value, the items of a case file's list. Inside a part, and in a value without named
 * parts, a cookie of the store reads `dot=1 (domain .example.test, path /, session, secure ✗, …)`, any other object
 * names its fields (`{ listed ✓, partitionKey: null }`), other lists stay in brackets and an empty one reads `none`;
 * a lone yes or no reads `yes` or `no`; strings are bare, quoted only when empty. Nothing reads `[object Object]`.
 */
export function formatValue(value: Observation, parts?: readonly string[]): string {
  return formatParts(value, parts).join(' · ');
}

/** The value as formatValue shows it, one string per named part (a single string where the row names none). */
export function formatParts(value: Observation, parts?: readonly string[]): string[] {
  if (isList(value)) {
    if (parts && parts.length === value.length) return value.map((item, index) => part(parts[index]!, item));
    return [inner(value)];
  }
  if (isRecord(value)) {
    const names = Object.keys(value);
    if (parts && names.length === parts.length && parts.every((name) => Object.hasOwn(value, name))) return parts.map((name) => part(name, value[name]!));
    return [inner(value)];
  }
  return [typeof value === 'boolean' ? (value ? 'yes' : 'no') : scalar(value)];
}

function isList(value: Observation): value is readonly Observation[] {
  return Array.isArray(value);
}

function part(name: string, item: Observation): string {
  if (typeof item === 'boolean') return `${name} ${item ? '✓' : '✗'}`;
  return `${name}: ${inner(item)}`;
}

/** A value inside a part, or one without named parts: cookies by their attributes, objects by their fields. */
function inner(value: Observation): string {
  if (isList(value)) {
    if (value.length === 0) return 'none';
    if (value.every(isCookie)) return value.map(cookie).join('; ');
    return `[${value.map((item) => (typeof item === 'object' && item !== null ? inner(item) : JSON.stringify(item))).join(', ')}]`;
  }
  if (isRecord(value)) {
    if (isCookie(value)) return cookie(value);
    return `{ ${Object.entries(value)
      .map(([name, field]) => part(name, field))
      .join(', ')} }`;
  }
  return scalar(value);
}

/** A cookie as the store listed it (a case file's `stored` observation): its every field, null as not reported. */
type ListedCookie = { readonly name: string; readonly value: string } & { readonly [field: string]: Observation };

function isRecord(value: Observation): value is { readonly [name: string]: Observation } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCookie(value: Observation): value is ListedCookie {
  return isRecord(value) && typeof value.name === 'string' && typeof value.value === 'string';
}

/**
 * `dot=1 (domain .example.test, path /, session, secure ✗, httpOnly ✗, sameSite Lax, no partition key reported)`:
 * `expires` in days from the browser's now (a case file's unit), null a session cookie; any other null field is one
 * the store did not report. Control characters of the name and value read as escapes (`\x09`).
 */
function cookie({ name, value, ...fields }: ListedCookie): string {
  const attributes = Object.entries(fields).map(([field, item]) => {
    if (field === 'expires' && (item === null || typeof item === 'number')) return item === null ? 'session' : item < 0 ? `expired ${-item} days ago` : `expires in ${item} days`;
    // No key does not mean unpartitioned everywhere (Playwright over BiDi lists Firefox's partitioned cookies without one).
    if (field === 'partitioned' && item === null) return 'no partition key reported';
    if (item === null) return `${field} not reported`;
    if (typeof item === 'boolean') return `${field} ${item ? '✓' : '✗'}`;
    return typeof item === 'object' ? `${field}: ${inner(item)}` : `${field} ${scalar(item)}`;
  });
  const pair = `${name}=${value}`.replace(CONTROL, hexEscape);
  return attributes.length > 0 ? `${pair} (${attributes.join(', ')})` : pair;
}

function scalar(value: Scalar): string {
  return value === '' ? '""' : String(value);
}

// A run of one character this long or longer is shown as its count (a 4096-byte cookie reads `s4096=⟨a × 4091⟩`).
const LONG_RUN = /(.)\1{19,}/gu;
const CONTROL = /[\u0000-\u001f\u007f]/g;

/**
 * A cookie as a reader sees it: `Set-Cookie: <line>` or `document.cookie = '<write>'`, control characters as
 * escapes (`\x07`) and long runs of one character counted. Set-Cookie lines hold one character per byte: bytes
 * that form UTF-8 are shown as the characters they encode, other bytes above 0x7f as `\xNN`.
 */
export function formatCookieLine(line: string, via: 'Set-Cookie' | 'document.cookie'): string {
  const text = via === 'Set-Cookie' ? fromHeaderBytes(line) : line.replace(/['\\]/g, '\\$&');
  const shown = text.replace(CONTROL, hexEscape).replace(LONG_RUN, (run, character: string) => `⟨${character} × ${[...run].length}⟩`);
  return via === 'Set-Cookie' ? `Set-Cookie: ${shown}` : `document.cookie = '${shown}'`;
}

function hexEscape(character: string): string {
  return `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

function fromHeaderBytes(line: string): string {
  const bytes = Buffer.from(line, 'latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return line.replace(/[\u0080-\u00ff]/g, hexEscape);
  }
}

/** `1 row`, `2 rows`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
