import { spawn } from 'node:child_process';
import path from 'node:path';
import { CASE_FILES_VARIABLE, loadRunFiles } from '../harness/cases/load.ts';

// npm run cases -- <file.json>… [Playwright options]: runs the given case files, wherever they are, in every lane
// (or those --project names), and writes the behaviour matrix for them. Every other argument goes to Playwright.
const args = process.argv.slice(2);
const files = args.filter((arg) => arg.endsWith('.json')).map((file) => path.resolve(file));
if (files.length === 0) {
  console.error('Usage: npm run cases -- <case file.json>… [--project <name>] [--headed] [--workers <n>] …');
  process.exit(2);
}
try {
  loadRunFiles(files);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const root = path.resolve(import.meta.dirname, '..');
const playwright = spawn('npx', ['playwright', 'test', 'tests/cases.spec.ts', ...args.filter((arg) => !arg.endsWith('.json'))], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, [CASE_FILES_VARIABLE]: JSON.stringify(files) },
});
// Interrupted, Playwright ends its browsers and servers itself: pass the signal on and wait for it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => playwright.kill(signal));
playwright.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
