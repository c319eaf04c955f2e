import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { z } from 'zod';
import type { Standard } from './expectations.ts';
import { matches } from './judge.ts';
import { declaredRows, MATRIX_ENGINE, MATRIX_OBSERVATION, type MatrixObservation, type Observation, type RowDeclaration, type StatedFields } from './protocol.ts';

/** The behaviour matrix as matrix.json holds it, built from a run's test results. */
export interface Matrix {
  generatedAt: string;
  /** By project: `<browser> <version>, <how driven>`, or `not run: <why>`. */
  engines: Record<string, string>;
  /** Whether the run covered every declared row (expectations/rfc6265bis.json and cases/*.json). */
  complete: boolean;
  /** The declared rows that no test of this run declared. */
  missingRows: string[];
  /** With MATRIX_BASELINE: the cells whose observed value differs from that earlier matrix's. */
  changes?: Change[];
  rows: MatrixRow[];
}

/** A row as its test declared it (title, topic, parts, cookies), with where it is and what each project did. */
export interface MatrixRow extends RowDeclaration {
  /** `<file relative to the repository>:<line>` */
  spec: string;
  /** What RFC 6265bis asks; absent for a row that a case file declares. */
  standard?: Standard;
  cells: Record<string, MatrixCell>;
}

interface Observed extends StatedFields {
  observed: Observation;
  /** The engine whose expectations judged it (`gecko`); absent in a matrix.json written before cells named it. */
  engine?: string;
  /** The browser that observed it: `chromium 156.0.8078.79`. */
  version: string;
  /**
   * Where the lane's expectation comes from: its file, where `npm run matrix:accept` writes, or the base its file
   * overlays, `expectations/blink.json (via expectations/blink-third-party-allowed.json)` (laneFileOf() reads the lane's).
   */
  expectedIn: string;
}

/** One observation, judged against the lane's expectation. `seenOn`: the versions that expectation was seen on. */
export type ObservedCell =
  | (Observed & { state: 'as-expected'; expected: Observation; matches: true; reason: string; seenOn: string[] })
  | (Observed & { state: 'not-as-expected'; expected: Observation; matches: false; reason: string; seenOn: string[] })
  | (Observed & { state: 'unverified' });
/** The test ran, and ended (failed) before it observed the row. */
interface NotObservedCell {
  state: 'not-observed';
  error: string;
}
type Attempt = ObservedCell | NotObservedCell;

export type MatrixCell =
  | ObservedCell
  | NotObservedCell
  /** Attempts of the test (retries, --repeat-each) disagreed: each one, in order. */
  | { state: 'flaky'; attempts: Attempt[] }
  | { state: 'not-run'; notRun: string };

export type CellState = MatrixCell['state'];
export const CELL_STATES: readonly CellState[] = ['as-expected', 'not-as-expected', 'unverified', 'flaky', 'not-observed', 'not-run'];

/** A cell whose observed value differs from the baseline's. */
export interface Change {
  id: string;
  project: string;
  before: Observation;
  after: Observation;
  beforeVersion: string;
  afterVersion: string;
}

/** The rows a run is measured against: every declared id, and what RFC 6265bis asks of the built-in ones. */
export interface DeclaredRows {
  rowIds: readonly string[];
  standard: ReadonlyMap<string, Standard>;
}

/**
 * An observation against its expectation, as the reporter reads it from the test's attachment: none is unverified;
 * else as expected or not, by matches() (judge.ts), which the test's verdict asks too.
 */
export function judge({ id: _id, observed, engine, version, expectedIn, expectation, ...stated }: MatrixObservation): ObservedCell {
  if (!expectation) return { state: 'unverified', observed, engine, version, expectedIn, ...stated };
  const judged = { observed, engine, version, expectedIn, ...stated, expected: expectation.value, reason: expectation.reason, seenOn: expectation.seenOn };
  return matches(observed, expectation.value) ? { state: 'as-expected', ...judged, matches: true } : { state: 'not-as-expected', ...judged, matches: false };
}

