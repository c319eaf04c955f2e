import escapeHtml from 'escape-html';
import { countStates, specFile, type Matrix, type MatrixCell, type MatrixRow } from './model.ts';
import { formatValue, plural } from './format-value.ts';

export interface HtmlOptions {
  /** Where a row's spec file is linked: a GitHub blob URL of the commit (`<base>/<file>#L<line>`), else relative from matrix-report/. */
  sourceBaseURL?: string;
}

const STATES = [
  { state: 'as-expected', label: 'as expected' },
  { state: 'not-as-expected', label: 'not as expected' },
  { state: 'unverified', label: 'unverified (no expectation yet)' },
  { state: 'flaky', label: 'flaky (attempts disagreed)' },
  { state: 'not-observed', label: 'test failed before observing' },
  { state: 'not-run', label: 'not run' },
] as const;

/** The matrix as one self-contained page: inline CSS, no script, nothing fetched. */
export function renderMatrixHtml(matrix: Matrix, options: HtmlOptions = {}): string {
  const projects = Object.keys(matrix.engines);
  const counts = countStates(matrix);
  const legend = STATES.map(({ state, label }) => `<li class="${state}${counts[state] === 0 ? ' none' : ''}"><b>${counts[state]}</b> ${label}</li>`).join('');
  const partial = matrix.complete ? '' : `<p class="partial">partial run: ${matrix.rows.length} of ${matrix.rows.length + matrix.missingRows.length} rows</p>\n`;
  const engines = projects.map((project) => `<dt>${escapeHtml(project)}</dt><dd>${escapeHtml(matrix.engines[project])}</dd>`).join('');
  const headers = projects
    .map((project) => `<th scope="col" title="${escapeHtml(matrix.engines[project])}">${escapeHtml(project)}<small>${escapeHtml(engineVersion(matrix.engines[project]))}</small></th>`)
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
${partial}<p>What each browser did in this run, ${plural(matrix.rows.length, 'row')} by ${plural(projects.length, 'engine')}, generated <time datetime="${escapeHtml(matrix.generatedAt)}">${escapeHtml(readableDate(matrix.generatedAt))}</time>.
Each cell is compared with its engine's expectation in <code>expectations/</code>; hover a cell for the reason.</p>
<ul class="legend">${legend}</ul>
<dl class="engines">${engines}</dl>
</header>
<table>
<colgroup><col class="row">${projects.map(() => '<col>').join('')}</colgroup>
<thead><tr><th scope="col">Behaviour</th>${headers}</tr></thead>
<tbody>
${renderRows(matrix.rows, projects, options)}
</tbody>
</table>
</body>
</html>
`;
}

// Rows come ordered by spec file; each file opens with a line naming it.
function renderRows(rows: MatrixRow[], projects: string[], options: HtmlOptions): string {
  return rows
    .map((row, index) => {
      const file = specFile(row.spec);
      const heading = index === 0 || specFile(rows[index - 1].spec) !== file ? `<tr class="file"><th colspan="${projects.length + 1}">${escapeHtml(file)}</th></tr>\n` : '';
      return heading + renderRow(row, projects, options);
    })
    .join('\n');
}

function renderRow(row: MatrixRow, projects: string[], options: HtmlOptions): string {
  const cells = projects.map((project) => renderCell(row.cells[project])).join('');
  return `<tr><th scope="row"><a href="${escapeHtml(specLink(row.spec, options))}" title="${escapeHtml(row.spec)}">${escapeHtml(row.title)}</a><code>${escapeHtml(row.id)}</code></th>${cells}</tr>`;
}

function renderCell(cell: MatrixCell): string {
  switch (cell.state) {
    case 'not-run':
      return `<td class="not-run" title="${escapeHtml(cell.notRun)}"><span class="why">not run: ${escapeHtml(cell.notRun)}</span></td>`;
    case 'not-observed':
      return `<td class="not-observed" title="${escapeHtml(cell.error)}"><span class="value">not observed</span><span class="why">${escapeHtml(cell.error)}</span></td>`;
    case 'flaky': {
      const attempts = cell.attempts.map((attempt) => (attempt.state === 'not-observed' ? 'not observed' : formatValue(attempt.observed))).join(' / ');
      return `<td class="flaky" title="attempts disagreed"><span class="value">${escapeHtml(attempts)}</span><span class="why">flaky: attempts disagreed</span></td>`;
    }
    case 'unverified':
      return `<td class="unverified" title="${escapeHtml(`no entry in ${cell.expectedIn}`)}"><span class="value">${escapeHtml(formatValue(cell.observed))}</span><span class="why">unverified</span></td>`;
    case 'as-expected':
      return `<td class="as-expected" title="${escapeHtml(cell.reason)}"><span class="value">${escapeHtml(formatValue(cell.observed))}</span></td>`;
    case 'not-as-expected': {
      const expected = `expected ${formatValue(cell.expected)} (seen on ${cell.seenOn.join(', ')})`;
      return `<td class="not-as-expected" title="${escapeHtml(cell.reason)}"><span class="value">${escapeHtml(formatValue(cell.observed))}</span><span class="expected">${escapeHtml(expected)}</span><span class="why">${escapeHtml(cell.reason)}</span></td>`;
    }
  }
}

function specLink(spec: string, { sourceBaseURL }: HtmlOptions): string {
  const file = specFile(spec);
  return sourceBaseURL ? `${sourceBaseURL}/${file}#L${spec.slice(file.length + 1)}` : `../${file}`;
}

