import path from 'node:path';
import { expect } from '@playwright/test';
import { caseFilePaths, loadCaseFiles } from '../harness/cases/load.ts';
import { caseRow } from '../harness/cases/row.ts';
import { cookieDomains, runCase, storePages } from '../harness/cases/run-case.ts';
import { matrixRows, test } from './support/fixtures.ts';

// The run's case files (every cases/*.json, or those npm run cases names), validated: an invalid one fails the load.
for (const file of loadCaseFiles(caseFilePaths())) {
  test.describe(`${path.relative(process.cwd(), file.path)}`, () => {
    // A file's cases run in order in one worker, sharing its browser context; each case starts with an empty store.
    test.describe.configure({ mode: 'default' });
    for (const one of file.cases) {
      test(one.id, matrixRows({ [one.id]: caseRow(one) }), async ({ caseContext, observeCase }) => {
        caseContext.leavesCookiesOn(cookieDomains(one));
        const observations = await runCase(one, { ...caseContext, hosts: file.hosts });
        await observeCase(one.id, observations.length === 1 ? observations[0]! : observations);
      });
    }

    // A case after the file's last one, its store emptied as every case's is, finds nothing on any of the file's
    // hosts below any directory the last case names: what the last case stored (HttpOnly ones too) is gone.
    test('Nothing is left for the next case', async ({ caseContext }) => {
      caseContext.leavesCookiesOn([]);
      expect(await caseContext.visitor.storeCookies(storePages(file.cases.slice(-1), file.hosts))).toEqual([]);
    });
  });
}
