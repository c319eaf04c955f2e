import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { Expectations, formatLaneEntries, REASON_TO_BE_WRITTEN, type LaneEntries } from '../harness/matrix/expectations.ts';
import { formatValue } from '../harness/matrix/format-value.ts';
import type { Matrix } from '../harness/matrix/model.ts';
import { MATRIX_FOLDER } from '../harness/matrix/reporter.ts';
import { matches } from '../harness/matrix/judge.ts';
import { withNamedParts } from '../harness/matrix/protocol.ts';

/**
 * npm run matrix:accept: the matrix's --update-snapshots. Writes what the browsers did, as a matrix.json recorded
 * it, into the expectation files: the observed value of every unverified and not-as-expected cell, seen on the
 * version observed and with a reason still to be written where it departs from RFC 6265bis; and the version of
 * every as-expected cell that its entry had not been seen on. Flaky cells are left alone. Prints every change.
 */
const ROOT = path.resolve(import.meta.dirname, '..');

const options = new Command('matrix:accept')
  .description("Write a run's observed values into expectations/ (the engine's or the driver's file)")
  .option('--project <name...>', 'the projects whose cells to accept (default: every project in the matrix)')
  .option('--matrix <path>', 'the matrix.json to read, e.g. one downloaded from CI', path.join(ROOT, MATRIX_FOLDER, 'matrix.json'))
  .parse()
  .opts<{ project?: string[]; matrix: string }>();

const matrix = JSON.parse(readFileSync(options.matrix, 'utf8')) as Matrix;
const projects = options.project ?? Object.keys(matrix.engines);
const unknown = projects.filter((project) => !Object.hasOwn(matrix.engines, project));
if (unknown.length > 0) throw new Error(`${options.matrix} has no column for ${unknown.join(', ')}; it has ${Object.keys(matrix.engines).join(', ')}`);

const expectations = Expectations.load(ROOT);
const edited = new Map<string, LaneEntries>();
const entriesOf = (file: string) => edited.get(file) ?? edited.set(file, expectations.entriesOf(file)).get(file)!;
const changes: string[] = [];

for (const row of matrix.rows) {
  for (const project of projects) {
    const cell = row.cells[project];
    if (!cell) continue;
    const where = `${row.id} (${project})`;
    // A row of a case file outside cases/ (npm run cases) is not declared here: its entry would break every later load.
    if (!expectations.rowIds.includes(row.id)) {
      console.log(`left alone: ${where} is declared by no file of this repository (expectations/rfc6265bis.json, cases/*.json)`);
      continue;
    }
    if (cell.state === 'unverified' || cell.state === 'not-as-expected') {
      const standard = expectations.standard.get(row.id);
      // A value with named parts is written as the object naming them (a matrix that recorded a list is named here).
      const value = row.parts && standard ? withNamedParts(row.id, row.parts, cell.observed) : cell.observed;
      const departs = !standard || !matches(value, standard.value);
      entriesOf(cell.expectedIn)[row.id] = { value, ...(departs && { reason: REASON_TO_BE_WRITTEN }), seenOn: [cell.version] };
      const was = cell.state === 'unverified' ? 'unverified' : `was ${formatValue(cell.expected, row.parts)} on ${cell.seenOn.join(', ')}`;
      changes.push(`${cell.expectedIn}: ${where} = ${formatValue(value, row.parts)} on ${cell.version} (${was})${departs ? ', departs from RFC 6265bis: reason to be written' : ''}`);
    } else if (cell.state === 'as-expected' && !cell.seenOn.includes(cell.version)) {
      entriesOf(cell.expectedIn)[row.id]!.seenOn.push(cell.version);
      changes.push(`${cell.expectedIn}: ${where} = ${formatValue(cell.observed, row.parts)} also seen on ${cell.version}`);
    } else if (cell.state === 'flaky') {
      console.log(`left alone: ${where} is flaky, its attempts disagreed; find the race before accepting a value`);
    }
  }
}

// Entries in the order the rows are declared, so that a file reads like the matrix.
const order = (id: string) => expectations.rowIds.indexOf(id);
for (const [file, entries] of edited) {
  const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => order(a) - order(b)));
  writeFileSync(path.join(ROOT, file), formatLaneEntries(sorted));
}
// What was written must load as the tests will load it.
Expectations.load(ROOT);
console.log(changes.length === 0 ? `Nothing to accept in ${options.matrix} for ${projects.join(', ')}.` : changes.join('\n'));
