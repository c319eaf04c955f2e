import type { Observation } from './protocol.ts';

type Scalar = string | number | boolean | null;

/**
 * An observed or expected value as a cell shows it. A value whose parts the row names reads `stored ✓ · sent ✗`
 * (`path: /cookie-case` for a part that is not yes or no), each part by its name in the expectation files: the
 * fields of a built-in row's value, the items of a case file's list; other lists stay in brackets; a lone yes or no
 * reads `yes` or `no`; strings are bare, quoted only when empty.
 */
export function formatValue(value: Observation, parts?: readonly string[]): string {
  return formatParts(value, parts).join(' · ');
}

/** The value as formatValue shows it, one string per named part (a single string where the row names none). */
export function formatParts(value: Observation, parts?: readonly string[]): string[] {
  if (Array.isArray(value)) {
    if (parts && parts.length === value.length) return value.map((item: Observation, index) => part(parts[index]!, item));
    return [`[${value.map((item) => JSON.stringify(item)).join(', ')}]`];
  }
  if (typeof value === 'object' && value !== null) {
    const fields = value as { readonly [name: string]: Observation };
    const names = Object.keys(fields);
    if (parts && names.length === parts.length && parts.every((name) => Object.hasOwn(fields, name))) return parts.map((name) => part(name, fields[name]!));
    return [JSON.stringify(value)];
  }
  return [typeof value === 'boolean' ? (value ? 'yes' : 'no') : scalar(value)];
}

function part(name: string, item: Observation): string {
  if (typeof item === 'boolean') return `${name} ${item ? '✓' : '✗'}`;
  return `${name}: ${typeof item === 'object' && item !== null ? JSON.stringify(item) : scalar(item)}`;
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
