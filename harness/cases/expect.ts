import { matches } from '../matrix/judge.ts';
import type { Observation } from '../matrix/protocol.ts';
import type { LoadedCaseFile } from './load.ts';
import { rowValue, stepLabel } from './row.ts';
import type { Case } from './schema.ts';

/**
 * A case judged by its own file: every observation carries `expect`. What an engine should observe, where the file
 * says so, and a failure's message in the case's own terms. The test's verdict and the cell's state both judge
 * `expectation.value` with matches() (harness/matrix/judge.ts), the one judge.
 */
export interface CaseJudgement {
  /** Where the expectation is written, as a cell says it: `cases/login.json, case login-kept`. */
  expectedIn: string;
  /** The row's value the engine should give, why (the engine's reasons, or that every engine should), and no versions. */
  expectation: { value: Observation; reason: string; seenOn: string[] };
  /**
   * Where the observed value is not the expected one: one line per step that differs, naming the file, the case, the
   * step and the engine (`cases/login.json, case login-kept, step 4 (observe sent https://app.example/account by
   * navigation): expected "session=abc123" on gecko, got null`), a stored observation cookie by cookie.
   */
  differences(observed: Observation): string[];
}

/** How a case of a file is judged on an engine: by its `expect`, or, where it has none, undefined (expectations/ judges it). */
export function caseJudgement(file: Pick<LoadedCaseFile, 'path'>, one: Case, engine: string, shownPath: string = file.path): CaseJudgement | undefined {
  const steps = one.steps.flatMap((step, index) => (step.observe ? [{ step, number: index + 1 }] : []));
  if (!steps.every(({ step }) => step.expect)) return undefined;
  const expected = steps.map(({ step, number }) => {
    const engines = step.expect!.engines ?? {};
    const own = Object.hasOwn(engines, engine) ? engines[engine] : undefined;
    return { step, number, value: own ? own.value : step.expect!.value, reason: own?.reason };
  });
  const where = `${shownPath}, case ${one.id}`;
  const reasons = expected.flatMap(({ number, reason }) => (reason ? [`step ${number}: ${reason}`] : []));
  return {
    expectedIn: where,
    expectation: { value: rowValue(expected.map(({ value }) => value)), reason: reasons.length > 0 ? reasons.join('; ') : `as ${shownPath} expects of every engine`, seenOn: [] },
    differences(observed) {
      const values = expected.length === 1 ? [observed] : Array.isArray(observed) && observed.length === expected.length ? (observed as Observation[]) : undefined;
      if (!values) return [`${where}: ${expected.length} observations expected on ${engine}, got ${JSON.stringify(observed)}`];
      return expected.flatMap(({ step, number, value }, index) => {
        const got = values[index]!;
        if (matches(got, value)) return [];
        const at = `${where}, step ${number} (${stepLabel(step)})`;
        if (step.observe!.stored && isCookieList(got) && isCookieList(value)) return [`${at}: on ${engine}, ${cookieDifferences(got, value).join('; ')}`];
        return [`${at}: expected ${JSON.stringify(value)} on ${engine}, got ${JSON.stringify(got)}`];
      });
    },
  };
}

type Cookie = { readonly [field: string]: Observation };

function isCookieList(value: Observation): value is readonly Cookie[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item));
}

/** How the store's cookies differ from the expected ones, cookie by cookie, field by field, in the store's words. */
function cookieDifferences(got: readonly Cookie[], expected: readonly Cookie[]): string[] {
  const key = (cookie: Cookie) => JSON.stringify([cookie.name, cookie.domain, cookie.path]);
  const gotByKey = new Map(got.map((cookie) => [key(cookie), cookie]));
  const expectedByKey = new Map(expected.map((cookie) => [key(cookie), cookie]));
  const lines: string[] = [];
  for (const [id, wanted] of expectedByKey) {
    const seen = gotByKey.get(id);
    if (!seen) {
      lines.push(`no cookie ${describe(wanted)}, expected one`);
      continue;
    }
    const fields = [...new Set([...Object.keys(wanted), ...Object.keys(seen)])].filter((field) => !matches(seen[field] ?? null, wanted[field] ?? null));
    if (fields.length > 0) lines.push(`the cookie ${describe(wanted)}: ${fields.map((field) => fieldDifference(field, seen[field] ?? null, wanted[field] ?? null)).join(', ')}`);
  }
  for (const [id, seen] of gotByKey) if (!expectedByKey.has(id)) lines.push(`a cookie ${describe(seen)} that was not expected`);
  // Two cookies of one name, domain and path cannot be told apart: say the lists differ.
  return lines.length > 0 ? lines : [`the cookies ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`];
}

function describe(cookie: Cookie): string {
  return `${String(cookie.name)}=${String(cookie.value)} (domain ${String(cookie.domain)}, path ${String(cookie.path)})`;
}

function fieldDifference(field: string, got: Observation, expected: Observation): string {
  if (field !== 'expires') return `${field} ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`;
  if (got === null) return `a session cookie, expected to expire in ${String(expected)} days`;
  return `expires in ${String(got)} days, expected ${expected === null ? 'a session cookie' : String(expected)}`;
}
