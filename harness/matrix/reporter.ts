import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, Reporter, Suite } from '@playwright/test/reporter';
import { MATRIX_ROW } from './protocol.ts';
import { renderMatrixHtml } from './render-html.ts';
import { buildMatrix, countOutcomes } from './model.ts';
import { renderMatrixMarkdown } from './render-markdown.ts';
import { plural } from './format-value.ts';

/** The folder, beside playwright.config.ts, that holds the last matrix. */
export const MATRIX_FOLDER = 'matrix-report';

/**
 * Writes the behaviour matrix of the run into matrix-report/ (index.html, matrix.md, matrix.json) beside
 * playwright.config.ts, and says where it is. Also runs over merged shards: `npx playwright merge-reports
 * --reporter ./harness/matrix/reporter.ts <blob dir>`.
 */
export default class MatrixReporter implements Reporter {
  private repositoryRoot = process.cwd();
  private suite?: Suite;

  onBegin(config: FullConfig, suite: Suite): void {
    if (config.configFile) this.repositoryRoot = path.dirname(config.configFile);
    this.suite = suite;
  }

  onEnd(): void {
    // A run without matrix tests (one spec, --list) leaves the last matrix in place.
    const ran = this.suite!.allTests().some((test) => test.results.length > 0 && test.annotations.some(({ type }) => type === MATRIX_ROW));
    if (!ran) return;

    const matrix = buildMatrix(this.suite!, this.repositoryRoot, new Date());

    const folder = path.join(this.repositoryRoot, MATRIX_FOLDER);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA } = process.env;
    const sourceBaseURL = GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_SHA ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/blob/${GITHUB_SHA}` : undefined;
    writeFileSync(path.join(folder, 'index.html'), renderMatrixHtml(matrix, { sourceBaseURL }));
    writeFileSync(path.join(folder, 'matrix.md'), renderMatrixMarkdown(matrix));
    writeFileSync(path.join(folder, 'matrix.json'), `${JSON.stringify(matrix, null, 2)}\n`);

    const counts = countOutcomes(matrix);
    const where = path.relative(process.cwd(), path.join(folder, 'index.html'));
    console.log(
      `Behaviour matrix: ${plural(matrix.rows.length, 'row')} by ${plural(Object.keys(matrix.engines).length, 'engine')}, ${counts.mismatch} not as expected, ` +
        `${counts.unobserved} not observed (test failed), ${counts['not-run']} not run: ${where} (npm run matrix)`,
    );
  }

  printsToStdio(): boolean {
    return false;
  }
}
