import type { MatrixCell, Matrix, MatrixRow } from '../harness/matrix/model.ts';
import type { Observation } from '../harness/matrix/protocol.ts';
import { renderMatrixHtml } from '../harness/matrix/render-html.ts';
import { renderMatrixMarkdown } from '../harness/matrix/render-markdown.ts';
import { expect, test } from './support/fixtures.ts';

function seen(observed: Observation, stated?: string[], unheard?: string): MatrixCell {
  return { state: 'as-expected', observed, expected: observed, matches: true, reason: 'as the engine does', seenOn: ['1.0'], version: 'browser 1.0', expectedIn: 'expectations/x.json', stated, unheard };
}

function row(id: string, topic: MatrixRow['topic'], cells: Omit<MatrixRow['cells'], 'four'>, extra: Partial<MatrixRow> = {}): MatrixRow {
  return { id, title: `the ${id} row`, topic, spec: 'tests/matrix/x.spec.ts:1', cells: { ...cells, four: { state: 'not-run', notRun: NOT_INSTALLED } }, ...extra };
}

// What is true of the whole lane `three` and of `four`, which did not run: each header says it once.
const NO_CHANNEL = 'classic WebDriver carries nothing the browser says about cookies';
const NOT_INSTALLED = 'browser not installed: the fourth browser is missing. Install with: apt-get install four';
// A cookie as a case file's `stored` observation lists it (expires in days; null: a session cookie, or a field the store did not report).
const STORED = { name: 'dot', value: '1', domain: '.example.test', path: '/', expires: null, secure: false, httpOnly: true, sameSite: 'Lax', partitioned: null };
const KEPT = { ...STORED, name: 'kept', value: 'a\tb', domain: 'sub.example.test', expires: 29.5, secure: null, partitioned: 'https://example.test' };

// Rows in spec order; the page groups them by topic (SameSite before Scope) and marks the one whose engines disagree.
const MATRIX: Matrix = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  engines: { one: 'chromium 1.0, over CDP', two: 'firefox 2.0, over BiDi', three: 'MiniBrowser 3.0, through WebDriver', four: `not run: ${NOT_INSTALLED}` },
  complete: true,
  missingRows: [],
  rows: [
    row('scope-agree', 'Scope', { one: seen('localhost'), two: seen('localhost'), three: seen('localhost') }),
    row('samesite-agree', 'SameSite', { one: seen(true, []), two: seen(true, undefined, 'Firefox logged no error about these cookies'), three: seen(true, undefined, NO_CHANNEL) }),
    row(
      'samesite-disagree',
      'SameSite',
      { one: seen({ stored: true, sent: false }, ['ThirdPartyBlockedInThirdPartyContext']), two: seen({ stored: true, sent: true }), three: seen({ stored: true, sent: true }, undefined, NO_CHANNEL) },
      { parts: ['stored', 'sent'], cookies: [{ via: 'Set-Cookie', case: 'x', lines: ['a=<b>; Path=/'] }], standard: { value: { stored: true, sent: true }, reason: 'sent' } },
    ),
    row(
      'case-stored',
      'Case files',
      { one: seen([[STORED], 'dot=1']), two: seen([[STORED, KEPT], null], ['Cookie “dot” has been rejected']), three: seen([[], null], undefined, NO_CHANNEL) },
      { parts: ['stored', 'sent to https://other.example.test/echo by navigation'], cookies: [{ via: 'Set-Cookie', case: 'dot', lines: ['dot=1; Domain=.example.test'] }] },
    ),
    row('case-stored-alone', 'Case files', { one: seen([STORED]), two: seen([STORED]), three: seen([STORED]) }),
  ],
};
// The same run, had it covered only these rows of seven.
const PARTIAL: Matrix = { ...MATRIX, complete: false, missingRows: ['missing-one', 'missing-two'] };

/** How many times the text occurs in the page's or matrix.md's text. */
function occurrences(text: string, of: string): number {
  return text.split(of).length - 1;
}

