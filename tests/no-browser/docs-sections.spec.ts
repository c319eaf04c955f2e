import { readFileSync } from 'node:fs';
import { docsSection } from '../../harness/matrix/layout.ts';
import { TOPICS } from '../../harness/matrix/protocol.ts';
import { expect, test } from '../support/fixtures.ts';

const RFC_ROWS = Object.keys(JSON.parse(readFileSync('expectations/rfc6265bis.json', 'utf8')) as Record<string, unknown>);
const DOCS = readFileSync('docs/what-browsers-do.md', 'utf8');

// The matrix links every row to its topic's section (harness/matrix/layout.ts): each section must be there.
test('should have a section in docs/what-browsers-do.md for every topic the matrix links a row to', () => {
  const headings = DOCS.split('\n').filter((line) => /^#{2,3} /.test(line)).map((line) => line.replace(/^#+ /, '').trim());
  for (const topic of TOPICS) {
    expect(headings, `the heading that ${docsSection(topic)} points at`).toContain(topic);
  }
});

test('should name every built-in row id in docs/what-browsers-do.md', () => {
  expect(RFC_ROWS.filter((id) => !DOCS.includes(`\`${id}\``))).toEqual([]);
});
