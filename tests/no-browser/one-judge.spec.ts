import { isDeepStrictEqual } from 'node:util';
import { expect, test } from '@playwright/test';
import { judge } from '../../harness/matrix/model.ts';
import type { MatrixObservation, Observation } from '../../harness/matrix/protocol.ts';
import { expectMatrix } from '../support/judging.ts';

// Values an engine file could expect, and what a spec could hand observe() where the two judges of old disagreed:
// the test's toEqual() compared the value in memory, the cell compared the copy the attachment carried.
const SPARSE = [true];
SPARSE.length = 2;
SPARSE.reverse(); // [<hole>, true]
const DISAGREED: { name: string; observed: Observation; expected: Observation }[] = [
  { name: '-0 against 0', observed: -0, expected: 0 },
  { name: 'a hole in a list against null', observed: SPARSE as Observation, expected: [null, true] },
  { name: 'NaN in a named part against null', observed: { stored: NaN, sent: true }, expected: { stored: null, sent: true } },
];
// And values where both judges always agreed, either way.
const AGREED: { name: string; observed: Observation; expected: Observation }[] = [
  { name: 'equal named parts', observed: { expiryDays: 400, sentAt399Days: true }, expected: { expiryDays: 400, sentAt399Days: true } },
  { name: 'a named part that differs', observed: { stored: true, sent: false }, expected: { stored: true, sent: true } },
  { name: 'a part missing', observed: { stored: true }, expected: { stored: true, sent: null } },
];

/** The test's verdict: what observe() and expectations.check() ask, in tests/support/judging.ts. */
function testVerdict(observed: Observation, expected: Observation): boolean {
  try {
    expectMatrix(observed).toMatchExpectation(expected);
    return true;
  } catch {
    return false;
  }
}

/** The cell's state, from the observation as the reporter reads it back from the test's attachment. */
function cellVerdict(observed: Observation, expected: Observation): boolean {
  const observation: MatrixObservation = { id: 'row', observed, engine: 'blink', version: 'browser 1.0', expectedIn: 'expectations/x.json', expectation: { value: expected, reason: 'why', seenOn: ['browser 1.0'] } };
  const cell = judge(JSON.parse(JSON.stringify(observation)) as MatrixObservation);
  if (cell.state === 'unverified') throw new Error('the observation has an expectation');
  return cell.state === 'as-expected';
}

/** The old test verdict: expect.soft(observed).toEqual(expected) in tests/support/fixtures.ts. */
function oldTestVerdict(observed: Observation, expected: Observation): boolean {
  try {
    expect(observed).toEqual(expected);
    return true;
  } catch {
    return false;
  }
}

/** The old cell state: isDeepStrictEqual in harness/matrix/model.ts, on the attachment's copy. */
function oldCellVerdict(observed: Observation, expected: Observation): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(observed)), expected);
}

test.describe('the one judge of the matrix', () => {
  for (const { name, observed, expected } of DISAGREED) {
    test(`should give the test and its cell one verdict where the two judges of old disagreed: ${name}`, () => {
      expect(oldTestVerdict(observed, expected), 'the old test verdict').not.toBe(oldCellVerdict(observed, expected));
      // The matrix records the value as JSON, so that is what is judged: the cell shows what passed.
      expect(testVerdict(observed, expected), 'the test verdict').toBe(true);
      expect(cellVerdict(observed, expected), 'the cell state').toBe(true);
    });
  }

  for (const { name, observed, expected } of AGREED) {
    test(`should give the test and its cell one verdict: ${name}`, () => {
      expect(oldTestVerdict(observed, expected)).toBe(oldCellVerdict(observed, expected));
      expect(testVerdict(observed, expected), 'the test verdict').toBe(cellVerdict(observed, expected));
      expect(testVerdict(observed, expected), 'the test verdict').toBe(oldCellVerdict(observed, expected));
    });
  }

  test('should name each part that differs in the failure', () => {
    expect(() => expectMatrix({ expiryDays: 400, sentAt399Days: true, sentAt401Days: true }).toMatchExpectation({ expiryDays: 400, sentAt399Days: true, sentAt401Days: false })).toThrow(
      /sentAt401Days: true, expected false/,
    );
  });
});
