import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCaseFiles } from '../../harness/cases/load.ts';
import { REASON_TO_BE_WRITTEN, type LaneEntries } from '../../harness/matrix/expectations.ts';
import { parseJsonText, type JsonNode } from '../../harness/matrix/json-text.ts';
import type { MatrixCell } from '../../harness/matrix/model.ts';
import type { Observation } from '../../harness/matrix/protocol.ts';
import { expect, test } from '../support/fixtures.ts';

// npm run matrix:accept on a copy of expectations/ and cases/ (--root), from a matrix.json written here: what it
// changes it prints, before and after; what it does not change keeps its bytes; a second run changes nothing.
const ROOT = path.resolve(import.meta.dirname, '../..');
const CASE_ROW = 'case-host-session-cookie';
const DRIVER_ROW = 'default-samesite-reported';
let root: string;

test.beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'matrix-accept-'));
  cpSync(path.join(ROOT, 'expectations'), path.join(root, 'expectations'), { recursive: true });
  cpSync(path.join(ROOT, 'cases'), path.join(root, 'cases'), { recursive: true });
});

test.afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Runs matrix:accept on the copy; its exit status must be 0. */
function accept(matrix: object, ...args: string[]): string {
  const matrixFile = path.join(root, 'matrix.json');
  writeFileSync(matrixFile, JSON.stringify(matrix));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/matrix-accept.ts', '--root', root, '--matrix', matrixFile, ...args], { cwd: ROOT, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

function entries(file: string): LaneEntries {
  return JSON.parse(readFileSync(path.join(root, file), 'utf8')) as LaneEntries;
}

/** Every file of the copy, by path, as bytes. */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.join(entry.parentPath, entry.name), readFileSync(path.join(entry.parentPath, entry.name), 'latin1'));
  }
  return files;
}

/** The text of each member of a JSON object, by key, as the file holds it. */
function memberTexts(text: string): Map<string, string> {
  const root = parseJsonText(text) as Extract<JsonNode, { kind: 'object' }>;
  return new Map(root.members.map((member) => [member.key, text.slice(member.keyStart, member.value.end)]));
}

function cell(engine: string, version: string, observed: Observation, expectedIn: string, state: 'as-expected' | 'not-as-expected' | 'unverified' = 'unverified'): MatrixCell {
  const judged = state === 'unverified' ? {} : { expected: observed, matches: state === 'as-expected', reason: 'why', seenOn: [] };
  return { state, observed, engine, version, expectedIn, ...judged } as MatrixCell;
}

