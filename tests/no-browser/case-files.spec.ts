import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCaseFiles } from '../../harness/cases/load.ts';
import { expect, test } from '../support/fixtures.ts';

// Case files that must be refused at load, each with a message naming the file, the case and the field; nothing runs.
const ROOT = path.resolve(import.meta.dirname, '../..');
let directory: string;

test.beforeAll(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'case-files-'));
});

test.afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Writes a case file of one case, with the given steps (and file fields), and returns its path. */
function caseFile(name: string, steps: unknown[], file: Record<string, unknown> = {}): string {
  const where = path.join(directory, `${name}.json`);
  writeFileSync(where, JSON.stringify({ hosts: ['app.example', 'other.example'], ...file, cases: [{ id: name, title: name, steps }] }));
  return where;
}

/** The message loadCaseFiles() refuses a file with. */
function refusal(file: string): string {
  try {
    loadCaseFiles([file]);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${file} was loaded`);
}

const SENT = { observe: { sent: { url: 'https://app.example/echo' } } };
const SET = { respond: { url: 'https://app.example/set', status: 200, headers: ['Set-Cookie: a=1'] } };

test.describe('case files refused at load', () => {
  test('should refuse an unknown engine in expect, naming the file, the case and the field', () => {
    const file = caseFile('unknown-engine', [SET, { ...SENT, expect: { value: 'a=1', engines: { geko: { value: null, reason: 'a typo' } } } }]);
    expect(refusal(file)).toContain(`${file}: case "unknown-engine", field steps[1].expect.engines.geko: unknown engine "geko": one of blink, blink-third-party-allowed, gecko, webkit-libsoup, webkit-apple, webkit-wincairo`);
  });

  test('should refuse an expect (or an rfc) on a step that is not an observation', () => {
    const file = caseFile('expect-on-respond', [{ ...SET, expect: { value: 'a=1' } }, { ...SENT, rfc: { value: 'a=1', reason: 'RFC 6265bis 5.8.3' } }, { advance: '1d', rfc: { value: null, reason: 'x' } }]);
    const message = refusal(file);
    expect(message).toContain(`${file}: case "expect-on-respond", field steps[0].expect: expect belongs to an observe step, not to a respond step`);
    expect(message).toContain(`${file}: case "expect-on-respond", field steps[2].rfc: rfc belongs to an observe step, not to a advance step`);
  });

  test('should refuse a restart step that is anything but { "restart": true }', () => {
    const file = caseFile('restart-false', [SET, { restart: false }, SENT]);
    expect(refusal(file)).toContain(`${file}: case "restart-false", field steps[1].restart: a restart step is { "restart": true }`);
  });

  test('should refuse a case that gives some observations an expect and not others', () => {
    const file = caseFile('half-expected', [SET, { ...SENT, expect: { value: 'a=1' } }, SENT]);
    expect(refusal(file)).toContain(`${file}: case "half-expected", field steps[2]: an observation without expect, while steps[1] has one: give every observation of the case its expect, or none`);
  });

  test('should refuse an expected value no such observation gives, and an engine that repeats the shared value', () => {
    const file = caseFile('wrong-shape', [SET, { ...SENT, expect: { value: 1, engines: { gecko: { value: 1, reason: 'same' } } } }]);
    const message = refusal(file);
    expect(message).toContain(`${file}: case "wrong-shape", field steps[1].expect.value: 1 is no value a sent observation gives (the Cookie header as a string, or null for none)`);
    expect(message).toContain(`${file}: case "wrong-shape", field steps[1].expect.engines.gecko: repeats expect.value: delete it, the engine is judged by expect.value`);
  });

  test('should refuse an upstream that is not an http or https origin, or not a case host', () => {
    const file = caseFile('bad-upstreams', [SENT], {
      upstreams: { 'app.example': 'ftp://localhost:21', 'other.example': 'http://localhost:3000/app', 'elsewhere.example': 'http://localhost:3000' },
    });
    const message = refusal(file);
    expect(message).toContain(`${file}: field upstreams.app.example: not an http or https URL: "ftp://localhost:21"`);
    expect(message).toContain(`${file}: field upstreams.other.example: "http://localhost:3000/app" has a path, query or fragment: an upstream is an origin (scheme, host, port)`);
    expect(message).toContain(`${file}: field upstreams.elsewhere.example: elsewhere.example is not in "hosts"`);
  });

  test('should refuse an upstream named by an environment variable that no shell could name', () => {
    const file = caseFile('bad-env', [SENT], { upstreams: { 'app.example': { env: 'BASE URL' } } });
    expect(refusal(file)).toContain(`${file}: field upstreams.app.example.env: the name of an environment variable`);
  });

  test('should refuse a host that is both an upstream and claimed by a respond step', () => {
    const file = caseFile('claimed-upstream', [SET, SENT], { upstreams: { 'app.example': 'http://localhost:3000' } });
    expect(refusal(file)).toContain(`${file}: case "claimed-upstream", field steps[0].respond.url: app.example is an upstream ("upstreams"): its answers are the upstream's, no respond step can claim it`);
  });

  test('should refuse a form on a navigation, and a body on anything but a fetch that can carry one', () => {
    const file = caseFile('bad-requests', [
      { request: { url: 'https://app.example/login', form: { user: 'a' } } },
      { request: { url: 'https://app.example/login', by: 'form-post', body: 'user=a' } },
      { request: { url: 'https://app.example/login', by: 'fetch', body: 'user=a' } },
      SENT,
    ]);
    const message = refusal(file);
    expect(message).toContain(`${file}: case "bad-requests", field steps[0].request.form: a form is sent by a form POST ("by": "form-post"), not by navigation`);
    expect(message).toContain(`${file}: case "bad-requests", field steps[1].request.body: body is a fetch's ("by": "fetch"), not a form-post's`);
    expect(message).toContain(`${file}: case "bad-requests", field steps[2].request.body: a GET request has no body: give "method": "POST" (or another)`);
  });

  test('should refuse "__proto__" as a name anywhere, which a record would drop without a word', () => {
    const file = path.join(directory, 'proto.json');
    writeFileSync(file, '{ "hosts": ["app.example"], "upstreams": { "__proto__": "http://localhost:3000" }, "cases": [{ "id": "proto", "title": "p", "steps": [{ "observe": { "stored": {} }, "expect": { "value": [], "engines": { "__proto__": { "value": [], "reason": "x" } } } }] }] }');
    const message = refusal(file);
    expect(message).toContain(`${file}: field upstreams.__proto__: "__proto__" is no name a case file can use`);
    expect(message).toContain(`${file}: case "proto", field steps[0].expect.engines.__proto__: "__proto__" is no name a case file can use`);
  });

  test('should print only its own error when npm run cases is given a bad file, and run nothing', () => {
    const file = caseFile('cases-command', [SET, { ...SENT, expect: { value: 'a=1', engines: { webkit: { value: null, reason: 'not an engine' } } } }]);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cases.ts', file, '--project=chromium'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'Invalid case file, nothing was run:',
      `${file}: case "cases-command", field steps[1].expect.engines.webkit: unknown engine "webkit": one of blink, blink-third-party-allowed, gecko, webkit-libsoup, webkit-apple, webkit-wincairo`,
    ]);
  });

  test("should stop a Playwright run at a file that fails its load with that file's error only: no code frame, no \"No tests found\"", () => {
    // A case id that expectations/rfc6265bis.json already declares: the case file loads, the expectation files do not.
    const file = path.join(directory, 'declared-twice.json');
    writeFileSync(file, JSON.stringify({ hosts: ['app.example'], cases: [{ id: 'case-host-session-cookie', title: 'twice', steps: [SENT] }] }));
    const run = spawnSync('npx', ['playwright', 'test', 'tests/cases.spec.ts', '--project=chromium', '--reporter=line'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0', COOKIE_HARNESS_CASE_FILES: JSON.stringify([file]) },
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status).toBe(1);
    expect(output).toContain(`Error: ${file}: the row id "case-host-session-cookie" is declared twice (in expectations/rfc6265bis.json or another case file)`);
    expect(output).not.toContain('No tests found');
    expect(output).not.toMatch(/^\s+at /m);
  });
});
