import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Command } from 'commander';
import { loadCaseFiles, type LoadedCaseFile } from '../harness/cases/load.ts';
import { stepLabel } from '../harness/cases/row.ts';
import type { Expect } from '../harness/cases/schema.ts';
import { Expectations, formatLaneEntries, formatLaneEntry, inline, laneFileOf, REASON_TO_BE_WRITTEN, type LaneEntries, type LaneEntry } from '../harness/matrix/expectations.ts';
import { JsonTextEditor, memberOf, nodeAt, type JsonNode, type JsonObjectNode } from '../harness/matrix/json-text.ts';
import { matches } from '../harness/matrix/judge.ts';
import type { Matrix, MatrixCell, MatrixRow, ObservedCell } from '../harness/matrix/model.ts';
import { withNamedParts, type Observation } from '../harness/matrix/protocol.ts';
import { MATRIX_FOLDER } from '../harness/matrix/reporter.ts';

/**
 * npm run matrix:accept: the matrix's --update-snapshots. Writes what the browsers did, as a matrix.json recorded
 * it, into the expectation files: for every observed cell (as expected, not as expected, unverified) the entry of
 * its lane's file holds the observed value, seen on the version observed, with a reason still to be written where
 * it departs from RFC 6265bis (or, for a case's row, which has no standard, wherever the value is new). Flaky cells
 * are left alone. An overlay (expectations.ts: blink-third-party-allowed.json overlays blink.json) gets an entry only
 * where its value differs from its base's: one that the base has, now or once this run's values are in, is removed,
 * and a cell judged by the base's entry leaves that entry's seenOn alone (the base's lane is accepted on its own).
 *
 * With --cases <file>…, it writes into those case files' `expect` instead (harness/cases/expect.ts): a step without
 * one gets the value most engines gave, and the others theirs with a reason to be written; a step with one keeps its
 * value and gets, or loses, an engine's own value where that engine now gives another.
 *
 * Every form edits the JSON text in place (json-text.ts): an entry it does not change keeps its bytes, a version
 * already in seenOn is not added again, and it prints every entry it changes, before and after. A second run on the
 * same matrix prints "nothing to change" and changes no byte.
 */
const REPOSITORY = path.resolve(import.meta.dirname, '..');

const options = new Command('matrix:accept')
  .description("Write a run's observed values into expectations/ (the engine's or the driver's file), or into case files' expect")
  .option('--project <name...>', 'the projects whose cells to accept (default: every project in the matrix)')
  .option('--matrix <path>', 'the matrix.json to read, e.g. one downloaded from CI', path.join(REPOSITORY, MATRIX_FOLDER, 'matrix.json'))
  .option('--cases <file...>', "write the observed values into these case files' expect fields (any path), instead of expectations/")
  .option('--root <dir>', 'the checkout whose expectations/ and cases/ to write', REPOSITORY)
  .parse()
  .opts<{ project?: string[]; matrix: string; cases?: string[]; root: string }>();
const ROOT = path.resolve(options.root);

const matrix = JSON.parse(readFileSync(options.matrix, 'utf8')) as Matrix;
const projects = [...new Set(options.project ?? Object.keys(matrix.engines))];
const unknown = projects.filter((project) => !Object.hasOwn(matrix.engines, project));
if (unknown.length > 0) fail(`${options.matrix} has no column for ${unknown.join(', ')}; it has ${Object.keys(matrix.engines).join(', ')}`);

const caseFiles = (options.cases ?? []).map((file) => path.resolve(file));
let expectations: Expectations;
try {
  expectations = Expectations.load(ROOT, caseFiles);
} catch (error) {
  fail((error as Error).message);
}
/** What is left alone and why, then every change, before and after. */
const notes: string[] = [];
const changes: string[] = [];
/** By absolute path: the text before (undefined: the file is new) and after. */
const writes = new Map<string, { before: string | undefined; after: string }>();

if (options.cases) for (const file of caseFiles) acceptIntoCaseFile(file);
else acceptIntoExpectationFiles();

for (const [file, { after }] of writes) writeFileSync(file, after);
try {
  // What was written must load as the tests will load it.
  if (caseFiles.length > 0) loadCaseFiles(caseFiles);
  Expectations.load(ROOT, caseFiles);
} catch (error) {
  for (const [file, { before }] of writes) if (before !== undefined) writeFileSync(file, before);
  fail(`Nothing was written: the files would not load: ${(error as Error).message}`);
}
for (const note of notes) console.log(note);
console.log(changes.length === 0 ? `nothing to change: ${options.matrix}, ${projects.join(', ')}` : changes.join('\n'));

