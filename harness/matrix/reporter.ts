import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite } from '@playwright/test/reporter';
import { Expectations } from './expectations.ts';
import { renderMatrixHtml } from './render-html.ts';
import { buildMatrix, CELL_STATES, changesSince, countStates, duplicateRows, type Matrix } from './model.ts';
import { renderMatrixMarkdown } from './render-markdown.ts';
import { plural } from './format-value.ts';
import { unmeasuredLanes, unmeasuredMarkdown, unmeasuredText, type PinSource } from './unmeasured.ts';

/** The folder, beside playwright.config.ts, that holds the last matrix. */
export const MATRIX_FOLDER = 'matrix-report';

/**
 * Writes the behaviour matrix of the run into matrix-report/ (index.html, matrix.md, matrix.json) beside
 * playwright.config.ts, and says where it is. Also runs over merged shards: `npx playwright merge-reports
 * --reporter ./harness/matrix/reporter.ts <blob dir>`. With MATRIX_BASELINE=<an earlier matrix.json> the
 * matrix lists the cells whose value changed since. A row id declared by two tests fails the run. Lanes that no
 * expectation file judges (unmeasured.ts) are listed after the closing line, in matrix.md, and, where
 * GITHUB_STEP_SUMMARY names a file, in CI's job summary, with the command that pins them.
 */
export default class MatrixReporter implements Reporter {
  private repositoryRoot = process.cwd();
  // The run's case files (npm run cases may name files outside cases/): their rows are declared too.
  private readonly caseFiles: string[];

  constructor({ caseFiles = [] }: { caseFiles?: string[] } = {}) {
    this.caseFiles = caseFiles;
  }

  private suite?: Suite;
  private duplicates: string[] = [];

  onBegin(config: FullConfig, suite: Suite): void {
    if (config.configFile) this.repositoryRoot = path.dirname(config.configFile);
    this.suite = suite;
    this.duplicates = duplicateRows(suite, this.repositoryRoot);
    for (const message of this.duplicates) console.error(`${message}: a row id belongs to one test. The run will fail.`);
  }

  async onEnd(): Promise<{ status: FullResult['status'] } | undefined> {
    let failure: { status: FullResult['status'] } | undefined = this.duplicates.length > 0 ? { status: 'failed' as const } : undefined;
    for (const message of this.duplicates) console.error(`Failed: ${message}.`);
    // A run in which no test ran (--list) leaves the last matrix in place; any other run replaces it.
    if (!this.suite!.allTests().some((test) => test.results.length > 0)) return failure;

    const expectations = Expectations.load(this.repositoryRoot, this.caseFiles);
    const matrix: Matrix = buildMatrix(this.suite!, this.repositoryRoot, new Date(), expectations);
    const baseline = process.env.MATRIX_BASELINE;
    if (baseline) {
      try {
        matrix.changes = changesSince(JSON.parse(readFileSync(baseline, 'utf8')), matrix);
      } catch (error) {
        console.error(`MATRIX_BASELINE=${baseline} cannot serve as a baseline: ${(error as Error).message}`);
        failure = { status: 'failed' };
      }
    }

    const folder = path.join(this.repositoryRoot, MATRIX_FOLDER);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA } = process.env;
    const sourceBaseURL = GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_SHA ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/blob/${GITHUB_SHA}` : undefined;
    writeFileSync(path.join(folder, 'index.html'), renderMatrixHtml(matrix, { sourceBaseURL }));
    const unmeasured = { lanes: unmeasuredLanes(matrix, (file) => expectations.hasFile(file)), source: pinSource(path.join(folder, 'matrix.json')) };
    writeFileSync(path.join(folder, 'matrix.md'), renderMatrixMarkdown(matrix, unmeasured));
    writeFileSync(path.join(folder, 'matrix.json'), `${JSON.stringify(matrix, null, 2)}\n`);

    const counts = countStates(matrix);
    const coverage = matrix.complete ? 'every declared row' : `partial run: ${matrix.rows.length} of ${expectations.rowIds.length} rows`;
    const states = CELL_STATES.map((state) => `${counts[state]} ${state}`).join(', ');
    const changes = matrix.changes ? `; ${plural(matrix.changes.length, 'change')} since ${baseline}` : '';
    const where = path.relative(process.cwd(), path.join(folder, 'index.html'));
    const summary = `Behaviour matrix, ${coverage}: ${plural(Object.keys(matrix.engines).length, 'engine')}, ${states}${changes}`;
    console.log([`${summary}: ${where} (npm run matrix)`, ...unmeasuredText(unmeasured.lanes, unmeasured.source)].join('\n'));
    const { GITHUB_STEP_SUMMARY } = process.env;
    if (GITHUB_STEP_SUMMARY) appendFileSync(GITHUB_STEP_SUMMARY, ['### Behaviour matrix', '', `${summary}.`, '', ...unmeasuredMarkdown(unmeasured.lanes, unmeasured.source)].join('\n'));
    return failure;
  }

  printsToStdio(): boolean {
    return false;
  }
}

/**
 * Where the command that pins unmeasured lanes reads the matrix: on GitHub Actions, this run's matrix-report
 * artifact once downloaded (the workflow uploads the folder under that name); elsewhere, the file just written.
 */
function pinSource(matrixFile: string): PinSource {
  const { GITHUB_ACTIONS, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  if (GITHUB_ACTIONS === 'true') {
    const run = GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID ? ` of ${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}` : '';
    return { matrix: `path/to/${MATRIX_FOLDER}/matrix.json`, from: `the ${MATRIX_FOLDER} artifact${run} (downloaded to path/to/${MATRIX_FOLDER})` };
  }
  return { matrix: path.relative(process.cwd(), matrixFile), from: "this run's matrix" };
}
