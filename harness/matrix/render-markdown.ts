import { cellOutcome, type Matrix, type MatrixCell } from './model.ts';
import { formatValue } from './format-value.ts';

/** The matrix as a Markdown table, then the engines with their versions and the date (the README embeds it). */
export function renderMatrixMarkdown(matrix: Matrix): string {
  const projects = Object.keys(matrix.engines);
  const lines = [
    `| Behaviour | ${projects.map(escapeMarkdown).join(' | ')} |`,
    `|---|${projects.map(() => '---').join('|')}|`,
    ...matrix.rows.map((row) => `| \`${row.id}\` ${escapeMarkdown(row.title)} | ${projects.map((project) => cellText(row.cells[project])).join(' | ')} |`),
    '',
    '✅ as expected, ❌ not as expected (`tests/support/engine-expectations.ts` says what each engine should do and why), — not run.',
    '',
    ...projects.map((project) => `- **${escapeMarkdown(project)}**: ${escapeMarkdown(matrix.engines[project])}`),
    '',
    `Observed on ${matrix.generatedAt.slice(0, 10)} at ${matrix.generatedAt.slice(11, 16)} UTC.`,
  ];
  return `${lines.join('\n')}\n`;
}

function cellText(cell: MatrixCell): string {
  if ('notRun' in cell) return cellOutcome(cell) === 'unobserved' ? '❌ test failed before observing' : '— not run';
  const observed = escapeMarkdown(formatValue(cell.observed));
  return cell.matches ? `✅ ${observed}` : `❌ ${observed} (expected ${escapeMarkdown(formatValue(cell.expected))})`;
}

// Characters that would end a table cell or start Markdown or HTML inside one.
function escapeMarkdown(text: string): string {
  return text.replace(/[\\|`*_[\]<>]/g, (character) => `\\${character}`).replace(/\s*\n\s*/g, ' ');
}