/** A cell that holds an observed value (as expected, not as expected, unverified), else undefined; a flaky one is noted. */
function observedCell(cell: MatrixCell | undefined, where: string): ObservedCell | undefined {
  if (cell?.state === 'flaky') notes.push(`left alone: ${where} is flaky, its attempts disagreed; find the race before accepting a value`);
  return cell && (cell.state === 'as-expected' || cell.state === 'not-as-expected' || cell.state === 'unverified') ? cell : undefined;
}

function cellOf(row: MatrixRow, project: string): MatrixCell | undefined {
  return Object.hasOwn(row.cells, project) ? row.cells[project] : undefined;
}

/** The observed values of one row for one expectation file: every project's, which must agree. */
interface Accepted {
  file: string;
  row: MatrixRow;
  value: Observation;
  seen: { project: string; version: string }[];
  disagree: boolean;
}

function acceptIntoExpectationFiles(): void {
  const accepted = new Map<string, Accepted>();
  for (const row of matrix.rows) {
    for (const project of projects) {
      const where = `${row.id} (${project})`;
      const cell = observedCell(cellOf(row, project), where);
      if (!cell) continue;
      // A row of a case file outside cases/ (npm run cases) is not declared here: its entry would break every later load.
      if (!expectations.rowIds.includes(row.id)) {
        notes.push(`left alone: ${where} is declared by no file of this repository (expectations/rfc6265bis.json, cases/*.json)`);
        continue;
      }
      const byCase = expectations.caseFileJudging(row.id);
      const file = laneFileOf(cell.expectedIn);
      if (byCase || !file.startsWith('expectations/')) {
        notes.push(`left alone: ${where} is judged by the expect of its case file${byCase ? ` (${byCase}): npm run matrix:accept -- --cases ${byCase}` : ''}`);
        continue;
      }
      // A value with named parts is written as the object naming them (a matrix that recorded a list is named here).
      const value = row.parts && expectations.standard.has(row.id) ? withNamedParts(row.id, row.parts, cell.observed) : cell.observed;
      const key = `${file}\u0000${row.id}`;
      const earlier = accepted.get(key);
      if (!earlier) accepted.set(key, { file, row, value, seen: [{ project, version: cell.version }], disagree: false });
      else {
        earlier.seen.push({ project, version: cell.version });
        earlier.disagree ||= !matches(earlier.value, value);
      }
    }
  }

  const entries = new Map<string, LaneEntries>();
  const entriesOf = (file: string) => entries.get(file) ?? entries.set(file, expectations.entriesOf(file)).get(file)!;
  const who = new Map<string, string>();
  // Whole files first: an overlay is judged against its base as this run leaves it.
  const ordered = [...accepted.values()].sort((a, b) => Number(expectations.baseOf(a.file) !== undefined) - Number(expectations.baseOf(b.file) !== undefined));
  for (const { file, row, value, seen, disagree } of ordered) {
    const { id } = row;
    if (disagree) {
      notes.push(`left alone: ${file}, "${id}": ${seen.map(({ project }) => project).join(' and ')} observed different values, and the file holds one`);
      continue;
    }
    const own = entriesOf(file);
    const base = expectations.baseOf(file);
    const inherited = base !== undefined && Object.hasOwn(entriesOf(base), id) ? entriesOf(base)[id] : undefined;
    const existing = Object.hasOwn(own, id) ? own[id] : undefined;
    const versions = [...new Set(seen.map(({ version }) => version))];
    who.set(`${file}\u0000${id}`, seen.map(({ project, version }) => `${version} in ${project}`).join(', '));
    if (inherited && matches(value, inherited.value)) delete own[id];
    else if (existing && matches(value, existing.value)) own[id] = { ...existing, seenOn: [...existing.seenOn, ...versions.filter((version) => !existing.seenOn.includes(version))] };
    else {
      const reason = reasonFor(row, value);
      own[id] = { value, ...(reason && { reason }), seenOn: versions };
    }
  }
  // An overlay keeps only what differs from its base, as the base reads once this run's values are in.
  for (const overlay of expectations.overlays()) {
    const base = expectations.baseOf(overlay)!;
    for (const [id, entry] of Object.entries(entriesOf(overlay))) {
      if (Object.hasOwn(entriesOf(base), id) && matches(entry.value, entriesOf(base)[id]!.value)) delete entriesOf(overlay)[id];
    }
  }

  for (const [file, after] of entries) {
    const before = expectations.entriesOf(file);
    const ids = expectations.rowIds.filter((id) => Object.hasOwn(before, id) || Object.hasOwn(after, id));
    const changed = ids.filter((id) => !isDeepStrictEqual(own(before, id), own(after, id)));
    if (changed.length === 0) continue;
    for (const id of changed) {
      const [was, is] = [own(before, id), own(after, id)];
      const base = expectations.baseOf(file);
      const now = is ? inline(is) : `no entry (as ${base} has it: the row is judged by the base's entry)`;
      changes.push(`${file}: "${id}" (${who.get(`${file}\u0000${id}`) ?? `the same as ${base}, which the file overlays`}): ${was ? inline(was) : 'no entry'} → ${now}`);
    }
    const absolute = path.join(ROOT, file);
    const text = existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
    writes.set(absolute, { before: text, after: text === undefined ? formatLaneEntries(after, expectations.baseOf(file)) : editEntries(text, before, after, changed) });
  }
}

