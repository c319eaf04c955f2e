import { isDeepStrictEqual } from 'node:util';
import type { Observation } from './protocol.ts';

/**
 * A value as the matrix records it: JSON's own copy, as the test's attachment and matrix.json carry it. A field
 * that is undefined is left out, -0 reads 0, NaN and a hole or an undefined item of a list read null.
 */
function recorded(value: Observation): Observation {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new Error(`${String(value)} is no value the matrix can record: observe JSON (null for none)`);
  return JSON.parse(json) as Observation;
}

/**
 * The one judge of the matrix: whether an observed value is the expected one. The test's verdict (observe() and
 * expectations.check(), tests/support) and the cell's state (model.ts) both ask it, so they cannot disagree. It
 * compares the values as the matrix records them (recorded()), with Node's strict deep equality: what a cell
 * shows is what was judged.
 */
export function matches(observed: Observation, expected: Observation): boolean {
  return isDeepStrictEqual(recorded(observed), recorded(expected));
}

/**
 * Where an observed value differs from the expected one, for a failure's message: of a value with named parts,
 * each part that differs (`sentAt401Days: true, expected false`); else the whole value.
 */
export function mismatches(observed: Observation, expected: Observation): string[] {
  const [seen, asked] = [recorded(observed), recorded(expected)];
  if (isDeepStrictEqual(seen, asked)) return [];
  if (isRecord(seen) && isRecord(asked)) {
    const names = [...new Set([...Object.keys(asked), ...Object.keys(seen)])];
    return names
      .filter((name) => !isDeepStrictEqual(seen[name], asked[name]))
      .map((name) => `${name}: ${name in seen ? JSON.stringify(seen[name]) : 'missing'}, expected ${name in asked ? JSON.stringify(asked[name]) : 'none'}`);
  }
  return [`${JSON.stringify(seen)}, expected ${JSON.stringify(asked)}`];
}

function isRecord(value: Observation): value is { readonly [key: string]: Observation } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
