import escapeHtml from 'escape-html';
import { CELL_STATES, countStates, specFile, type CellState, type Matrix, type MatrixCell, type MatrixRow, type ObservedCell } from './model.ts';
import type { Observation } from './protocol.ts';
import { formatParts, formatValue, plural } from './format-value.ts';
import { cookieLines, departure, docsSection, enginesDisagree, laneNote, rowsByTopic, statedLines, type LaneNote } from './layout.ts';

export interface HtmlOptions {
  /** Where a row's spec file is linked: a GitHub blob URL of the commit (`<base>/<file>#L<line>`), else relative from matrix-report/. */
  sourceBaseURL?: string;
}

const STATE_LABELS: Record<CellState, string> = {
  'as-expected': 'as expected',
  'not-as-expected': 'not as expected',
  unverified: 'unverified',
  flaky: 'flaky',
  'not-observed': 'not observed',
  'not-run': 'not run',
};
// What the legend adds to a state's name.
const STATE_NOTES: Partial<Record<CellState, string>> = {
  unverified: 'no expectation for that engine yet',
  flaky: 'attempts disagreed',
  'not-observed': 'the test failed first',
};

/** The id of the checkbox that leaves only the rows where engines disagree (CSS :has(), no script). */
const ONLY_DISAGREEING = 'only-disagreeing';
/** The id of the folded list of the rows a partial run did not cover. */
const NOT_COVERED = 'not-covered';

