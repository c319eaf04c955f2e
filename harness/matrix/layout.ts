import type { Matrix, MatrixCell, MatrixRow, ObservedCell } from './model.ts';
import { TOPICS, type Observation, type RowCookies, type Topic } from './protocol.ts';
import { formatCookieLine, formatParts } from './format-value.ts';
import { matches } from './judge.ts';

// How both renderers lay the matrix out for a reader: rows by topic, rows where engines disagree, cookies in short.

/** The rows of each topic, topics in TOPICS order (an unknown topic last), rows in the matrix's order. */
export function rowsByTopic(rows: MatrixRow[]): { topic: Topic; rows: MatrixRow[] }[] {
  const topics = [...new Set([...TOPICS, ...rows.map(({ topic }) => topic)])];
  return topics.map((topic) => ({ topic, rows: rows.filter((row) => row.topic === topic) })).filter(({ rows }) => rows.length > 0);
}

/**
 * Whether the projects that settled a value for the row (as expected, not as expected, unverified) saw different
 * values. Flaky, unobserved and not-run cells settle nothing, so they neither make nor hide a disagreement.
 */
export function enginesDisagree(row: MatrixRow): boolean {
  const values = new Set(Object.values(row.cells).flatMap((cell) => (settled(cell) ? [JSON.stringify(cell.observed)] : [])));
  return values.size > 1;
}

function settled(cell: MatrixCell): cell is Extract<MatrixCell, { observed: unknown }> {
  return cell.state === 'as-expected' || cell.state === 'not-as-expected' || cell.state === 'unverified';
}

/**
 * What RFC 6265bis asks where an observed value departs from it (`sent top-level ✓`: of a value with named parts,
 * only the parts that differ), or undefined where it does not depart or the row has no standard.
 */
export function departure(observed: Observation, row: MatrixRow): string | undefined {
  if (!row.standard || matches(observed, row.standard.value)) return undefined;
  const asked = formatParts(row.standard.value, row.parts);
  const seen = formatParts(observed, row.parts);
  const differing = asked.length > 1 && asked.length === seen.length ? asked.filter((part, index) => part !== seen[index]) : asked;
  return differing.join(' · ');
}

// A long list of writes (200 cookies from one script) shows its first and last lines around a count.
const MOST_LINES = 8;
const HEAD_LINES = 3;
const TAIL_LINES = 2;

/**
 * A row's cookies as a reader sees them, one line each (format-value.ts, formatCookieLine), with where each comes
 * from (`/cookie-case/<case>`, page script); a long list shows its ends around a count of the rest.
 */
export function cookieLines(cookies: readonly RowCookies[]): ({ text: string; source: string } | { omitted: number })[] {
  return cookies.flatMap((group) => {
    const source = group.via === 'Set-Cookie' ? `/cookie-case/${group.case}` : 'page script';
    const lines = group.lines.map((line) => ({ text: formatCookieLine(line, group.via), source }));
    if (lines.length <= MOST_LINES) return lines;
    return [...lines.slice(0, HEAD_LINES), { omitted: lines.length - HEAD_LINES - TAIL_LINES }, ...lines.slice(-TAIL_LINES)];
  });
}

/** The browser's name as the engine's description gives it (`chromium 156.0...` reads Chromium), for its stated reasons. */
function browserName(engine: string): string {
  const name = engine.split(' ')[0];
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * What the engine itself said about a cell's cookies, one line each: its reasons (`Chromium: SameSiteStrict`), that
 * it states none, or why the lane could not hear it (`unheard`). None where the row asked about no cookies, or where
 * the lane could not hear it for the reason its column's header gives (laneNote()).
 */
export function statedLines({ stated, unheard }: ObservedCell, engine: string, lane: LaneNote = {}): { text: string; unheard: boolean }[] {
  if (unheard !== undefined) return unheard === lane.unheard ? [] : [{ text: `no reason heard: ${unheard}`, unheard: true }];
  if (!stated) return [];
  const name = browserName(engine);
  if (stated.length === 0) return [{ text: `${name} states no reason`, unheard: false }];
  return stated.map((reason) => ({ text: `${name}: ${reason}`, unheard: false }));
}

/** What is true of a whole column, said once in its header instead of in each of its cells. */
export interface LaneNote {
  /** The lane ran none of the rows, and why (`browser not installed: …`): its column folds to this. */
  notRun?: string;
  /** Every cell that asked what the browser said about its cookies got this one answer: the lane cannot hear it. */
  unheard?: string;
}

/**
 * The column's note: why the lane did not run at all (its engine reads `not run: <why>`, or every cell is not run
 * for one reason), or the one reason it heard nothing, where every cell that asked was unheard for it. Empty where
 * the cells differ: then each says its own.
 */
export function laneNote({ engines, rows }: Pick<Matrix, 'engines' | 'rows'>, project: string): LaneNote {
  const engine = engines[project] ?? '';
  if (engine.startsWith('not run')) return { notRun: engine.replace(/^not run:?\s*/, '') || 'no test reached the browser' };
  const cells = rows.flatMap((row) => (row.cells[project] ? [row.cells[project]] : []));
  const notRun = new Set(cells.map((cell) => (cell.state === 'not-run' ? cell.notRun : undefined)));
  if (cells.length > 0 && notRun.size === 1 && !notRun.has(undefined)) return { notRun: [...notRun][0] };
  const asked = cells.filter((cell): cell is ObservedCell => 'observed' in cell && (cell.stated !== undefined || cell.unheard !== undefined));
  const unheard = new Set(asked.map((cell) => cell.unheard));
  if (asked.length > 0 && unheard.size === 1 && !unheard.has(undefined)) return { unheard: [...unheard][0] };
  return {};
}

/**
 * The docs section on a row's topic, from the repository's root: `docs/what-browsers-do.md#samesite` (one heading
 * per topic there, named as the topic is).
 */
export function docsSection(topic: Topic): string {
  const anchor = topic.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
  return `docs/what-browsers-do.md#${anchor}`;
}
