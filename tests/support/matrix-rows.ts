import type { TestDetails } from '@playwright/test';
import { declaredRows, PART_NAME, rowAnnotation, withNamedParts, type Observation, type RowCookies, type RowDeclaration } from '../../harness/matrix/protocol.ts';
import { COOKIE_CASES } from '../../server/cookie-cases.ts';
import { EXPECTATIONS } from './judging.ts';

// How a spec declares the rows of the behaviour matrix its test fills, and the cookies each row tests.

/** A row of the behaviour matrix as its test declares it: all of RowDeclaration but the id, which is its key. */
export type MatrixRowDetails = Omit<RowDeclaration, 'id'>;

/**
 * Declares the rows of the behaviour matrix a test fills, so that the matrix lists them even where the test does
 * not run, each with its title, topic, the names of its value's parts and the cookies it tests:
 * `matrixRows({ 'secure-on-http-localhost': { title: 'A Secure cookie set on http://localhost', topic: 'Secure and prefixes',
 * parts: ['stored', 'sent'], cookies: [setCookieLines('secure-prefixes', 'secureonhttp')] } })`. The parts are the
 * fields of the row's value in every expectation file, in order (`{ "stored": false, "sent": false }`): a name that
 * is not a camelCase identifier, or a file whose value has other fields, fails the spec file at load, naming the file.
 */
export function matrixRows(rows: Record<string, MatrixRowDetails>): TestDetails {
  const unknown = Object.keys(rows).filter((id) => !EXPECTATIONS.rowIds.includes(id));
  if (unknown.length > 0) throw new Error(`Unknown matrix row ids ${unknown.join(', ')}: a row is declared in expectations/rfc6265bis.json or a cases/*.json file first`);
  for (const [id, { parts }] of Object.entries(rows)) {
    if (!parts || !EXPECTATIONS.standard.has(id)) continue;
    const misnamed = parts.filter((name, index) => !PART_NAME.test(name) || parts.indexOf(name) !== index);
    if (misnamed.length > 0) throw new Error(`The row ${id} names its parts ${misnamed.map((name) => JSON.stringify(name)).join(', ')}: each part is named once, by a camelCase identifier, its field in expectations/*.json`);
    EXPECTATIONS.checkNamedParts(id, parts);
  }
  return { tag: '@matrix', annotation: Object.entries(rows).map(([id, row]) => rowAnnotation({ id, ...row })) };
}

/**
 * A value as the matrix records it for a row the test declared: of a row of expectations/rfc6265bis.json with
 * parts, an object with a field per part (withNamedParts: the wrong count of parts throws); else as it is (a case
 * file's row keeps its list).
 */
export function inDeclaredShape(annotations: { type: string; description?: string }[], id: string, observed: Observation): Observation {
  const parts = declaredRows(annotations).find((row) => row.id === id)?.parts;
  return parts && EXPECTATIONS.standard.has(id) ? withNamedParts(id, parts, observed) : observed;
}

/**
 * The Set-Cookie lines of a case of server/cookie-cases.ts, as the server sends them; with cookie names, only the
 * lines that set those. An unknown case, or a name the case does not set, fails the spec file at load.
 */
export function setCookieLines(caseName: string, ...cookieNames: string[]): RowCookies {
  if (!Object.hasOwn(COOKIE_CASES, caseName)) throw new Error(`server/cookie-cases.ts has no case ${caseName}`);
  const lines = COOKIE_CASES[caseName]();
  for (const name of cookieNames) {
    if (!lines.some((line) => cookieName(line) === name)) throw new Error(`The cookie case ${caseName} sets no cookie named ${name}`);
  }
  return { via: 'Set-Cookie', case: caseName, lines: cookieNames.length === 0 ? lines : lines.filter((line) => cookieNames.includes(cookieName(line))) };
}

/** The name a Set-Cookie line sets: what precedes the first "=" of its name-value pair, or none without one. */
function cookieName(line: string): string {
  const pair = line.split(';')[0];
  return pair.includes('=') ? pair.slice(0, pair.indexOf('=')).trim() : '';
}

/** What page script writes to document.cookie, in order. */
export function scriptWrites(...writes: string[]): RowCookies {
  return { via: 'document.cookie', lines: writes };
}

/** The row ids a test declares with matrixRows(). */
export function declaredRowIds(annotations: { type: string; description?: string }[]): string[] {
  return declaredRows(annotations).map(({ id }) => id);
}
