import type { Readable } from 'node:stream';
import { findOnPath } from '../processes/find-program.ts';
import { spawnGroup, stopGroup } from '../processes/process-groups.ts';

const START_TIMEOUT_MS = 10_000;

/** Where a lane that needs an X display shows its windows: an Xvfb it starts, or the user's display. */
export type DisplayPlan = { xvfb: string } | { userDisplay: string };

/**
 * The one rule for the X display, used by the availability check and by the lane alike: a headed run uses the user's
 * display (DISPLAY) when there is one; otherwise the lane starts Xvfb (found on PATH, as it is started), and without
 * Xvfb uses the user's display after all. Undefined: neither Xvfb nor DISPLAY.
 */
export function displayPlan(headed: boolean): DisplayPlan | undefined {
  const userDisplay = process.env.DISPLAY || undefined;
  if (headed && userDisplay) return { userDisplay };
  const xvfb = findOnPath('Xvfb');
  if (xvfb) return { xvfb };
  return userDisplay ? { userDisplay } : undefined;
}

/** A virtual X display for browsers that need one; Xvfb picks a free display number itself. */
export async function startXvfb(program: string): Promise<{ display: string; stop(): Promise<void> }> {
  // -displayfd: Xvfb writes the display number to file descriptor 3 once it accepts connections.
  const xvfb = spawnGroup(program, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
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
