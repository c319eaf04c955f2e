import type { Matrix, MatrixCell } from './model.ts';
import { formatValue } from './format-value.ts';

/** The matrix as a Markdown table, then the engines with their versions and the date (the README embeds it). */
export function renderMatrixMarkdown(matrix: Matrix): string {
  const projects = Object.keys(matrix.engines);
  const lines = [
    ...(matrix.complete ? [] : [`Partial run: ${matrix.rows.length} of ${matrix.rows.length + matrix.missingRows.length} rows.`, '']),
    `| Behaviour | ${projects.map(escapeMarkdown).join(' | ')} |`,
    `|---|${projects.map(() => '---').join('|')}|`,
    ...matrix.rows.map((row) => `| \`${row.id}\` ${escapeMarkdown(row.title)} | ${projects.map((project) => cellText(row.cells[project])).join(' | ')} |`),
    '',
    '✅ as expected, ❌ not as expected (`expectations/` says what each engine should do and why), ⚠️ unverified (no expectation yet) or flaky, — not run.',
    '',
    ...projects.map((project) => `- **${escapeMarkdown(project)}**: ${escapeMarkdown(matrix.engines[project])}`),
    '',
    `Observed on ${matrix.generatedAt.slice(0, 10)} at ${matrix.generatedAt.slice(11, 16)} UTC.`,
  ];
  return `${lines.join('\n')}\n`;
}

function cellText(cell: MatrixCell): string {
  switch (cell.state) {
    case 'not-run':
      return '— not run';
    case 'not-observed':
      return '❌ test failed before observing';
    case 'flaky':
      return `⚠️ flaky: ${cell.attempts.map((attempt) => (attempt.state === 'not-observed' ? 'not observed' : escapeMarkdown(formatValue(attempt.observed)))).join(' / ')}`;
    case 'unverified':
      return `⚠️ ${escapeMarkdown(formatValue(cell.observed))} (unverified)`;
    case 'as-expected':
      return `✅ ${escapeMarkdown(formatValue(cell.observed))}`;
    case 'not-as-expected':
      return `❌ ${escapeMarkdown(formatValue(cell.observed))} (expected ${escapeMarkdown(formatValue(cell.expected))}, seen on ${escapeMarkdown(cell.seenOn.join(', '))})`;
  }
}

// Characters that would end a table cell or start Markdown or HTML inside one.
function escapeMarkdown(text: string): string {
  return text.replace(/[\\|`*_[\]<>]/g, (character) => `\\${character}`).replace(/\s*\n\s*/g, ' ');
}
