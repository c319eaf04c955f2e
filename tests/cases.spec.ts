import path from 'node:path';
import { caseFilePaths, loadCaseFiles } from '../harness/cases/load.ts';
import { caseRow } from '../harness/cases/row.ts';
import { runCase } from '../harness/cases/run-case.ts';
import { matrixRows, test } from './support/fixtures.ts';

// The run's case files (every cases/*.json, or those npm run cases names), validated: an invalid one fails the load.
for (const file of loadCaseFiles(caseFilePaths())) {
  test.describe(`${path.relative(process.cwd(), file.path)}`, () => {
    // A file's cases run in order in one worker, sharing its browser context; each case starts with an empty store.
    test.describe.configure({ mode: 'default' });
    for (const one of file.cases) {
      test(one.id, matrixRows({ [one.id]: caseRow(one) }), async ({ caseContext, observeCase }) => {
        const observations = await runCase(one, { ...caseContext, hosts: file.hosts });
        await observeCase(one.id, observations.length === 1 ? observations[0]! : observations);
      });
    }
  });
}