/** How many cells of the matrix are in each state. */
export function countStates(matrix: Matrix): Record<CellState, number> {
  const counts = Object.fromEntries(CELL_STATES.map((state) => [state, 0])) as Record<CellState, number>;
  for (const row of matrix.rows) for (const cell of Object.values(row.cells)) counts[cell.state]++;
  return counts;
}

/**
 * The matrix of a run: one column per project that has matrix tests, one row per declared row id. A cell is
 * judged from every result of its test in that project: retries and --repeat-each are attempts of one cell.
 */
export function buildMatrix(root: Suite, repositoryRoot: string, generatedAt: Date, declared: DeclaredRows): Matrix {
  const engines: Record<string, string> = {};
  const rows = new Map<string, RowDeclaration & { spec: string; line: number; index: number }>();
  const results = new Map<string, TestResult[]>();

  for (const projectSuite of root.suites) {
    const project = projectSuite.project()?.name ?? projectSuite.title;
    const tests = projectSuite.allTests().filter((test) => declaredRows(test.annotations).length > 0);
    if (tests.length === 0) continue;
    engines[project] = engineOf(tests);

    for (const test of tests) {
      declaredRows(test.annotations).forEach((declaration, index) => {
        const { id } = declaration;
        if (!rows.has(id)) rows.set(id, { ...declaration, spec: specOf(test, repositoryRoot), line: test.location.line, index });
        results.set(cellKey(project, id), [...(results.get(cellKey(project, id)) ?? []), ...test.results]);
      });
    }
  }

  const ordered = [...rows.values()].sort((a, b) => compareSpecs(a, b) || a.line - b.line || a.index - b.index);
  const missingRows = declared.rowIds.filter((id) => !rows.has(id));
  return {
    generatedAt: generatedAt.toISOString(),
    engines,
    complete: missingRows.length === 0,
    missingRows,
    rows: ordered.map(({ line: _line, index: _index, ...row }) => {
      const { id } = row;
      const standard = declared.standard.get(id);
      // A project whose tests do not include a row (testIgnore) still gets a cell for it.
      const cells = Object.fromEntries(
        Object.keys(engines).map((project) => {
          const attempts = results.get(cellKey(project, id));
          const cell: MatrixCell = attempts ? cellOf(attempts, id) : { state: 'not-run', notRun: 'this project does not run the test' };
          return [project, cell];
        }),
      );
      return { ...row, ...(standard && { standard }), cells };
    }),
  };
}

/**
 * Row ids that two tests of one project declare, one message each naming both places. Repeats of one test
 * (--repeat-each) share its place and are not duplicates.
 */
export function duplicateRows(root: Suite, repositoryRoot: string): string[] {
  const messages = new Map<string, string>();
  for (const projectSuite of root.suites) {
    const places = new Map<string, string>();
    for (const test of projectSuite.allTests()) {
      const place = `${specOf(test, repositoryRoot)} (${test.title})`;
      for (const { id } of declaredRows(test.annotations)) {
        const first = places.get(id);
        if (first === undefined) places.set(id, place);
        else if (first !== place && !messages.has(id)) messages.set(id, `The matrix row "${id}" is declared by two tests: ${first} and ${place}`);
      }
    }
  }
  return [...messages.values()];
}

// What an earlier matrix.json needs to hold to be a baseline; older files have cells without a state.
const baselineSchema = z.object({
  engines: z.record(z.string(), z.string()),
  rows: z.array(z.object({ id: z.string(), cells: z.record(z.string(), z.looseObject({ state: z.string().optional(), observed: z.unknown().optional(), version: z.string().optional() })) })),
});

