import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MATRIX_FOLDER } from '../harness/matrix/reporter.ts';

// npm run matrix: where the last behaviour matrix is, opened in the desktop's browser when there is a desktop.
const folder = path.resolve(import.meta.dirname, '..', MATRIX_FOLDER);
const page = path.join(folder, 'index.html');

if (!existsSync(page)) {
  console.log(`No behaviour matrix yet (${page} does not exist): run npm test first.`);
  process.exit(1);
}

console.log(`Behaviour matrix: ${page}`);
console.log(`  as Markdown: ${path.join(folder, 'matrix.md')}`);
console.log(`  as JSON:     ${path.join(folder, 'matrix.json')}`);

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const hasOpener = spawnSync('sh', ['-c', 'command -v xdg-open'], { stdio: 'ignore' }).status === 0;
if (hasDisplay && hasOpener) spawn('xdg-open', [page], { detached: true, stdio: 'ignore' }).unref();
else console.log(hasDisplay ? 'xdg-open is missing: open the page in a browser.' : 'No display here: open the page in a browser elsewhere.');
