import type { MatrixCell, Matrix, MatrixRow } from '../harness/matrix/model.ts';
import type { Observation } from '../harness/matrix/protocol.ts';
import { renderMatrixHtml } from '../harness/matrix/render-html.ts';
import { expect, test } from './support/fixtures.ts';

function seen(observed: Observation, stated?: string[], unheard?: string): MatrixCell {
  return { state: 'as-expected', observed, expected: observed, matches: true, reason: 'as the engine does', seenOn: ['1.0'], version: 'browser 1.0', expectedIn: 'expectations/x.json', stated, unheard };
}

function row(id: string, topic: MatrixRow['topic'], cells: MatrixRow['cells'], extra: Partial<MatrixRow> = {}): MatrixRow {
  return { id, title: `the ${id} row`, topic, spec: 'tests/matrix/x.spec.ts:1', cells, ...extra };
}

// Rows in spec order; the page groups them by topic (SameSite before Scope) and marks the one whose engines disagree.
const MATRIX: Matrix = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  engines: { one: 'chromium 1.0, over CDP', two: 'firefox 2.0, over BiDi', three: 'MiniBrowser 3.0, through WebDriver' },
  complete: true,
  missingRows: [],
  rows: [
    row('scope-agree', 'Scope', { one: seen('localhost'), two: seen('localhost'), three: seen('localhost') }),
    row('samesite-agree', 'SameSite', { one: seen(true, []), two: seen(true), three: seen(true, undefined, 'the lane has no channel') }),
    row(
      'samesite-disagree',
      'SameSite',
      { one: seen({ stored: true, sent: false }, ['ThirdPartyBlockedInThirdPartyContext']), two: seen({ stored: true, sent: true }), three: seen({ stored: true, sent: true }) },
      { parts: ['stored', 'sent'], cookies: [{ via: 'Set-Cookie', case: 'x', lines: ['a=<b>; Path=/'] }], standard: { value: { stored: true, sent: true }, reason: 'sent' } },
    ),
  ],
};

test.describe('the behaviour matrix page', { tag: '@playwright-only' }, () => {
  test('should show only the rows where engines disagree once its box is ticked, with script turned off', async ({ browser }) => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(renderMatrixHtml(MATRIX));
    const visibleRows = page.locator('tr.row:visible code.id');
    await expect(visibleRows).toHaveText(['samesite-agree', 'samesite-disagree', 'scope-agree']);

    await page.getByLabel('Show only the 1 row where engines disagree').check();
    await expect(visibleRows).toHaveText(['samesite-disagree']);
    // A topic without such a row loses its heading too.
    await expect(page.locator('tr.topic:visible h2')).toHaveText(['SameSite']);
    await page.close();
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
    const cells = page.locator('tr.row', { has: page.getByText('samesite-agree') }).locator('td');
    await expect(cells.nth(0).locator('.stated')).toHaveText('Chromium states no reason');
    await expect(cells.nth(1).locator('.stated')).toHaveCount(0);
    await expect(cells.nth(2).locator('.stated')).toHaveText('no reason heard: the lane has no channel');
    await page.close();
  });
});
