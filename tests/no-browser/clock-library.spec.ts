import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { BrowserClock, DAY_MS } from '../../harness/clock/browser-clock.ts';
import { builtClockLibrary } from '../../harness/clock/clock-library.ts';

// Time between reading Date.now() here and in the child process.
const ROUND_TRIP_MS = 5_000;
// What three waits of 100 ms may take on a loaded machine; a wait lengthened by the clock's offset takes days.
const WAITS_LIMIT_MS = 15_000;

// Node's Date.now() reads the same wall clock as the browsers, so a Node child proves the library without a browser.
test('should shift Date.now() in a process that preloads the clock library, and follow the file', async () => {
  const library = builtClockLibrary();
  test.skip(!library.available, `the clock library cannot run here: ${library.available || library.reason}`);
  const clock = new BrowserClock('unit');
  // The child prints Date.now() for every line it reads. Its environment is clean: the runner's NODE_OPTIONS would load into it.
  const child = spawn(process.execPath, ['-e', "require('readline').createInterface({ input: process.stdin }).on('line', () => console.log(Date.now()))"], {
    env: { PATH: process.env.PATH, ...clock.env(library.available ? library.path : '') },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const childNow = async () => {
    child.stdin!.write('\n');
    return Number((await lines.next()).value);
  };

  try {
    expect(Math.abs((await childNow()) - Date.now())).toBeLessThan(ROUND_TRIP_MS);

    clock.advance('1d');
    expect(Math.abs((await childNow()) - (Date.now() + DAY_MS))).toBeLessThan(ROUND_TRIP_MS);

    clock.advance({ days: 29 });
    expect(Math.abs((await childNow()) - (Date.now() + 30 * DAY_MS))).toBeLessThan(ROUND_TRIP_MS);
  } finally {
    child.kill();
    await once(child, 'exit');
    clock.dispose();
  }
});

// A wait until a deadline on the moved wall clock must last its real length: 100 ms, not 100 ms plus the offset.
// Otherwise WebKit's processes, which wait so with a timeout, hung while the clock was ahead.
test('should keep waits until a wall-clock deadline at their real length, the clock moved ahead or back', async () => {
  const library = builtClockLibrary();
  test.skip(!library.available, `the clock library cannot run here: ${library.available || library.reason}`);
  const program = path.join(mkdtempSync(path.join(os.tmpdir(), 'cookie-harness-clock-waits-')), 'clock-waits');
  const compiled = spawnSync(process.env.CC ?? 'cc', ['-O2', '-o', program, path.join(import.meta.dirname, 'clock-waits.c'), '-lpthread'], { encoding: 'utf8' });
  expect(compiled.status, compiled.stderr).toBe(0);
  const clock = new BrowserClock('waits');
  try {
    for (const move of ['30d', { days: -30, hours: -1 }, { days: 5000 }] as const) {
      clock.advance(move);
      const run = spawnSync(program, { env: clock.env(library.available ? library.path : ''), encoding: 'utf8', timeout: WAITS_LIMIT_MS });
      expect(run.signal, `three waits of 100 ms, the clock moved ${JSON.stringify(move)}, still waited after ${WAITS_LIMIT_MS} ms`).toBeNull();
      expect(run.stdout).toBe('wall-clock condition: timed out\nmonotonic condition: timed out\nsemaphore: timed out\n');
    }
  } finally {
    clock.dispose();
    rmSync(path.dirname(program), { recursive: true, force: true });
  }
});
