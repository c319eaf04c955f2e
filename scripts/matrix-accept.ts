import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { Expectations, formatLaneEntries, laneFileOf, REASON_TO_BE_WRITTEN, type LaneEntries } from '../harness/matrix/expectations.ts';
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
 * An overlay (expectations.ts: blink-third-party-allowed.json overlays blink.json) gets an entry only where its
 * value differs from its base's: one that the base has, now or once this run's values are in, is removed, and a
 * cell judged by the base's entry leaves that entry's seenOn alone (the base's lane is accepted on its own).
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
      const file = laneFileOf(cell.expectedIn);
      const standard = expectations.standard.get(row.id);
      // A value with named parts is written as the object naming them (a matrix that recorded a list is named here).
      const value = row.parts && standard ? withNamedParts(row.id, row.parts, cell.observed) : cell.observed;
      const base = expectations.baseOf(file);
      const inherited = base === undefined ? undefined : entriesOf(base)[row.id];
      if (inherited && matches(value, inherited.value)) {
        if (Object.hasOwn(entriesOf(file), row.id)) delete entriesOf(file)[row.id];
        changes.push(`${file}: ${where} = ${formatValue(value, row.parts)} on ${cell.version}, as ${base} has it: no entry of its own, the row is judged by the base's`);
        continue;
      }
      const departs = !standard || !matches(value, standard.value);
      entriesOf(file)[row.id] = { value, ...(departs && { reason: REASON_TO_BE_WRITTEN }), seenOn: [cell.version] };
      const was = cell.state === 'unverified' ? 'unverified' : `was ${formatValue(cell.expected, row.parts)} on ${cell.seenOn.join(', ')} in ${cell.expectedIn}`;
      changes.push(`${file}: ${where} = ${formatValue(value, row.parts)} on ${cell.version} (${was})${departs ? ', departs from RFC 6265bis: reason to be written' : ''}`);
    } else if (cell.state === 'as-expected' && !cell.seenOn.includes(cell.version)) {
      if (laneFileOf(cell.expectedIn) !== cell.expectedIn) {
        console.log(`left alone: ${where} = ${formatValue(cell.observed, row.parts)} on ${cell.version}, as ${cell.expectedIn} expects: that entry is the base's, whose own lane adds its versions`);
        continue;
      }
      entriesOf(cell.expectedIn)[row.id]!.seenOn.push(cell.version);
      changes.push(`${cell.expectedIn}: ${where} = ${formatValue(cell.observed, row.parts)} also seen on ${cell.version}`);
    } else if (cell.state === 'flaky') {
      console.log(`left alone: ${where} is flaky, its attempts disagreed; find the race before accepting a value`);
    }
  }
}

// An overlay keeps only what differs from its base, as the base reads once this run's values are in.
for (const file of expectations.overlays()) {
  const base = expectations.baseOf(file)!;
  for (const [id, entry] of Object.entries(edited.get(file) ?? expectations.entriesOf(file))) {
    const inherited = (edited.get(base) ?? expectations.entriesOf(base))[id];
    if (!inherited || !matches(entry.value, inherited.value)) continue;
    delete entriesOf(file)[id];
    changes.push(`${file}: ${id} removed, the same as ${base}, which the file overlays: the row is judged by the base's entry`);
  }
}

// Entries in the order the rows are declared, so that a file reads like the matrix.
const order = (id: string) => expectations.rowIds.indexOf(id);
for (const [file, entries] of edited) {
  const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => order(a) - order(b)));
  writeFileSync(path.join(ROOT, file), formatLaneEntries(sorted, expectations.baseOf(file)));
}
// What was written must load as the tests will load it.
Expectations.load(ROOT);
console.log(changes.length === 0 ? `Nothing to accept in ${options.matrix} for ${projects.join(', ')}.` : changes.join('\n'));
