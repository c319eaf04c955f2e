import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Observation } from './protocol.ts';
import { matches } from './judge.ts';

/**
 * What each engine (and each driver) is expected to do, as the data files in expectations/ hold it:
 * - `rfc6265bis.json`: every built-in row id with what RFC 6265bis asks. It declares the rows and marks
 *   departures; it is never a fallback.
 * - `<engine>.json` (blink, gecko, webkit-libsoup, ...): every row measured on that engine, with its value, a reason
 *   where it departs from the RFC, and the browser versions it was seen on. A row it does not list is unverified.
 * - `drivers/<driver>.json`: the same for the rows whose value a driver reports (DRIVER_REPORTED_ROWS).
 * - An overlay: a lane file whose first field, `"$overlays": "<file>.json"`, names another lane file of its folder,
 *   its base (`blink-third-party-allowed.json` overlays `blink.json`: the same engine with one setting changed). It
 *   lists only the entries whose value differs from the base's; every other row is judged by the base's entry, and
 *   the cell says so (`expectedIn`: `expectations/blink.json (via expectations/blink-third-party-allowed.json)`).
 *   An entry that repeats the base's value fails the load; a base is no overlay itself.
 * Rows of the case files (`cases/*.json`, `.cases[].id`) are declared there instead of in the RFC file. A case whose
 * observations carry `expect` is judged by its own file (harness/cases/expect.ts): no file here holds an entry for it.
 */

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FOLDER = 'expectations';
const RFC_FILE = `${FOLDER}/rfc6265bis.json`;
const CASES_FOLDER = 'cases';
/** The reason an accepted value gets until someone writes the real one. */
export const REASON_TO_BE_WRITTEN = 'TODO: reason to be written';

/**
 * Rows whose value is what the driver's cookie API reports rather than what the engine did. Playwright's CDP code
 * reports `Lax` where Chromium gives no SameSite, and Playwright's BiDi code reports Firefox's `default` as `Lax`;
 * Firefox's WebDriver BiDi keeps listing an expired cookie that the engine no longer sends; WebKitWebDriver reports an
 * expiry past 2038 wrapped at 32 bits, where the engine keeps the right one. Every other row is read from what the
 * server received or what page script saw, which no driver touches.
 */
const DRIVER_REPORTED_ROWS: ReadonlySet<string> = new Set(['default-samesite-reported', 'lists-expired-cookies', 'expiry-reported-past-2038']);

// Any JSON: a case file's row is a list of its observations, a stored one a list of cookie objects.
const observation: z.ZodType<Observation> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(observation).readonly(), z.record(z.string(), observation)]),
);
const rfcFile = z.record(z.string(), z.strictObject({ value: observation, reason: z.string().min(1) }));
const laneEntry = z.strictObject({ value: observation, reason: z.string().min(1).optional(), seenOn: z.array(z.string().min(1)).min(1) });
/** The field of an overlay that names its base, a file of the same folder. */
const OVERLAYS = '$overlays';
const laneFile = z.object({ [OVERLAYS]: z.string().regex(/^[^/]+\.json$/, 'the name of a file of the same folder').optional() }).catchall(laneEntry);
// Only the ids, and whether a case's steps carry `expect`: the rest of a case file is the cases' own business.
const caseFile = z.object({ cases: z.array(z.object({ id: z.string().min(1), steps: z.array(z.object({ expect: z.unknown().optional() })).optional() })) });

export type LaneEntry = z.infer<typeof laneEntry>;
export type LaneEntries = Record<string, LaneEntry>;

/** How a project's browser is judged: the engine it runs and the driver that reports its cookies. */
export interface Lane {
  engine: string;
  driver: string;
}

/** What RFC 6265bis asks for one row. */
export interface Standard {
  value: Observation;
  reason: string;
}

/** Every expectation file, read and checked. Throws, naming the file and the id, on anything it cannot trust. */
export class Expectations {
  private constructor(
    /** By row id, for the built-in rows. */
    readonly standard: ReadonlyMap<string, Standard>,
    /** Every declared row id: the RFC file's, then the case files'. */
    readonly rowIds: readonly string[],
    /** By file (`expectations/blink.json`), the entries it holds itself: an overlay's, without its base's. */
    private readonly lanes: ReadonlyMap<string, LaneEntries>,
    /** By overlay (`expectations/blink-third-party-allowed.json`), its base (`expectations/blink.json`). */
    private readonly bases: ReadonlyMap<string, string>,
    /** By row id, the case file whose `expect` judges the row (harness/cases/expect.ts), as the run names it. */
    private readonly judgedByCase: ReadonlyMap<string, string>,
  ) {}