/** The matrix as one self-contained page: inline CSS, no script, nothing fetched. */
export function renderMatrixHtml(matrix: Matrix, options: HtmlOptions = {}): string {
  const projects = Object.keys(matrix.engines);
  const counts = countStates(matrix);
  const disagreeing = matrix.rows.filter(enginesDisagree).length;
  const legend = CELL_STATES.map((state) => `<li class="${state}${counts[state] === 0 ? ' none' : ''}"><b>${counts[state]}</b> ${STATE_LABELS[state]}${STATE_NOTES[state] ? ` (${STATE_NOTES[state]})` : ''}</li>`).join('');
  const notes = Object.fromEntries(projects.map((project) => [project, laneNote(matrix, project)]));
  // A lane that did not run says why once, in its column's header.
  const engines = projects.map((project) => `<dt>${escapeHtml(project)}</dt><dd>${notes[project]!.notRun === undefined ? escapeHtml(matrix.engines[project]) : 'not run'}</dd>`).join('');
  const headers = projects
    .map((project) =>
      notes[project]!.notRun === undefined
        ? `<th scope="col" title="${escapeHtml(matrix.engines[project])}">${escapeHtml(project)}<small>${escapeHtml(engineVersion(matrix.engines[project]))}</small></th>`
        : `<th scope="col" class="folded">${escapeHtml(project)}<small>not run</small></th>`,
    )
    .join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cookie behaviour matrix</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Cookie behaviour matrix</h1>
${renderPartial(matrix)}${renderChanges(matrix)}<p>What each browser did in this run, ${plural(matrix.rows.length, 'row')} by ${plural(projects.length, 'engine')}, generated <time datetime="${escapeHtml(matrix.generatedAt)}">${escapeHtml(readableDate(matrix.generatedAt))}</time>.
Each cell is compared with what that engine is expected to do; hover a cell for the reason. <span class="rfc">≠ RFC 6265bis</span> marks a value that departs from the standard; <span class="disagree-mark">engines disagree</span> marks a row whose engines saw different values; <code>⟨a × 4091⟩</code> in a cookie is that character, that many times.</p>
<ul class="legend">${legend}</ul>
<dl class="engines">${engines}</dl>
<label class="filter"><input type="checkbox" id="${ONLY_DISAGREEING}"> Show only the ${plural(disagreeing, 'row')} where engines disagree</label>
</header>
<table class="matrix">
<colgroup><col class="row">${projects.map((project) => (notes[project]!.notRun !== undefined ? '<col class="not-run">' : '<col>')).join('')}</colgroup>
<thead><tr><th scope="col">Behaviour</th>${headers}</tr>${renderLaneNotes(projects, notes)}</thead>
${rowsByTopic(matrix.rows)
  .map(({ topic, rows }) => {
    const heading = `<tr class="topic"><th colspan="${projects.length + 1}" scope="rowgroup"><h2>${escapeHtml(topic)}</h2> <small>${plural(rows.length, 'row')}, ${rows.filter(enginesDisagree).length} where engines disagree</small></th></tr>`;
    return `<tbody>\n${heading}\n${rows.map((row) => renderRow(row, matrix, notes, options)).join('\n')}\n</tbody>`;
  })
  .join('\n')}
</table>
${renderNotCovered(matrix)}</body>
</html>
`;
}

/** A partial run's count, at the top; the rows it did not cover are listed after those that ran (renderNotCovered). */
function renderPartial({ complete, rows, missingRows }: Matrix): string {
  if (complete) return '';
  const listed = missingRows.length > 0 ? ` <a href="#${NOT_COVERED}">${plural(missingRows.length, 'row')} not covered</a>, listed after the rows that ran.` : '';
  return `<p class="partial"><b>Partial run: ${rows.length} of ${rows.length + missingRows.length} rows.</b>${listed}</p>\n`;
}

/** The declared rows a partial run did not cover, folded, after the rows that ran. */
function renderNotCovered({ complete, missingRows }: Matrix): string {
  if (complete || missingRows.length === 0) return '';
  return `<details class="not-covered" id="${NOT_COVERED}"><summary>${plural(missingRows.length, 'row')} this run did not cover</summary><ul>${missingRows.map((id) => `<li><code>${escapeHtml(id)}</code></li>`).join('')}</ul></details>\n`;
}

/** What is true of a whole column, once, under its name: why its lane did not run, or why it heard nothing. */
function renderLaneNotes(projects: string[], notes: Record<string, LaneNote>): string {
  if (projects.every((project) => notes[project]!.notRun === undefined && notes[project]!.unheard === undefined)) return '';
  const cells = projects.map((project) => {
    const { notRun, unheard } = notes[project]!;
    // Folded too, as its column is: `not run: browser not installed`, then the rest of why.
    if (notRun !== undefined) {
      const [what, ...why] = notRun.split(': ');
      const text = why.length === 0 ? `not run: ${escapeHtml(notRun)}` : `<details><summary>not run: ${escapeHtml(what!)}</summary><p>${escapeHtml(why.join(': '))}</p></details>`;
      return `<td class="lane-note not-run">${text}</td>`;
    }
    if (unheard !== undefined) return `<td class="lane-note"><span class="stated unheard">no reason heard in this column: ${escapeHtml(unheard)}</span></td>`;
    return '<td class="lane-note"></td>';
  });
  return `<tr class="lane-notes"><th scope="row">Of the whole column</th>${cells.join('')}</tr>`;
}

function renderChanges({ changes, rows, engines }: Matrix): string {
  if (!changes || changes.length === 0) return '';
  const titles = new Map(rows.map((row) => [row.id, row]));
  const items = changes
    .map(({ id, project, before, after, beforeVersion, afterVersion }) => {
      const row = titles.get(id);
      const title = row ? `${escapeHtml(row.title)} <code>${escapeHtml(id)}</code>` : `<code>${escapeHtml(id)}</code>`;
      const name = Object.hasOwn(engines, project) ? project : `${project} (not in this run)`;
      return `<tr><th scope="row">${title}</th><td>${escapeHtml(name)}</td><td><span class="before">${escapeHtml(formatValue(before, row?.parts))}</span><small>${escapeHtml(beforeVersion)}</small></td><td><span class="after">${escapeHtml(formatValue(after, row?.parts))}</span><small>${escapeHtml(afterVersion)}</small></td></tr>`;
    })
    .join('\n');
  return `<section class="changes">
<h2>Changed since the baseline: ${plural(changes.length, 'cell')}</h2>
<table><thead><tr><th scope="col">Behaviour</th><th scope="col">Project</th><th scope="col">Before</th><th scope="col">Now</th></tr></thead>
<tbody>
${items}
</tbody></table>
</section>
`;
}

function renderRow(row: MatrixRow, matrix: Matrix, notes: Record<string, LaneNote>, options: HtmlOptions): string {
  // A folded column's cells are empty: its header says why it did not run.
  const cells = Object.keys(matrix.engines)
    .map((project) => (notes[project]!.notRun !== undefined ? '<td class="not-run folded"></td>' : renderCell(row.cells[project]!, row, matrix.engines[project]!, notes[project]!)))
    .join('');
  const disagree = enginesDisagree(row);
  const cookies = cookieLines(row.cookies ?? [])
    .map((line) => ('omitted' in line ? `<li class="omitted">… ${line.omitted} more …</li>` : `<li title="${escapeHtml(line.source)}">${escapeHtml(line.text)}</li>`))
    .join('');
  return `<tr class="row${disagree ? ' disagree' : ''}"><th scope="row"><a href="${escapeHtml(specLink(row.spec, options))}" title="${escapeHtml(row.spec)}">${escapeHtml(row.title)}</a>${disagree ? ' <span class="disagree-mark">engines disagree</span>' : ''}<code class="id">${escapeHtml(row.id)}</code> <a class="docs" href="${escapeHtml(repositoryLink(docsSection(row.topic), options))}">what engines do</a>${cookies ? `<ul class="cookies">${cookies}</ul>` : ''}</th>${cells}</tr>`;
}

function renderCell(cell: MatrixCell, row: MatrixRow, engine: string, lane: LaneNote): string {
  // Each part of a value keeps to one line where it fits: `stored ✓ · sent ✗`.
  const value = (observed: Observation) => `<span class="value">${formatParts(observed, row.parts).map((part) => `<span class="part">${escapeHtml(part)}</span>`).join(' · ')}</span>`;
  const line = (css: string, text: string) => `<span class="${css}">${escapeHtml(text)}</span>`;
  // What the engine said, and where the value departs from RFC 6265bis, under every observed value.
  const notes = (cell: ObservedCell) => {
    const asked = departure(cell.observed, row);
    const standard = asked === undefined ? '' : `<span class="rfc" title="${escapeHtml(`RFC 6265bis: ${row.standard!.reason}`)}">≠ RFC 6265bis: ${escapeHtml(asked)}</span>`;
    return standard + statedLines(cell, engine, lane).map(({ text, unheard }) => line(unheard ? 'stated unheard' : 'stated', text)).join('');
  };

  switch (cell.state) {
    case 'as-expected':
      return `<td class="as-expected" title="${escapeHtml(cell.reason)}">${value(cell.observed)}${notes(cell)}</td>`;
    case 'not-as-expected': {
      const seenOn = cell.seenOn.length > 0 ? ` (seen on ${cell.seenOn.join(', ')})` : '';
      return `<td class="not-as-expected" title="${escapeHtml(`${cell.reason}. Expected by ${cell.expectedIn}; observed in ${cell.version}`)}">${value(cell.observed)}${line('expected', `expected ${formatValue(cell.expected, row.parts)}${seenOn}`)}${line('why', cell.reason)}${notes(cell)}</td>`;
    }
    case 'unverified':
      return `<td class="unverified" title="${escapeHtml(`${cell.expectedIn} has no entry for this row: the value is recorded, not checked`)}">${value(cell.observed)}${line('why', 'unverified')}${notes(cell)}</td>`;
    case 'flaky': {
      const attempts = cell.attempts
        .map((attempt, index) => `<li>${index + 1}. ${escapeHtml(attempt.state === 'not-observed' ? `not observed: ${attempt.error}` : `${formatValue(attempt.observed, row.parts)} (${STATE_LABELS[attempt.state]})`)}</li>`)
        .join('');
      return `<td class="flaky" title="the attempts of this test disagreed"><span class="value">flaky</span><ol class="attempts">${attempts}</ol></td>`;
    }
    case 'not-observed':
      return `<td class="not-observed" title="${escapeHtml(cell.error)}"><span class="value">not observed</span>${line('why', cell.error)}</td>`;
    case 'not-run':
      return `<td class="not-run" title="${escapeHtml(cell.notRun)}">${line('why', `not run: ${cell.notRun}`)}</td>`;
  }
}

function specLink(spec: string, { sourceBaseURL }: HtmlOptions): string {
  const file = specFile(spec);
  return sourceBaseURL ? `${sourceBaseURL}/${file}#L${spec.slice(file.length + 1)}` : `../${file}`;
}

