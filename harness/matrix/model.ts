import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { MATRIX_ENGINE, MATRIX_OBSERVATION, MATRIX_ROW, type MatrixObservation } from './protocol.ts';

/** The behaviour matrix as matrix.json holds it, built from a run's test results. */
export interface Matrix {
  generatedAt: string;
  /** By project: `<browser> <version>, <how driven>`, or `not run: <why>`. */
  engines: Record<string, string>;
  rows: MatrixRow[];
}

export interface MatrixRow {
  id: string;
  title: string;
  /** `<file relative to the repository>:<line>` */
  spec: string;
  cells: Record<string, MatrixCell>;
}

export type ObservedCell = Omit<MatrixObservation, 'id'>;
export type MatrixCell = ObservedCell | { notRun: string };

export type CellOutcome = 'match' | 'mismatch' | 'unobserved' | 'not-run';

// A test that ran but did not observe its row failed: its cells are failures, not absent browsers.
export const FAILED_BEFORE_OBSERVING = 'the test failed before observing this row';
const PASSED_WITHOUT_OBSERVING = 'the test passed without observing this row';

export function cellOutcome(cell: MatrixCell): CellOutcome {
  if (!('notRun' in cell)) return cell.matches ? 'match' : 'mismatch';
  return cell.notRun.startsWith(FAILED_BEFORE_OBSERVING) || cell.notRun === PASSED_WITHOUT_OBSERVING ? 'unobserved' : 'not-run';
}

/** How many cells of the matrix have each outcome. */
export function countOutcomes(matrix: Matrix): Record<CellOutcome, number> {
  const counts: Record<CellOutcome, number> = { match: 0, mismatch: 0, unobserved: 0, 'not-run': 0 };
  for (const row of matrix.rows) for (const cell of Object.values(row.cells)) counts[cellOutcome(cell)]++;
  return counts;
}

/**
 * The matrix of a run: one column per project that has matrix tests, one row per declared row id, each cell
 * from the last result of that project's test (retries and repeats included).
 */
export function buildMatrix(root: Suite, repositoryRoot: string, generatedAt: Date): Matrix {
  const engines: Record<string, string> = {};
  const rows = new Map<string, MatrixRow & { line: number; index: number }>();

  for (const projectSuite of root.suites) {
    const project = projectSuite.project()?.name ?? projectSuite.title;
    const tests = projectSuite.allTests().filter((test) => declaredRows(test).length > 0);
    if (tests.length === 0) continue;
    engines[project] = engineOf(tests);

    for (const test of tests) {
      const result = test.results.at(-1);
      const observed = new Map(result ? observationsOf(result).map(({ id, ...cell }) => [id, cell]) : []);
      const file = path.relative(repositoryRoot, test.location.file).split(path.sep).join('/');
      declaredRows(test).forEach(({ id, title }, index) => {
        const row = rows.get(id) ?? { id, title, spec: `${file}:${test.location.line}`, cells: {}, line: test.location.line, index };
        rows.set(id, row);
        row.cells[project] = observed.get(id) ?? unobservedCell(result);
      });
    }
  }

  const ordered = [...rows.values()].sort((a, b) => compareSpecs(a, b) || a.line - b.line || a.index - b.index);
  return {
    generatedAt: generatedAt.toISOString(),
    engines,
    // A project whose tests do not include a row (testIgnore) still gets a cell for it.
    rows: ordered.map(({ id, title, spec, cells }) => ({
      id,
      title,
      spec,
      cells: Object.fromEntries(Object.keys(engines).map((project) => [project, cells[project] ?? { notRun: 'this project does not run the test' }])),
    })),
  };
}

/** The file of a row's `spec` (`<file>:<line>`). */
export function specFile(spec: string): string {
  return spec.slice(0, spec.lastIndexOf(':'));
}

function compareSpecs(a: MatrixRow, b: MatrixRow): number {
  const [fileA, fileB] = [specFile(a.spec), specFile(b.spec)];
  return fileA < fileB ? -1 : fileA > fileB ? 1 : 0;
}

/** The rows a test declares with matrixRows(): annotations `<row id>: <row title>`. */
function declaredRows(test: TestCase): { id: string; title: string }[] {
  return test.annotations
    .filter(({ type }) => type === MATRIX_ROW)
    .map(({ description = '' }) => {
      const colon = description.indexOf(': ');
      return colon < 0 ? { id: description, title: description } : { id: description.slice(0, colon), title: description.slice(colon + 2) };
    });
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
  const results = tests.map((test) => test.results.at(-1)).filter((result) => result !== undefined);
  const engine = results.flatMap((result) => annotationsOf(result, MATRIX_ENGINE))[0];
  if (engine) return engine;
  const skip = results.flatMap((result) => annotationsOf(result, 'skip'))[0];
  return `not run: ${skip || 'no matrix test reached the browser'}`;
}

function unobservedCell(result: TestResult | undefined): { notRun: string } {
  if (!result) return { notRun: 'the run ended before this test ran' };
  switch (result.status) {
    case 'skipped':
      return { notRun: annotationsOf(result, 'skip')[0] || 'skipped' };
    case 'interrupted':
      return { notRun: 'the run was interrupted before this row was observed' };
    case 'passed':
      return { notRun: PASSED_WITHOUT_OBSERVING };
    default: {
      // The last error is the one that stopped the test; earlier ones may be soft assertions.
      const message = stripVTControlCharacters(result.errors.at(-1)?.message ?? result.status);
      const firstLine = message.split('\n').find((line) => line.trim() !== '') ?? result.status;
      return { notRun: `${FAILED_BEFORE_OBSERVING}: ${firstLine.trim()}` };
    }
  }
}
