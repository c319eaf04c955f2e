import path from 'node:path';
import { expect } from '@playwright/test';
import { caseJudgement } from '../harness/cases/expect.ts';
import { caseFilePaths, loadCaseFiles } from '../harness/cases/load.ts';
import { caseRow, rowValue } from '../harness/cases/row.ts';
import { cookieDomains, restarts, runCase, storePages } from '../harness/cases/run-case.ts';
import type { Case } from '../harness/cases/schema.ts';
import type { BrowserChoice } from '../harness/lanes/browser-choice.ts';
import { LAUNCH_BUDGET_MS } from '../harness/lanes/restartable-profile.ts';
import { matrixRows, test } from './support/fixtures.ts';

/** How a case is judged on the project's engine (a browser that cannot run has none, and never gets this far). */
function judgementOn<T>(choice: BrowserChoice, judge: (engine: string) => T): T | undefined {
  return choice.available ? judge(choice.engine) : undefined;
}

// The run's case files (every cases/*.json, or those npm run cases names), validated: an invalid one fails the load.
for (const file of loadCaseFiles(caseFilePaths())) {
  const shownPath = path.relative(process.cwd(), file.path);
  const upstreamHosts = [...file.upstreams.keys()];

  test.describe(`${shownPath}`, () => {
    // A file's cases run in order in one worker, sharing its browser context; each case starts with an empty store.
    test.describe.configure({ mode: 'default' });
    // A case whose observations all carry `expect` is judged by its file; any other by expectations/<engine>.json.
    const judged = (one: Case, browserChoice: BrowserChoice) => judgementOn(browserChoice, (engine) => caseJudgement(file, one, engine, shownPath));
    for (const one of file.cases) {
      if (restarts(one)) {
        // In a browser of its own, on a profile it can restart on: the shared store is not touched.
        test(one.id, matrixRows({ [one.id]: caseRow(one) }), async ({ caseInOwnProfile: { context, observeCase }, browserChoice }) => {
          test.setTimeout(test.info().timeout + one.steps.filter((step) => step.restart).length * LAUNCH_BUDGET_MS);
          const observations = await runCase(one, { ...context, hosts: file.hosts, upstreamHosts });
          await observeCase(one.id, rowValue(observations), undefined, judged(one, browserChoice));
        });

        continue;
      }

      test(one.id, matrixRows({ [one.id]: caseRow(one) }), async ({ caseContext, observeCase, browserChoice }) => {
        caseContext.leavesCookiesOn(cookieDomains(one, upstreamHosts));
        const observations = await runCase(one, { ...caseContext, hosts: file.hosts, upstreamHosts });
        // The upstreams' own Set-Cookie lines may name a Domain the file does not: the next case is emptied there too.
        caseContext.leavesCookiesOn(cookieDomains(one, upstreamHosts, caseContext.server.upstreamCookieLines()));
        await observeCase(one.id, rowValue(observations), undefined, judged(one, browserChoice));
      });
    }

    // A case after the file's last one, its store emptied as every case's is, finds nothing on any of the file's
    // hosts below any directory the last case of the shared store names (or the Path its upstreams' lines gave):
    // what that case stored (HttpOnly ones too) is gone. A case that restarts never used the shared store.
    test('Nothing is left for the next case', async ({ caseContext }) => {
      caseContext.leavesCookiesOn([]);
      expect(await caseContext.visitor.storeCookies(storePages(file.cases.filter((one) => !restarts(one)).slice(-1), file.hosts, caseContext.server.upstreamCookieLines()))).toEqual([]);
    });
  });
}
