import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { BrowserClock, DAY_MS } from '../../harness/clock/browser-clock.ts';
import { builtClockLibrary } from '../../harness/clock/clock-library.ts';

// Time between reading Date.now() here and in the child process.
const ROUND_TRIP_MS = 5_000;

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