/** A file of the repository, from the page: at the run's commit where the run knows it, else beside matrix-report/. */
function repositoryLink(file: string, { sourceBaseURL }: HtmlOptions): string {
  return sourceBaseURL ? `${sourceBaseURL}/${file}` : `../${file}`;
}

/** The browser and its version, the first part of an engine's description (`chromium 156.0.1, system ...`). */
function engineVersion(engine: string): string {
  return engine.startsWith('not run') ? 'not run' : engine.split(', ')[0];
}

function readableDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

const STYLE = `
:root {
  --as-expected: #dcf3e2; --as-expected-ink: #0b5e2a; --not-as-expected: #fbdcdc; --not-as-expected-ink: #9b1c1c;
  --unverified: #fdefc8; --unverified-ink: #7a4b00; --flaky: #efe3fb; --flaky-ink: #5a2a8a; --not-run: #eceef0; --not-run-ink: #5b6470;
  --mono: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
}
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 24px 32px; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1c2127; background: #fff; }
h1 { margin: 0 0 6px; font-size: 22px; }
h2 { display: inline; margin: 0; font-size: 17px; }
header p { margin: 0 0 10px; max-width: 80em; color: #3d4650; }
header p.partial { padding: 6px 10px; border-left: 4px solid var(--unverified-ink); background: var(--unverified); color: var(--unverified-ink); }
code { font: 12px/1.3 var(--mono); }
.legend { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 10px; padding: 0; list-style: none; }
.legend li { padding: 3px 10px; border-radius: 12px; }
.legend li.none { opacity: 0.45; }
.engines { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 12px; font-size: 12px; color: #3d4650; }
.engines dt { font-weight: 600; }
.engines dd { margin: 0; }
.filter { display: inline-block; margin: 0 0 12px; padding: 5px 12px; border: 1px solid #c9ced4; border-radius: 6px; font-weight: 600; cursor: pointer; }
.filter:has(input:checked) { background: #1c2127; color: #fff; }
.changes { margin: 0 0 14px; padding: 10px 12px; border: 2px solid #1c2127; border-radius: 6px; }
.changes table { border-collapse: collapse; margin-top: 6px; }
.changes th, .changes td { padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
.changes td { font: 600 13px/1.35 var(--mono); }
.changes small { display: block; font: 12px/1.3 system-ui, sans-serif; color: #5b6470; }
.changes .before { color: #5b6470; }
.changes .after { color: #9b1c1c; }
table.matrix { width: 100%; table-layout: fixed; border-collapse: separate; border-spacing: 3px; }
col.row { width: 36%; }
/* A browser that did not run keeps a narrow column: its cells only say why. */
col.not-run { width: 9%; }
.matrix thead tr:first-child th { position: sticky; top: 0; z-index: 1; background: #fff; padding: 6px 8px; text-align: left; vertical-align: bottom; font-size: 15px; border-bottom: 2px solid #1c2127; }
.matrix thead th small { display: block; font-weight: 400; font-size: 12px; color: #5b6470; overflow-wrap: anywhere; }
tr.lane-notes > * { padding: 4px 8px; text-align: left; vertical-align: top; font-size: 12px; font-weight: 400; color: #3d4650; border-bottom: 1px solid #9aa2ab; }
tr.lane-notes td.not-run summary { cursor: pointer; }
tr.lane-notes td.not-run p { margin: 2px 0 0; font-size: 11px; }
tr.lane-notes .stated { display: block; font-style: italic; }
td.folded { padding: 0; }
details.not-covered { margin: 16px 0 0; }
details.not-covered summary { cursor: pointer; font-weight: 600; }
details.not-covered ul { display: flex; flex-wrap: wrap; gap: 2px 12px; margin: 6px 0 0; padding: 0; list-style: none; }
tr.topic th { padding: 16px 8px 4px; text-align: left; border-bottom: 1px solid #9aa2ab; }
tr.topic small { color: #5b6470; font-weight: 400; }
tr.row > th { padding: 5px 8px; text-align: left; font-weight: 400; vertical-align: top; border-bottom: 1px solid #e3e6ea; }
tr.row > th a { color: #1c2127; text-decoration: none; }
tr.row > th a:hover { text-decoration: underline; }
tr.row > th code.id { display: block; color: #6b7580; }
tr.row > th a.docs { font-size: 12px; font-weight: normal; }
tr.disagree > th { box-shadow: inset 4px 0 #b45309; }
.disagree-mark { display: inline-block; padding: 0 6px; border-radius: 8px; background: #b45309; color: #fff; font-size: 11px; font-weight: 600; white-space: nowrap; }
ul.cookies { margin: 3px 0 0; padding: 0; list-style: none; }
ul.cookies li { font: 11px/1.35 var(--mono); color: #3d4650; overflow-wrap: anywhere; }
ul.cookies li.omitted { color: #6b7580; font-style: italic; }
td { padding: 5px 8px; vertical-align: top; border-radius: 4px; overflow-wrap: anywhere; }
td .value { display: block; font: 600 13px/1.35 var(--mono); }
td .part { display: inline-block; }
td .expected { display: block; font: 12px/1.35 var(--mono); }
td .why, td .seen-on, td .stated { display: block; font-size: 12px; line-height: 1.3; }
td .stated { margin-top: 2px; font-style: italic; }
td .rfc, header .rfc { display: inline-block; margin-top: 2px; padding: 0 5px; border: 1px dashed currentColor; border-radius: 3px; font-size: 11px; }
ol.attempts { margin: 2px 0; padding: 0; list-style: none; font: 12px/1.35 var(--mono); }
.as-expected { background: var(--as-expected); color: var(--as-expected-ink); }
.not-as-expected { background: var(--not-as-expected); color: var(--not-as-expected-ink); }
.unverified { background: var(--unverified); color: var(--unverified-ink); }
.flaky { background: var(--flaky); color: var(--flaky-ink); }
.not-observed { background: repeating-linear-gradient(135deg, var(--not-as-expected) 0 8px, #f6caca 8px 16px); color: var(--not-as-expected-ink); }
.not-run { background: var(--not-run); color: var(--not-run-ink); }
td.not-run .why { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
td.not-observed .why { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden; }
body:has(#${ONLY_DISAGREEING}:checked) tr.row:not(.disagree),
body:has(#${ONLY_DISAGREEING}:checked) table.matrix tbody:not(:has(tr.disagree)) { display: none; }
`;
