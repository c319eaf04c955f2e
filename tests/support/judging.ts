import { expect, type TestInfo } from '@playwright/test';
import type { CaseJudgement } from '../../harness/cases/expect.ts';
import { caseFilePaths } from '../../harness/cases/load.ts';
import type { BrowserChoice } from '../../harness/lanes/browser-choice.ts';
import { Expectations, type Lane as JudgedLane } from '../../harness/matrix/expectations.ts';
import { matches, mismatches } from '../../harness/matrix/judge.ts';
import type { MatrixObservation, Observation } from '../../harness/matrix/protocol.ts';

// How a test judges what the browser did: the run's expectation files, each lane's entry, and the one judge.

// Read and checked once per process: a broken expectation file fails every spec file's loading, naming the file.
export const EXPECTATIONS = Expectations.load(undefined, caseFilePaths());

/**
 * expect() with the matrix's one judge as a matcher: `expectMatrix.soft(observed, where).toMatchExpectation(expected)`
 * passes exactly where the cell of that observation is as expected (harness/matrix/judge.ts, matches()); its
 * message names each part that differs.
 */
export const expectMatrix = expect.extend({
  toMatchExpectation(observed: Observation, expected: Observation) {
    const pass = matches(observed, expected);
    const message = () =>
      pass
        ? `${this.utils.matcherHint('toMatchExpectation', undefined, undefined, { isNot: this.isNot })}\n\nObserved what was expected: ${this.utils.printReceived(observed)}`
        : [
            this.utils.matcherHint('toMatchExpectation', undefined, undefined, { isNot: this.isNot }),
            '',
            ...mismatches(observed, expected).map((line) => `  ${line}`),
            '',
            `Expected: ${this.utils.printExpected(expected)}`,
            `Observed: ${this.utils.printReceived(observed)}`,
          ].join('\n');
    return { pass, message, name: 'toMatchExpectation', expected, actual: observed };
  },
});

/** The engine and driver whose expectation files judge a project's browser. */
export function laneOf(choice: BrowserChoice): JudgedLane {
  if (!choice.available) throw new Error(`No lane to judge: ${choice.reason}`);
  return { engine: choice.engine, driver: choice.driver };
}

/** A lane's expectation for an id, its reason RFC 6265bis's where the lane agrees with it; null: none. */
export function expectationOf(lane: JudgedLane, id: string): MatrixObservation['expectation'] {
  const entry = EXPECTATIONS.entryFor(lane, id);
  return entry ? { value: entry.value, reason: entry.reason ?? EXPECTATIONS.standard.get(id)?.reason ?? '', seenOn: entry.seenOn } : null;
}

/**
 * Compares, softly, what the browser did with the lane's expectation, in a message that names the id, the engine,
 * the file and key, and the versions the entry was seen on. With no entry the value is unverified: annotated, and
 * a failure only with MATRIX_STRICT=1 and only where the lane's file exists (a lane without one is unmeasured).
 */
export function judgeSoftly(lane: JudgedLane, id: string, observed: Observation, version: string, testInfo: TestInfo): void {
  if (!EXPECTATIONS.rowIds.includes(id)) throw new Error(`Unknown row id ${id}: not in expectations/rfc6265bis.json nor in a cases/*.json file`);
  const expectation = expectationOf(lane, id);
  const expectedIn = EXPECTATIONS.fileFor(lane, id);
  const where = `${id} on ${lane.engine} over ${lane.driver}, observed in ${version}`;
  if (!expectation) {
    // A lane with no file at all is unmeasured: MATRIX_STRICT=1 leaves it to the matrix, which reports it (unmeasured.ts).
    const measured = EXPECTATIONS.hasFile(expectedIn);
    testInfo.annotations.push({ type: 'unverified', description: `${where}: ${JSON.stringify(observed)}; ${expectedIn} ${measured ? 'has no entry for it' : 'does not exist: this lane is unmeasured'}` });
    if (process.env.MATRIX_STRICT === '1' && measured) expect.soft(expectation, `${where}: ${expectedIn} has no key "${id}" (MATRIX_STRICT=1; npm run matrix:accept writes it)`).not.toBeNull();
    return;
  }
  const seenOn = expectation.seenOn.join(', ');
  expectMatrix.soft(observed, `${where}; expected by ${EXPECTATIONS.expectedIn(lane, id)}, key "${id}" (seen on ${seenOn}): ${expectation.reason}`).toMatchExpectation(expectation.value);
}

/**
 * Compares, softly, a case file's row with the case's own `expect` (harness/cases/expect.ts), by the one judge, in a
 * message that names the file, the case, each step that differs and the engine.
 */
export function judgeCaseSoftly(judgement: CaseJudgement, observed: Observation): void {
  expectMatrix.soft(observed, judgement.differences(observed).join('\n')).toMatchExpectation(judgement.expectation.value);
}
