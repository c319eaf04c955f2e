import { countStates, specFile, type Matrix, type MatrixCell, type MatrixRow, type ObservedCell } from './model.ts';
import type { Observation } from './protocol.ts';
import { formatValue, plural } from './format-value.ts';
import { cookieLines, departure, docsSection, enginesDisagree, laneNote, rowsByTopic, statedLines, type LaneNote } from './layout.ts';
import { unmeasuredMarkdown, type PinSource, type UnmeasuredLane } from './unmeasured.ts';

const MARKS = {
  'as-expected': '✅',
  'not-as-expected': '❌',
  unverified: '🟡',
  flaky: '🔀',
  'not-observed': '⛔',
  'not-run': '—',
} as const;

/**
 * The matrix as Markdown (the README embeds it): whether the run was partial, what changed since the baseline, the
 * lanes nobody measured (no expectation file) with the command that pins them, the legend with its counts, the
 * columns with their versions and what is true of each whole column, one table per topic with each row's cookies
 * (a lane that did not run has no column there), the rows a partial run did not cover, folded, and the date.
 */
export function renderMatrixMarkdown(matrix: Matrix, unmeasured?: { lanes: UnmeasuredLane[]; source: PinSource }): string {
  const notes = Object.fromEntries(Object.keys(matrix.engines).map((project) => [project, laneNote(matrix, project)]));
  const projects = Object.keys(matrix.engines).filter((project) => notes[project]!.notRun === undefined);
  const counts = countStates(matrix);
  const lines = [
    ...partial(matrix),
    ...changes(matrix),
    ...(unmeasured ? unmeasuredMarkdown(unmeasured.lanes, unmeasured.source) : []),
    `${MARKS['as-expected']} ${counts['as-expected']} as expected, ${MARKS['not-as-expected']} ${counts['not-as-expected']} not as expected, ` +
      `${MARKS.unverified} ${counts.unverified} unverified (no expectation for that engine yet), ${MARKS.flaky} ${counts.flaky} flaky (attempts disagreed), ` +
      `${MARKS['not-observed']} ${counts['not-observed']} not observed (the test failed first), ${MARKS['not-run']} ${counts['not-run']} not run. ` +
      '**engines disagree** marks a row whose engines saw different values; ≠ RFC 6265bis, a value that departs from the standard; ⟨a × 4091⟩ in a cookie, that character that many times.',
    '',
    ...columns(matrix, notes),
    ...rowsByTopic(matrix.rows).flatMap(({ topic, rows }) => [
      `### ${escapeMarkdown(topic)}`,
      '',
      `| Behaviour | ${projects.map(escapeMarkdown).join(' | ')} |`,
      `|---|${projects.map(() => '---').join('|')}|`,
      ...rows.map((row) => `| ${behaviour(row)} | ${projects.map((project) => cellText(row.cells[project]!, row, matrix.engines[project]!, notes[project]!)).join(' | ')} |`),
      '',
    ]),
    ...notCovered(matrix),
    `Observed on ${matrix.generatedAt.slice(0, 10)} at ${matrix.generatedAt.slice(11, 16)} UTC.`,
  ];
  return `${lines.join('\n')}\n`;
}

/** A partial run's count, at the top; the rows it did not cover are listed after those that ran (notCovered). */
function partial({ complete, rows, missingRows }: Matrix): string[] {
  if (complete) return [];
  const listed = missingRows.length > 0 ? ` ${plural(missingRows.length, 'row')} not covered, listed after the rows that ran.` : '';
  return [`**Partial run: ${rows.length} of ${rows.length + missingRows.length} rows.**${listed}`, ''];
}

/** The declared rows a partial run did not cover, folded (GitHub renders Markdown inside <details> between blank lines). */
function notCovered({ complete, missingRows }: Matrix): string[] {
  if (complete || missingRows.length === 0) return [];
  return ['<details><summary>' + `${plural(missingRows.length, 'row')} this run did not cover` + '</summary>', '', missingRows.map(code).join(', '), '', '</details>', ''];
}

/**
 * The columns, each once: its browser and version, and what is true of the whole column: why a lane did not run
 * (it has no column in the tables), or why it heard nothing the browser said (its cells then do not repeat it).
 */
