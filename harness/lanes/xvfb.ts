import type { Readable } from 'node:stream';
import { spawnGroup, stopGroup } from '../processes/process-groups.ts';

const START_TIMEOUT_MS = 10_000;

/** A virtual X display for browsers that need one; Xvfb picks a free display number itself. */
export async function startXvfb(): Promise<{ display: string; stop(): Promise<void> }> {
  // -displayfd: Xvfb writes the display number to file descriptor 3 once it accepts connections.
  const xvfb = spawnGroup('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  xvfb.stderr!.on('data', (chunk) => (stderr += chunk));
  try {
    const display = await new Promise<string>((resolve, reject) => {
      let written = '';
      (xvfb.stdio[3] as Readable).on('data', (chunk) => {
        written += chunk;
        const match = /^(\d+)\n/.exec(written);
        if (match) resolve(`:${match[1]}`);
      });
      xvfb.once('error', reject);
      xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with code ${code}: ${stderr}`)));
      setTimeout(() => reject(new Error(`Xvfb did not start within ${START_TIMEOUT_MS} ms: ${stderr}`)), START_TIMEOUT_MS).unref();
    });
    return { display, stop: () => stopGroup(xvfb) };
  } catch (error) {
    await stopGroup(xvfb);
    throw error;
  }
}