/** What reason an accepted value gets: to be written where it departs from RFC 6265bis, or where the row has no standard. */
function reasonFor(row: MatrixRow, value: Observation): string | undefined {
  const standard = expectations.standard.get(row.id) ?? row.standard;
  return standard && matches(value, standard.value) ? undefined : REASON_TO_BE_WRITTEN;
}

/** An expectation file's text with the changed entries edited in place: the others keep their bytes. */
function editEntries(text: string, before: LaneEntries, after: LaneEntries, changed: string[]): string {
  const editor = new JsonTextEditor(text);
  const root = asObject(editor.root, 'the file');
  // Where nothing of the file stays (an overlay's base does), the file is new.
  if (!root.members.some((member) => member.key === '$overlays' || !changed.includes(member.key) || own(after, member.key))) return formatLaneEntries(after);
  for (const id of changed) {
    const [was, is] = [own(before, id), own(after, id)];
    if (!is) editor.deleteMember(root, id);
    else if (!was) editor.setMember(root, id, formatLaneEntry(is), anchorFor(root, id, changed));
    else {
      const entry = asObject(memberOf(root, id)!.value, `the entry "${id}"`);
      const fields = ['value', 'reason', 'seenOn'] as const;
      fields.forEach((field, index) => {
        if (isDeepStrictEqual(was[field], is[field])) return;
        if (is[field] === undefined) editor.deleteMember(entry, field);
        else editor.setMember(entry, field, inline(is[field], true), fields.slice(0, index).reverse().find((earlier) => memberOf(entry, earlier)) ?? null);
      });
    }
  }
  return editor.text();
}

/** The member a new entry follows: the nearest earlier row (in the order rows are declared) the file keeps, else the base's name, else none. */
function anchorFor(root: JsonObjectNode, id: string, changed: string[]): string | null {
  const order = expectations.rowIds;
  const kept = root.members.filter((member) => order.includes(member.key) && !changed.includes(member.key));
  const earlier = kept.filter((member) => order.indexOf(member.key) < order.indexOf(id)).at(-1);
  return earlier?.key ?? (memberOf(root, '$overlays') ? '$overlays' : null);
}

function acceptIntoCaseFile(file: string): void {
  const shown = path.relative(process.cwd(), file);
  let loaded: LoadedCaseFile;
  try {
    [loaded] = loadCaseFiles([file]) as [LoadedCaseFile];
  } catch (error) {
    fail((error as Error).message);
  }
  const text = readFileSync(file, 'utf8');
  const editor = new JsonTextEditor(text);
  loaded.cases.forEach((one, caseIndex) => {
    const row = matrix.rows.find((candidate) => candidate.id === one.id);
    if (!row) {
      notes.push(`left alone: case ${one.id} of ${shown}: ${options.matrix} has no row for it (run the file first: npm run cases -- ${shown})`);
      return;
    }
    const elsewhere = expectations.filesWithEntry(one.id);
    if (elsewhere.length > 0) {
      notes.push(`left alone: case ${one.id} of ${shown} is judged by ${elsewhere.join(', ')}: delete its entries there to judge it by its expect`);
      return;
    }
    // Each engine's value, from the projects that ran it; two projects of one engine must agree.
    const byEngine = new Map<string, { value: Observation; seen: string[] }>();
    const disagreeing = new Set<string>();
    for (const project of projects) {
      const cell = observedCell(cellOf(row, project), `${one.id} (${project})`);
      if (!cell) continue;
      if (!cell.engine) fail(`${options.matrix} does not name the engine of its cells (it was written before they did): run ${shown} again, then accept`);
      const earlier = byEngine.get(cell.engine);
      if (earlier && !matches(earlier.value, cell.observed)) disagreeing.add(cell.engine);
      if (earlier) earlier.seen.push(`${cell.version} in ${project}`);
      else byEngine.set(cell.engine, { value: cell.observed, seen: [`${cell.version} in ${project}`] });
    }
    for (const engine of disagreeing) {
      notes.push(`left alone: case ${one.id} of ${shown} on ${engine}: ${byEngine.get(engine)!.seen.join(' and ')} observed different values`);
      byEngine.delete(engine);
    }
    if (byEngine.size === 0) return;
    const observeSteps = one.steps.flatMap((step, index) => (step.observe ? [index] : []));
    const parts = new Map<string, readonly Observation[]>();
    for (const [engine, { value }] of byEngine) {
      const list = observeSteps.length === 1 ? [value] : Array.isArray(value) && value.length === observeSteps.length ? (value as readonly Observation[]) : undefined;
      if (list) parts.set(engine, list);
      else notes.push(`left alone: case ${one.id} of ${shown} on ${engine}: the matrix's value ${JSON.stringify(value)} is not one value per observation of the file (${observeSteps.length}): run the file again`);
    }
    if (parts.size === 0) return;
    observeSteps.forEach((stepIndex, k) => {
      const step = one.steps[stepIndex]!;
      const observed = new Map([...parts].map(([engine, list]) => [engine, list[k]!]));
      const was = step.expect;
      const is = acceptedExpect(was, observed);
      if (was && isDeepStrictEqual(was, is)) return;
      const seen = [...observed.keys()].map((engine) => `${engine}: ${byEngine.get(engine)!.seen.join(', ')}`).join('; ');
      changes.push(`${shown}, case ${one.id}, step ${stepIndex + 1} (${stepLabel(step)}) (${seen}): expect ${was ? inline(was) : 'none'} → ${inline(is)}`);
      editExpect(editor, asObject(nodeAt(editor.root, ['cases', caseIndex, 'steps', stepIndex])!, `step ${stepIndex + 1}`), was, is);
    });
  });
  if (editor.changed) writes.set(file, { before: text, after: editor.text() });
}

