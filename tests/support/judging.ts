import { expect } from '@playwright/test';
import { matches, mismatches } from '../../harness/matrix/judge.ts';
import type { Observation } from '../../harness/matrix/protocol.ts';

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