  /** `runCaseFiles`: case files of this run outside cases/ (npm run cases), whose rows are declared too. */
  static load(root: string = REPOSITORY_ROOT, runCaseFiles: string[] = []): Expectations {
    const standard = new Map(Object.entries(parse(root, RFC_FILE, rfcFile)));
    const rowIds = [...standard.keys()];
    const caseFiles = jsonFiles(root, CASES_FOLDER);
    const outside = runCaseFiles.filter((file) => !caseFiles.some((own) => path.resolve(root, own) === path.resolve(file)));
    const judgedByCase = new Map<string, string>();
    for (const file of [...caseFiles, ...outside]) {
      for (const { id, steps = [] } of parse(root, file, caseFile).cases) {
        if (rowIds.includes(id)) throw new Error(`${file}: the row id "${id}" is declared twice (in ${RFC_FILE} or another case file)`);
        rowIds.push(id);
        if (steps.some((step) => step.expect !== undefined)) judgedByCase.set(id, file);
      }
    }
    const lanes = new Map<string, LaneEntries>();
    const bases = new Map<string, string>();
    const laneFiles = [...jsonFiles(root, FOLDER).filter((file) => file !== RFC_FILE), ...jsonFiles(root, `${FOLDER}/drivers`)];
    for (const file of laneFiles) {
      const { [OVERLAYS]: base, ...entries } = parse(root, file, laneFile);
      if (base !== undefined) bases.set(file, `${path.posix.dirname(file)}/${base}`);
      const forDriver = file.startsWith(`${FOLDER}/drivers/`);
      for (const [id, entry] of Object.entries(entries)) {
        if (!rowIds.includes(id)) throw new Error(`${file}: unknown row id "${id}" (not in ${RFC_FILE} nor in ${CASES_FOLDER}/*.json)`);
        if (judgedByCase.has(id)) throw new Error(`${file}: "${id}" is judged by the expect of its case file, ${judgedByCase.get(id)}: delete this entry (one row, one expectation)`);
        if (forDriver !== DRIVER_REPORTED_ROWS.has(id)) {
          throw new Error(`${file}: "${id}" belongs in ${forDriver ? 'an engine file' : `a driver file (${FOLDER}/drivers/)`}: see DRIVER_REPORTED_ROWS in harness/matrix/expectations.ts`);
        }
        const rfc = standard.get(id);
        const [names, rfcNames] = [partNames(entry.value), rfc && partNames(rfc.value)];
        if (rfcNames && names?.join() !== rfcNames.join()) {
          throw new Error(`${file}: "${id}" has the named parts ${rfcNames.join(', ')} in ${RFC_FILE} (and its spec's matrixRows), in that order; here it is ${JSON.stringify(entry.value)}`);
        }
        if (rfc && !entry.reason && !matches(entry.value, rfc.value)) {
          throw new Error(`${file}: "${id}" departs from ${RFC_FILE} and gives no reason (write "${REASON_TO_BE_WRITTEN}" until it is known)`);
        }
      }
      lanes.set(file, entries);
    }
    for (const [overlay, base] of bases) {
      if (!lanes.has(base) || base === overlay) throw new Error(`${overlay}: "${OVERLAYS}" names ${base}, which is no other expectation file of its folder`);
      if (bases.has(base)) throw new Error(`${overlay}: its base ${base} overlays ${bases.get(base)} itself: an overlay's base is a whole file`);
      for (const [id, entry] of Object.entries(lanes.get(overlay)!)) {
        const inherited = lanes.get(base)![id];
        if (inherited && matches(entry.value, inherited.value)) {
          throw new Error(`${overlay}: "${id}" repeats the value of ${base}, which it overlays: delete the entry, the row is judged by the base's`);
        }
      }
    }
    return new Expectations(standard, rowIds, lanes, bases, judgedByCase);
  }

  /** The expectation files that hold an entry of their own for a row. */
  filesWithEntry(id: string): string[] {
    return [...this.lanes].filter(([, entries]) => Object.hasOwn(entries, id)).map(([file]) => file);
  }

  /** The case file whose `expect` judges a row (never an expectation file), or undefined. */
  caseFileJudging(id: string): string | undefined {
    return this.judgedByCase.get(id);
  }

  /** The file that holds, or would hold, a lane's expectation for a row. */
  fileFor(lane: Lane, id: string): string {
    return DRIVER_REPORTED_ROWS.has(id) ? `${FOLDER}/drivers/${lane.driver}.json` : `${FOLDER}/${lane.engine}.json`;
  }

  /**
   * Whether an expectation file exists (`expectations/blink.json`, `expectations/drivers/playwright-cdp.json`), even
   * one without entries. A lane's row whose file (fileFor) does not exist is unmeasured: nobody measured that lane,
   * so MATRIX_STRICT=1 does not fail it and the matrix reports it instead (unmeasured.ts).
   */
  hasFile(file: string): boolean {
    return this.lanes.has(file);
  }

