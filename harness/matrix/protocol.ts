/**
 * How the behaviour matrix travels from the tests to the matrix reporter. Both ends go through a test's
 * result (annotations and attachments), which survives workers, blob reports and merged shards.
 */

/** Annotation on a test, one per row it fills: description, the JSON of a RowDeclaration. */
const MATRIX_ROW = 'matrix-row';
/** Annotation added when the test runs: description `<browser> <version>, <how it is driven>`. */
export const MATRIX_ENGINE = 'matrix-engine';
/** JSON attachment, one per row observed: a MatrixObservation. */
export const MATRIX_OBSERVATION = 'matrix-observation';

/** A value a spec observes in a browser: JSON (a case file's row holds lists, and the store's cookies as objects). */
export type Observation = string | number | boolean | null | readonly Observation[] | { readonly [key: string]: Observation };

/** What the browser itself said about a row's cookies, where the test named them (`observe(id, value, { cookies })`). */
export interface StatedFields {
  /** Its reasons for refusing, withholding or exempting them, in its own codes or words; [] where it said nothing. */
  stated?: string[];
  /** Instead: why this lane cannot hear the browser at all. */
  unheard?: string;
}

export interface MatrixObservation extends StatedFields {
  id: string;
  observed: Observation;
  /** The engine whose expectations judge it, as expectations/<engine>.json and a case file's `expect` name it: `gecko`. */
  engine: string;
  /** The browser that observed it, as it names itself: `chromium 156.0.8078.79`. */
  version: string;
  /**
   * Where this lane's expectation for the row comes from (Expectations.expectedIn): its file, or the file that would
   * hold it (`expectations/blink.json`); an entry an overlay inherits from its base reads
   * `expectations/blink.json (via expectations/blink-third-party-allowed.json)`.
   */
  expectedIn: string;
  /** That file's entry for the row, its reason filled in from RFC 6265bis where it agrees; null: it has none. */
  expectation: { value: Observation; reason: string; seenOn: string[] } | null;
}

/** What a row is about; the matrix groups its rows by topic, in this order. */
export const TOPICS = ['SameSite', 'Secure and prefixes', 'Expiry', 'Time', 'Scope', 'Size', 'Parsing', 'Third party', 'Browser APIs', 'Case files'] as const;
export type Topic = (typeof TOPICS)[number];

/**
 * The cookies a row tests, exactly as the browser got them: the Set-Cookie lines of a case of
 * server/cookie-cases.ts (as Node writes them, one character per byte), or what page script writes to document.cookie.
 */
export type RowCookies = { via: 'Set-Cookie'; case: string; lines: string[] } | { via: 'document.cookie'; lines: string[] };

/** A row of the matrix as a test declares it. */
export interface RowDeclaration {
  id: string;
  title: string;
  topic: Topic;
  /**
   * The parts of the row's value, in order; absent for a single value or a plain list. A row of
   * expectations/rfc6265bis.json names them with camelCase identifiers (`['stored', 'sent']`), and its value, in
   * every expectation file and in matrix.json, is an object with exactly those fields in that order
   * (`{ "stored": true, "sent": false }`): see withNamedParts(). A case file's row labels the items of its list
   * instead (`sent to https://a.example/ by fetch`), and its value stays that list.
   */
  parts?: string[];
  cookies?: RowCookies[];
  /**
   * What RFC 6265bis asks, for a case file's row whose every observation says so (`rfc`); a built-in row's is in
   * expectations/rfc6265bis.json. A case row without it is never set against the standard.
   */
  standard?: { value: Observation; reason: string };
}

/** The annotation that carries a row's declaration to the reporter. */
export function rowAnnotation(row: RowDeclaration): { type: string; description: string } {
  return { type: MATRIX_ROW, description: JSON.stringify(row) };
}

/** The rows declared in a test's annotations. */
export function declaredRows(annotations: readonly { type: string; description?: string }[]): RowDeclaration[] {
  return annotations.filter(({ type }) => type === MATRIX_ROW).map(({ description = '' }) => JSON.parse(description) as RowDeclaration);
}

/** A name for a part of a row's value: a camelCase identifier, as it is written in the expectation files' JSON. */
export const PART_NAME = /^[a-z][A-Za-z0-9]*$/;

/**
 * The value of a row with named parts as the matrix records it: an object with one field per part, in the row's
 * order. A spec hands observe() the parts as a list in that order (`[400, true, false]`) or as that object; another
 * count of parts, another name, or a single value throws, naming the row and its parts.
 */
export function withNamedParts(id: string, parts: readonly string[], value: Observation): Observation {
  const expected = `The row ${id} has ${parts.length} parts (${parts.join(', ')})`;
  if (isList(value)) {
    if (value.length !== parts.length) throw new Error(`${expected}; observed ${value.length}: ${JSON.stringify(value)}`);
    return Object.fromEntries(parts.map((name, index) => [name, value[index]!]));
  }
  if (typeof value === 'object' && value !== null) {
    const names = Object.keys(value);
    const wrong = [...parts.filter((name) => !names.includes(name)).map((name) => `no ${name}`), ...names.filter((name) => !parts.includes(name)).map((name) => `an unknown ${name}`)];
    if (wrong.length > 0) throw new Error(`${expected}; observed ${wrong.join(', ')}: ${JSON.stringify(value)}`);
    return Object.fromEntries(parts.map((name) => [name, value[name]!]));
  }
  throw new Error(`${expected}; observed a single value: ${JSON.stringify(value)}`);
}

function isList(value: Observation): value is readonly Observation[] {
  return Array.isArray(value);
}
