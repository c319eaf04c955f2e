import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JSONReport, JSONReportSuite } from '@playwright/test/reporter';
import { CASE_FILES_VARIABLE } from '../harness/cases/load.ts';
import { generatedCaseFile } from './generated-cases.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** What `npm run cases` took for a generated file in one lane: the whole command, and the tests' own time. */
export interface CaseFileFigure {
  wallMs: number;
  testsMs: number;
  passed: number;
  total: number;
}

/** Runs a generated file of `count` cases in one project through the runner, as npm run cases does, and times it. */
export async function timeCaseFile(project: string, count: number): Promise<CaseFileFigure> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cookie-harness-bench-'));
  const file = path.join(dir, 'generated.json');
  const generated = generatedCaseFile(count);
  writeFileSync(file, JSON.stringify(generated));
  const ids = new Set(generated.cases.map(({ id }) => id));
  try {
    const start = performance.now();
    // The JSON reporter alone, into a file (the global setup prints to stdout): the last behaviour matrix stays.
    const report = path.join(dir, 'report.json');
    await run('npx', ['playwright', 'test', 'tests/cases.spec.ts', `--project=${project}`, '--workers=1', '--reporter=json'], {
      [CASE_FILES_VARIABLE]: JSON.stringify([file]),
      PLAYWRIGHT_JSON_OUTPUT_NAME: report,
    });
    const wallMs = performance.now() - start;
    const specs = allSpecs(JSON.parse(readFileSync(report, 'utf8')) as JSONReport);
    // The cases alone: the file's check that nothing was left after them is not one.
    const results = specs.filter((spec) => ids.has(spec.title)).flatMap((spec) => spec.tests.flatMap((test) => test.results));
    return { wallMs, testsMs: results.reduce((sum, result) => sum + result.duration, 0), passed: results.filter((result) => result.status === 'passed').length, total: count };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The wall time of one npm run probe with a line, every installed engine. */
export async function timeProbe(line: string): Promise<number> {
  const start = performance.now();
  await run(process.execPath, ['--import', 'tsx', 'scripts/probe.ts', '--set-cookie', line, '--json'], {});
  return performance.now() - start;
}

function allSpecs(report: JSONReport): JSONReportSuite['specs'] {
  const walk = (suite: JSONReportSuite): JSONReportSuite['specs'] => [...suite.specs, ...(suite.suites ?? []).flatMap(walk)];
  return report.suites.flatMap(walk);
}

/** Runs a command from the repository's root; a failure rejects with the end of its output. */
function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`))));
  });
}