function columns({ engines }: Matrix, notes: Record<string, LaneNote>): string[] {
  const lines = Object.keys(engines).map((project) => {
    const { notRun, unheard } = notes[project]!;
    if (notRun !== undefined) return `- **${escapeMarkdown(project)}**: not run: ${escapeMarkdown(notRun)} (no column below)`;
    const heard = unheard === undefined ? '' : `; no reason heard in this column: ${escapeMarkdown(unheard)}`;
    return `- **${escapeMarkdown(project)}**: ${escapeMarkdown(engines[project]!)}${heard}`;
  });
  return [...lines, ''];
}

function changes({ changes, rows }: Matrix): string[] {
  if (!changes || changes.length === 0) return [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return [
    `### Changed since the baseline: ${plural(changes.length, 'cell')}`,
    '',
    '| Behaviour | Project | Before | Now |',
    '|---|---|---|---|',
    ...changes.map(({ id, project, before, after, beforeVersion, afterVersion }) => {
      const row = byId.get(id);
      const title = row ? `${escapeMarkdown(row.title)} ${code(id)}` : code(id);
      return `| ${title} | ${escapeMarkdown(project)} | ${escapeMarkdown(formatValue(before, row?.parts))} (${escapeMarkdown(beforeVersion)}) | ${escapeMarkdown(formatValue(after, row?.parts))} (${escapeMarkdown(afterVersion)}) |`;
    }),
    '',
  ];
}

/** The row's title, marks, id and cookie lines, one per line of the cell. */
function behaviour(row: MatrixRow): string {
  const cookies = cookieLines(row.cookies ?? []).map((line) => ('omitted' in line ? `… ${line.omitted} more …` : code(line.text)));
  const title = `${escapeMarkdown(row.title)}${enginesDisagree(row) ? ' **engines disagree**' : ''}`;
  // Links from matrix-report/, where the file is written.
  const links = `[spec](../${specFile(row.spec)}) · [what engines do](../${docsSection(row.topic)})`;
  return [title, `${code(row.id)} ${links}`, ...cookies].join('<br>');
}

function cellText(cell: MatrixCell, row: MatrixRow, engine: string, lane: LaneNote): string {
  const value = (observed: Observation) => escapeMarkdown(formatValue(observed, row.parts));
  // Where the value departs from RFC 6265bis, and what the engine said.
  const notes = (cell: ObservedCell) => {
    const asked = departure(cell.observed, row);
    const standard = asked === undefined ? '' : ` (≠ RFC 6265bis: ${escapeMarkdown(asked)})`;
    return standard + statedLines(cell, engine, lane).map(({ text }) => `<br>${escapeMarkdown(text)}`).join('');
  };
  const mark = MARKS[cell.state];
  switch (cell.state) {
    case 'as-expected':
      return `${mark} ${value(cell.observed)}${notes(cell)}`;
    case 'not-as-expected': {
      const seenOn = cell.seenOn.length > 0 ? `, seen on ${escapeMarkdown(cell.seenOn.join(', '))}` : '';
      return `${mark} ${value(cell.observed)} (expected ${value(cell.expected)}${seenOn}: ${escapeMarkdown(cell.reason)})${notes(cell)}`;
    }
    case 'unverified':
      return `${mark} ${value(cell.observed)} (unverified)${notes(cell)}`;
    case 'flaky':
      return `${mark} flaky: ${cell.attempts.map((attempt, index) => `${index + 1}. ${attempt.state === 'not-observed' ? 'not observed' : value(attempt.observed)}`).join('; ')}`;
    case 'not-observed':
      return `${mark} not observed: the test failed first`;
    case 'not-run':
      return `${mark} not run`;
  }
}

/** Inline code inside a table cell: backticks long enough for the text, and pipes escaped (GitHub reads them as cell ends). */
function code(text: string): string {
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}

// Characters that would end a table cell or start Markdown or HTML inside one.
function escapeMarkdown(text: string): string {
  return text.replace(/[\\|`*_[\]<>]/g, (character) => `\\${character}`).replace(/\s*\n\s*/g, ' ');
}
