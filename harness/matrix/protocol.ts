/**
 * How the behaviour matrix travels from the tests to the matrix reporter. Both ends go through a test's
 * result (annotations and attachments), which survives workers, blob reports and merged shards.
 */

/** Annotation on a test, one per row it fills: description `<row id>: <row title>`. */
export const MATRIX_ROW = 'matrix-row';
/** Annotation added when the test runs: description `<browser> <version>, <how it is driven>`. */
export const MATRIX_ENGINE = 'matrix-engine';
/** JSON attachment, one per row observed: a MatrixObservation. */
export const MATRIX_OBSERVATION = 'matrix-observation';

/** A value a spec observes in a browser: a JSON scalar, or a short list of them. */
export type Observation = string | number | boolean | null | readonly (string | number | boolean | null)[];

export interface MatrixObservation {
  id: string;
  observed: Observation;
  /** The browser that observed it, as it names itself: `chromium 156.0.8078.79`. */
  version: string;
  /** The file that holds this lane's expectation for the row, or would hold it: `expectations/blink.json`. */
  expectedIn: string;
  /** That file's entry for the row, its reason filled in from RFC 6265bis where it agrees; null: it has none. */
  expectation: { value: Observation; reason: string; seenOn: string[] } | null;
}