  /** The lane's entry for a row, its file's own or, in an overlay that has none, its base's; undefined: unverified on this lane. */
  entryFor(lane: Lane, id: string): LaneEntry | undefined {
    const file = this.fileFor(lane, id);
    return this.ownEntry(file, id) ?? this.ownEntry(this.bases.get(file), id);
  }

  /**
   * Where a lane's expectation for a row comes from, as a cell says it: the lane's file (fileFor), or where its file
   * overlays another and the entry is the base's, `expectations/blink.json (via expectations/blink-third-party-allowed.json)`.
   */
  expectedIn(lane: Lane, id: string): string {
    const file = this.fileFor(lane, id);
    const base = this.bases.get(file);
    return !this.ownEntry(file, id) && this.ownEntry(base, id) ? `${base} (via ${file})` : file;
  }

  /** The base a file overlays (`expectations/blink.json`), or undefined: the file is whole. */
  baseOf(file: string): string | undefined {
    return this.bases.get(file);
  }

  /** Every overlay file (`expectations/blink-third-party-allowed.json`). */
  overlays(): string[] {
    return [...this.bases.keys()];
  }

  private ownEntry(file: string | undefined, id: string): LaneEntry | undefined {
    const entries = file === undefined ? undefined : this.lanes.get(file);
    return entries && Object.hasOwn(entries, id) ? entries[id] : undefined;
  }

  /**
   * Checks the value of a row with named parts (RowDeclaration.parts) in every file that holds it: an object with
   * exactly those fields, in that order. Throws, naming each file and what it holds instead.
   */
  checkNamedParts(id: string, parts: readonly string[]): void {
    const values: [string, Observation | undefined][] = [[RFC_FILE, this.standard.get(id)?.value], ...[...this.lanes].map(([file, entries]): [string, Observation | undefined] => [file, entries[id]?.value])];
    const wrong = values.flatMap(([file, value]) => {
      if (value === undefined) return [];
      return partNames(value)?.join() === parts.join() ? [] : [`${file}: "${id}" is ${JSON.stringify(value)}`];
    });
    if (wrong.length > 0) {
      throw new Error(`The row ${id} has the parts ${parts.join(', ')}: each file writes its value as { ${parts.map((name) => `"${name}": …`).join(', ')} }, in that order.\n${wrong.join('\n')}`);
    }
  }

  /** The entries of one file as written today (empty when the file does not exist yet). */
  entriesOf(file: string): LaneEntries {
    return { ...this.lanes.get(file) };
  }
}

/** An expectation file as it is written: an overlay's base first, then one entry a block, each field on one line. */
export function formatLaneEntries(entries: LaneEntries, base?: string): string {
  const blocks = Object.entries(entries).map(([id, entry]) => `  ${JSON.stringify(id)}: ${formatLaneEntry(entry)}`);
  const overlays = base === undefined ? [] : [`  ${JSON.stringify(OVERLAYS)}: ${JSON.stringify(path.posix.basename(base))}`];
  return `{\n${[...overlays, ...blocks].join(',\n')}\n}\n`;
}

/** One entry of an expectation file as it is written there, a member of the file's object: each field on its own line. */
export function formatLaneEntry(entry: LaneEntry): string {
  const fields = Object.entries(entry).map(([field, value]) => `    ${JSON.stringify(field)}: ${inline(value)}`);
  return `{\n${fields.join(',\n')}\n  }`;
}

/** The lane's own file from a cell's expectedIn (Expectations.expectedIn): the overlay where the entry came through one. */
export function laneFileOf(expectedIn: string): string {
  return /^\S+ \(via (\S+)\)$/.exec(expectedIn)?.[1] ?? expectedIn;
}

/** The names of a value's parts, in order, where it is an object of named parts (RowDeclaration.parts). */
function partNames(value: Observation): string[] | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : undefined;
}

/**
 * A value on one line, spaced after each comma and colon: a value's named parts inside spaced braces
 * (`{ "stored": true, "sent": false }`), a cookie inside a list without (`[{"name": "a", "value": "1"}]`).
 */
export function inline(value: unknown, nested = false): string {
  if (Array.isArray(value)) return `[${value.map((item) => inline(item, true)).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).map(([name, item]) => `${JSON.stringify(name)}: ${inline(item, true)}`).join(', ');
    return nested ? `{${fields}}` : `{ ${fields} }`;
  }
  return JSON.stringify(value);
}

function jsonFiles(root: string, folder: string): string[] {
  const absolute = path.join(root, folder);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => `${folder}/${name}`);
}

function parse<T>(root: string, file: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path.resolve(root, file), 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new Error(`${file}:\n${z.prettifyError(result.error)}`);
  return result.data;
}