test.describe('npm run matrix:accept', () => {
  test('should write only what changes, say before and after, add a version once, and change nothing the second time', () => {
    const [gecko, blink, cdp] = [entries('expectations/gecko.json'), entries('expectations/blink.json'), entries('expectations/drivers/playwright-cdp.json')];
    const changed = [...(gecko[CASE_ROW]!.value as Observation[]).slice(0, -1), '__Host-session=abc123'];
    const matrix = {
      engines: { chromium: 'chromium 999.0', 'chromium-third-party-allowed': 'chromium 999.0', firefox: 'firefox 999.0' },
      rows: [
        {
          id: CASE_ROW,
          cells: {
            firefox: cell('gecko', 'firefox 999.0', changed, 'expectations/gecko.json', 'not-as-expected'),
            chromium: cell('blink', 'chromium 999.0', blink[CASE_ROW]!.value, 'expectations/blink.json', 'as-expected'),
          },
        },
        {
          id: DRIVER_ROW,
          // Two projects of one driver file: the version goes into its seenOn once.
          cells: {
            chromium: cell('blink', 'chromium 999.0', cdp[DRIVER_ROW]!.value, 'expectations/drivers/playwright-cdp.json', 'as-expected'),
            'chromium-third-party-allowed': cell('blink-third-party-allowed', 'chromium 999.0', cdp[DRIVER_ROW]!.value, 'expectations/drivers/playwright-cdp.json', 'as-expected'),
          },
        },
      ],
    };
    const before = snapshot();
    const geckoText = readFileSync(path.join(root, 'expectations/gecko.json'), 'utf8');
    // A project named twice is accepted once.
    const printed = accept(matrix, '--project', 'firefox', '--project', 'firefox', '--project', 'chromium', '--project', 'chromium-third-party-allowed');

    expect(entries('expectations/gecko.json')[CASE_ROW]).toEqual({ value: changed, reason: REASON_TO_BE_WRITTEN, seenOn: ['firefox 999.0'] });
    expect(entries('expectations/blink.json')[CASE_ROW]!.seenOn).toEqual([...blink[CASE_ROW]!.seenOn, 'chromium 999.0']);
    expect(entries('expectations/drivers/playwright-cdp.json')[DRIVER_ROW]!.seenOn).toEqual([...cdp[DRIVER_ROW]!.seenOn, 'chromium 999.0']);
    const lines = printed.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^expectations/gecko\\.json: "${CASE_ROW}" \\(firefox 999\\.0 in firefox\\): \\{ "value": .*"seenOn": \\["firefox [\\d.]+"\\] \\} → \\{ "value": .*"__Host-session=abc123"\\], "reason": "${REASON_TO_BE_WRITTEN}", "seenOn": \\["firefox 999\\.0"\\] \\}$`)));
    expect(lines.filter((line) => line.startsWith('expectations/drivers/playwright-cdp.json:'))).toHaveLength(1);
    expect(lines.filter((line) => / → /.test(line))).toHaveLength(3);
    // Every other entry of the file keeps its bytes; no other file changed.
    const [was, is] = [memberTexts(geckoText), memberTexts(readFileSync(path.join(root, 'expectations/gecko.json'), 'utf8'))];
    for (const [id, text] of [...was].filter(([key]) => key !== CASE_ROW)) expect(is.get(id), id).toBe(text);
    const after = snapshot();
    const touched = [...after.keys()].filter((file) => after.get(file) !== before.get(file)).map((file) => path.relative(root, file));
    expect(touched.sort()).toEqual(['expectations/blink.json', 'expectations/drivers/playwright-cdp.json', 'expectations/gecko.json', 'matrix.json']);

    const again = accept(matrix, '--project', 'firefox', '--project', 'chromium', '--project', 'chromium-third-party-allowed');
    expect(again.trim().split('\n').at(-1)).toMatch(/^nothing to change: /);
    const third = snapshot();
    for (const [file, text] of after) expect(third.get(file), file).toBe(text);
  });

  test("should write a case file's expect in place from the matrix, and change nothing the second time", () => {
    const file = path.join(root, 'accepted.json');
    const original = [
      '{',
      '  "hosts":   ["app.example"],',
      '  "cases": [',
      '    { "id": "accept-new", "title": "new",',
      '      "steps": [',
      '        { "request": { "url": "https://app.example/login" } },',
      '        { "observe": { "sent": { "url": "https://app.example/echo" } } },',
      '        {"observe": {"stored": {}}}',
      '      ] },',
      '    { "id": "accept-kept", "title": "kept", "steps": [',
      '        { "observe": { "sent": { "url": "https://app.example/echo" } }, "expect": { "value": "a=1", "engines": { "gecko": { "value": null, "reason": "Gecko keeps it" } } } }',
      '    ] }',
      '  ]',
      '}',
      '',
    ].join('\n');
    writeFileSync(file, original);
    const row = (id: string, values: Record<string, Observation>) => ({
      id,
      cells: Object.fromEntries(Object.entries(values).map(([project, value]) => {
        const engine = { chromium: 'blink', firefox: 'gecko', webkitgtk: 'webkit-libsoup' }[project]!;
        return [project, cell(engine, `${project} 1.0`, value, `expectations/${engine}.json`)];
      })),
    });
    const matrix = {
      engines: { chromium: 'chromium 1.0', firefox: 'firefox 1.0', webkitgtk: 'MiniBrowser 1.0' },
      rows: [row('accept-new', { chromium: ['a=1', []], firefox: [null, []], webkitgtk: ['a=1', []] }), row('accept-kept', { chromium: 'a=1', firefox: 'a=1', webkitgtk: 'b=2' })],
    };
    const printed = accept(matrix, '--cases', file);

    const [loaded] = loadCaseFiles([file]);
    const expects = loaded!.cases.map((one) => one.steps.map((step) => step.expect));
    expect(expects).toEqual([
      [undefined, { value: 'a=1', engines: { gecko: { value: null, reason: REASON_TO_BE_WRITTEN } } }, { value: [] }],
      [{ value: 'a=1', engines: { 'webkit-libsoup': { value: 'b=2', reason: REASON_TO_BE_WRITTEN } } }],
    ]);
    const lines = printed.trim().split('\n');
    expect(lines).toContain(
      `${path.relative(ROOT, file)}, case accept-kept, step 1 (observe sent https://app.example/echo by navigation) (blink: chromium 1.0 in chromium; gecko: firefox 1.0 in firefox; webkit-libsoup: webkitgtk 1.0 in webkitgtk): expect { "value": "a=1", "engines": {"gecko": {"value": null, "reason": "Gecko keeps it"}} } → { "value": "a=1", "engines": {"webkit-libsoup": {"value": "b=2", "reason": "${REASON_TO_BE_WRITTEN}"}} }`,
    );
    expect(lines.filter((line) => / → /.test(line))).toHaveLength(3);
    // Every line without an observation keeps its bytes: the spacing of "hosts", the request step, the brackets.
    const unobserved = (text: string) => text.split('\n').filter((line) => !line.includes('"observe"'));
    expect(unobserved(readFileSync(file, 'utf8'))).toEqual(unobserved(original));
    expect(readFileSync(file, 'utf8')).toContain('{"observe": {"stored": {}}, "expect": { "value": [] }}');

    const written = readFileSync(file, 'utf8');
    expect(accept(matrix, '--cases', file).trim().split('\n').at(-1)).toMatch(/^nothing to change: /);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });
});