/** The browser and its version, the first part of an engine's description (`chromium 156.0.1, system ...`). */
function engineVersion(engine: string): string {
  return engine.startsWith('not run') ? 'not run' : engine.split(', ')[0];
}

function readableDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

const STYLE = `
:root { --match: #dcf3e2; --match-ink: #0b5e2a; --mismatch: #fbdcdc; --mismatch-ink: #9b1c1c; --not-run: #eceef0; --not-run-ink: #5b6470; }
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 24px 32px; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1c2127; background: #fff; }
h1 { margin: 0 0 6px; font-size: 22px; }
header p { margin: 0 0 10px; max-width: 70em; color: #3d4650; }
code { font: 12px/1.3 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.legend { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 10px; padding: 0; list-style: none; }
.legend li { padding: 3px 10px; border-radius: 12px; }
.legend li.none { opacity: 0.45; }
.engines { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 16px; font-size: 12px; color: #3d4650; }
.engines dt { font-weight: 600; }
.engines dd { margin: 0; }
table { width: 100%; table-layout: fixed; border-collapse: separate; border-spacing: 3px; }
col.row { width: 32%; }
thead th { position: sticky; top: 0; z-index: 1; background: #fff; padding: 6px 8px; text-align: left; vertical-align: bottom; font-size: 15px; border-bottom: 2px solid #1c2127; }
thead th small { display: block; font-weight: 400; font-size: 12px; color: #5b6470; overflow-wrap: anywhere; }
tbody th { padding: 5px 8px; text-align: left; font-weight: 400; vertical-align: top; border-bottom: 1px solid #e3e6ea; }
tbody th a { color: #1c2127; text-decoration: none; }
tbody th a:hover { text-decoration: underline; }
tbody th code { display: block; color: #6b7580; }
td { padding: 5px 8px; vertical-align: top; border-radius: 4px; overflow-wrap: anywhere; }
td .value { display: block; font: 600 13px/1.35 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
td .expected { display: block; font: 12px/1.35 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
td .why { display: block; font-size: 12px; line-height: 1.3; }
.as-expected { background: var(--match); color: var(--match-ink); }
.not-as-expected { background: var(--mismatch); color: var(--mismatch-ink); }
.unverified, .flaky { background: #fdf0c8; color: #7a4b00; }
.partial { font-weight: 600; color: #7a4b00; }
.not-observed { background: repeating-linear-gradient(135deg, var(--mismatch) 0 8px, #f6caca 8px 16px); color: var(--mismatch-ink); }
.not-run { background: var(--not-run); color: var(--not-run-ink); }
td.not-run .why { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
td.not-observed .why { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden; }
tr.file th { padding: 14px 8px 4px; font: 600 13px/1.3 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; color: #3d4650; border-bottom: 1px solid #c9ced4; }
`;