/** The cells whose single observed value differs from an earlier matrix's (given as parsed JSON). */
export function changesSince(baselineJson: unknown, matrix: Matrix): Change[] {
  const baseline = baselineSchema.parse(baselineJson);
  const before = new Map(baseline.rows.map((row) => [row.id, row.cells]));
  const changes: Change[] = [];
  for (const row of matrix.rows) {
    for (const [project, cell] of Object.entries(row.cells)) {
      const earlier = before.get(row.id)?.[project];
      if (!earlier || !('observed' in cell) || !('observed' in earlier) || ['flaky', 'not-observed', 'not-run'].includes(earlier.state ?? '')) continue;
      if (matches(earlier.observed as Observation, cell.observed)) continue;
      const beforeVersion = earlier.version ?? baseline.engines[project]?.split(', ')[0] ?? 'unknown';
      changes.push({ id: row.id, project, before: earlier.observed as Observation, after: cell.observed, beforeVersion, afterVersion: cell.version });
    }
  }
  return changes;
}

/** The file of a row's `spec` (`<file>:<line>`). */
export function specFile(spec: string): string {
  return spec.slice(0, spec.lastIndexOf(':'));
}

function cellKey(project: string, id: string): string {
  return `${project}\u0000${id}`;
}

function specOf(test: TestCase, repositoryRoot: string): string {
  return `${path.relative(repositoryRoot, test.location.file).split(path.sep).join('/')}:${test.location.line}`;
}

function compareSpecs(a: { spec: string }, b: { spec: string }): number {
  const [fileA, fileB] = [specFile(a.spec), specFile(b.spec)];
  return fileA < fileB ? -1 : fileA > fileB ? 1 : 0;
}

/** One cell from every result of its test: one state when the attempts that ran agree, else flaky. */
function cellOf(results: TestResult[], id: string): MatrixCell {
  const attempts = results.map((result) => attemptOf(result, id));
  const ran = attempts.filter((attempt): attempt is Attempt => attempt.state !== 'not-run');
  if (ran.length === 0) return attempts.at(-1) ?? { state: 'not-run', notRun: 'the run ended before this test ran' };
  const agree = ran.every((attempt) => sameOutcome(attempt, ran[0]!));
  return agree ? ran.at(-1)! : { state: 'flaky', attempts: ran };
}

function sameOutcome(a: Attempt, b: Attempt): boolean {
  if (a.state === 'not-observed' || b.state === 'not-observed') return a.state === b.state;
  return matches(a.observed, b.observed);
}

function attemptOf(result: TestResult, id: string): Attempt | { state: 'not-run'; notRun: string } {
  const observation = observationsOf(result).find((candidate) => candidate.id === id);
  if (observation) return judge(observation);
  switch (result.status) {
    case 'skipped':
      return { state: 'not-run', notRun: annotationsOf(result, 'skip')[0] || 'skipped' };
    case 'interrupted':
      return { state: 'not-run', notRun: 'the run was interrupted before this row was observed' };
    case 'passed':
      return { state: 'not-observed', error: 'the test passed without observing this row' };
    default: {
      // The last error is the one that stopped the test; earlier ones may be soft assertions.
      const message = stripVTControlCharacters(result.errors.at(-1)?.message ?? result.status);
      const firstLine = message.split('\n').find((line) => line.trim() !== '') ?? result.status;
      return { state: 'not-observed', error: firstLine.trim() };
    }
  }
}

function observationsOf(result: TestResult): MatrixObservation[] {
  return result.attachments
    .filter(({ name, body }) => name === MATRIX_OBSERVATION && body)
    .map(({ body }) => JSON.parse(body!.toString('utf8')) as MatrixObservation);
}

function annotationsOf(result: TestResult, type: string): string[] {
  return result.annotations.filter((annotation) => annotation.type === type).map(({ description = '' }) => description);
}

/** The engine a project ran, from any of its tests that reached the browser, else why none did. */
function engineOf(tests: TestCase[]): string {
  const results = tests.flatMap((test) => test.results);
  const engine = results.flatMap((result) => annotationsOf(result, MATRIX_ENGINE)).at(-1);
  if (engine) return engine;
  const skip = results.flatMap((result) => annotationsOf(result, 'skip'))[0];
  return `not run: ${skip || 'no matrix test reached the browser'}`;
}