test.describe('the behaviour matrix page', { tag: '@playwright-only' }, () => {
  test('should show only the rows where engines disagree once its box is ticked, with script turned off', async ({ browser }) => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(renderMatrixHtml(MATRIX));
    const visibleRows = page.locator('tr.row:visible code.id');
    await expect(visibleRows).toHaveText(['samesite-agree', 'samesite-disagree', 'scope-agree', 'case-stored', 'case-stored-alone']);

    await page.getByLabel('Show only the 2 rows where engines disagree').check();
    await expect(visibleRows).toHaveText(['samesite-disagree', 'case-stored']);
    // A topic without such a row loses its heading too.
    await expect(page.locator('tr.topic:visible h2')).toHaveText(['SameSite', 'Case files']);
    await page.close();
  });

  test('should link each row to its spec and to the section of the docs on its topic, on the page and in matrix.md', async ({ browser }) => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(renderMatrixHtml(MATRIX));
    const scope = page.locator('tr.row', { has: page.getByText('scope-agree') }).locator('th');
    await expect(scope.getByRole('link', { name: 'the scope-agree row' })).toHaveAttribute('href', '../tests/matrix/x.spec.ts');
    await expect(scope.getByRole('link', { name: 'what engines do' })).toHaveAttribute('href', '../docs/what-browsers-do.md#scope');
    await page.close();
    expect(renderMatrixMarkdown(MATRIX)).toContain('`samesite-agree` [spec](../tests/matrix/x.spec.ts) · [what engines do](../docs/what-browsers-do.md#samesite)');
  });

  test('should label the parts of a value, and show the cookie, the departure from RFC 6265bis and the reason the engine stated', async ({ browser }) => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(renderMatrixHtml(MATRIX));
    const disagreeing = page.locator('tr.row', { has: page.getByText('samesite-disagree') });
    await expect(disagreeing.locator('th')).toContainText('engines disagree');
    await expect(disagreeing.locator('ul.cookies li')).toHaveText(['Set-Cookie: a=<b>; Path=/']);
    const [first, second] = [disagreeing.locator('td').nth(0), disagreeing.locator('td').nth(1)];
    await expect(first.locator('.value')).toHaveText('stored ✓ · sent ✗');
    await expect(first.locator('.rfc')).toHaveText('≠ RFC 6265bis: sent ✓');
    await expect(first.locator('.stated')).toHaveText('Chromium: ThirdPartyBlockedInThirdPartyContext');
    await expect(second.locator('.value')).toHaveText('stored ✓ · sent ✓');
    await expect(second.locator('.rfc, .stated')).toHaveCount(0);
    await page.close();
  });

  test('should say where the engine stated no reason, and where the lane cannot hear one', async ({ browser }) => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(renderMatrixHtml(MATRIX));
    const cells = page.locator('tr.row', { has: page.getByText('samesite-agree', { exact: true }) }).locator('td');
    await expect(cells.nth(0).locator('.stated')).toHaveText('Chromium states no reason');
    await expect(cells.nth(1).locator('.stated')).toHaveText('no reason heard: Firefox logged no error about these cookies');
    const scope = page.locator('tr.row', { has: page.getByText('scope-agree') }).locator('td');
    await expect(scope.nth(1).locator('.stated')).toHaveCount(0);
    await page.close();
  });

  test("should show a store's cookies by their fields, never [object Object], on the page and in matrix.md", async ({ browser }) => {
    const dot = 'dot=1 (domain .example.test, path /, session, secure ✗, httpOnly ✓, sameSite Lax, no partition key reported)';
    const kept = 'kept=a\\x09b (domain sub.example.test, path /, expires in 29.5 days, secure not reported, httpOnly ✓, sameSite Lax, partitioned https://example.test)';
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(renderMatrixHtml(MATRIX));
    const cells = page.locator('tr.row', { has: page.getByText('case-stored', { exact: true }) }).locator('td');
    await expect(cells.nth(0).locator('.part')).toHaveText([`stored: ${dot}`, 'sent to https://other.example.test/echo by navigation: dot=1']);
    await expect(cells.nth(1).locator('.part')).toHaveText([`stored: ${dot}; ${kept}`, 'sent to https://other.example.test/echo by navigation: null']);
    await expect(cells.nth(2).locator('.part').first()).toHaveText('stored: none');
    // A case of one observation has no named parts: its list of cookies reads the same.
    await expect(page.locator('tr.row', { has: page.getByText('case-stored-alone', { exact: true }) }).locator('td .value').first()).toHaveText(dot);
    const text = await page.locator('body').innerText();
    await page.close();

    const markdown = renderMatrixMarkdown(MATRIX);
    for (const rendered of [text, markdown]) {
      expect(rendered).not.toContain('[object Object]');
      expect(rendered).not.toContain('{"name"');
    }
    expect(markdown).toContain(`✅ stored: ${dot} · sent to https://other.example.test/echo by navigation: dot=1 |`);
    expect(markdown).toContain(`✅ stored: ${dot}; ${kept.replaceAll('\\', '\\\\')} · sent to`);
  });

  test("should say what is true of a whole lane once, in its column's header, and fold a lane that did not run", async ({ browser }) => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(renderMatrixHtml(MATRIX));
    const notes = page.locator('thead tr.lane-notes td');
    await expect(notes).toHaveCount(4);
    await expect(notes.nth(2)).toHaveText(`no reason heard in this column: ${NO_CHANNEL}`);
    // The reason a lane did not run is folded under its gist.
    await expect(notes.nth(3).locator('summary')).toHaveText('not run: browser not installed');
    await notes.nth(3).locator('summary').click();
    await expect(notes.nth(3).locator('details p')).toHaveText('the fourth browser is missing. Install with: apt-get install four');
    await expect(notes.nth(0)).toHaveText('');
    await expect(notes.nth(1)).toHaveText('');
    // The lane's cells carry neither: not its channel, and, folded, nothing at all.
    const rows = page.locator('tr.row');
    await expect(rows).toHaveCount(MATRIX.rows.length);
    for (const row of await rows.all()) {
      await expect(row.locator('td').nth(2).locator('.stated')).toHaveCount(0);
      await expect(row.locator('td').nth(3)).toHaveText('');
    }
    await expect(page.locator('thead tr:first-child th').nth(4)).toHaveText('fournot run');
    const text = await page.locator('body').innerText();
    expect(occurrences(text, NO_CHANNEL)).toBe(1);
    expect(occurrences(text, 'Install with: apt-get install four')).toBe(1);
    await page.close();

    const markdown = renderMatrixMarkdown(MATRIX);
    expect(occurrences(markdown, NO_CHANNEL)).toBe(1);
    expect(occurrences(markdown, 'Install with: apt-get install four')).toBe(1);
    expect(markdown).toContain(`- **three**: MiniBrowser 3.0, through WebDriver; no reason heard in this column: ${NO_CHANNEL}`);
    expect(markdown).toContain('- **four**: not run: browser not installed: the fourth browser is missing. Install with: apt-get install four (no column below)');
    // Every table has a column for each lane that ran, and none for the one that did not.
    const headers = markdown.split('\n').filter((line) => line.startsWith('| Behaviour |'));
    expect(headers.length).toBeGreaterThan(0);
    for (const header of headers) expect(header).toBe('| Behaviour | one | two | three |');
  });

  test("should give a partial run's count, and fold the rows it did not cover after the rows that ran", async ({ browser }) => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(renderMatrixHtml(PARTIAL));
    await expect(page.locator('.partial')).toHaveText('Partial run: 5 of 7 rows. 2 rows not covered, listed after the rows that ran.');
    const folded = page.locator('table.matrix ~ details.not-covered');
    await expect(folded.locator('summary')).toHaveText('2 rows this run did not cover');
    await expect(folded.getByText('missing-one')).toBeHidden();
    await folded.locator('summary').click();
    await expect(folded.locator('li')).toHaveText(['missing-one', 'missing-two']);
    await page.close();

    const markdown = renderMatrixMarkdown(PARTIAL);
    expect(markdown.startsWith('**Partial run: 5 of 7 rows.** 2 rows not covered, listed after the rows that ran.\n')).toBe(true);
    const folding = markdown.indexOf('<details><summary>2 rows this run did not cover</summary>\n\n`missing-one`, `missing-two`\n\n</details>');
    expect(folding).toBeGreaterThan(markdown.lastIndexOf('| the '));
    expect(occurrences(markdown, 'missing-one')).toBe(1);
  });
});