/**
 * The expect a step gets from the values engines observed: where it has none, the value most engines gave (a tie goes
 * to the first project's) and each other engine's own with a reason to be written; where it has one, its value kept,
 * an engine that now gives that value losing its own, and one that gives another getting it, its reason to be written.
 */
function acceptedExpect(was: Expect | undefined, observed: Map<string, Observation>): Expect {
  const values = [...observed.values()];
  const value = was ? was.value : values.reduce((best, candidate) => (values.filter((v) => matches(v, candidate)).length > values.filter((v) => matches(v, best)).length ? candidate : best), values[0]!);
  const engines: NonNullable<Expect['engines']> = { ...was?.engines };
  for (const [engine, seen] of observed) {
    const own = Object.hasOwn(engines, engine) ? engines[engine] : undefined;
    if (matches(seen, own ? own.value : value)) continue;
    if (matches(seen, value)) delete engines[engine];
    else engines[engine] = { value: seen, reason: REASON_TO_BE_WRITTEN };
  }
  return { value, ...(Object.keys(engines).length > 0 && { engines }) };
}

/** A step's expect edited in place: the new one inserted, or only the parts that changed replaced. */
function editExpect(editor: JsonTextEditor, stepNode: JsonObjectNode, was: Expect | undefined, is: Expect): void {
  const member = memberOf(stepNode, 'expect');
  if (!was || !member) return editor.setMember(stepNode, 'expect', inline(is));
  const expectNode = asObject(member.value, 'expect');
  if (!isDeepStrictEqual(was.value, is.value)) editor.setMember(expectNode, 'value', inline(is.value, true));
  const [before, after] = [was.engines ?? {}, is.engines ?? {}];
  const enginesMember = memberOf(expectNode, 'engines');
  if (!enginesMember) return void (Object.keys(after).length > 0 && editor.setMember(expectNode, 'engines', inline(after, true)));
  if (Object.keys(after).length === 0) return editor.deleteMember(expectNode, 'engines');
  const enginesNode = asObject(enginesMember.value, 'expect.engines');
  // Where no engine keeps its own value, the engines' object is new.
  if (!Object.keys(before).some((engine) => Object.hasOwn(after, engine))) return editor.replace(enginesNode, inline(after, true));
  for (const engine of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [b, a] = [Object.hasOwn(before, engine) ? before[engine] : undefined, Object.hasOwn(after, engine) ? after[engine] : undefined];
    if (isDeepStrictEqual(b, a)) continue;
    if (!a) editor.deleteMember(enginesNode, engine);
    else editor.setMember(enginesNode, engine, inline(a, true));
  }
}

/** An entry of a file by row id, its own only. */
function own(entries: LaneEntries, id: string): LaneEntry | undefined {
  return Object.hasOwn(entries, id) ? entries[id] : undefined;
}

function asObject(node: JsonNode, what: string): JsonObjectNode {
  if (node.kind !== 'object') fail(`${what} is not a JSON object`);
  return node as JsonObjectNode;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
