import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SOURCE = path.join(import.meta.dirname, 'clockshift.c');
const CLOCK_LIBRARY = path.join(ROOT, 'build', 'libclockshift.so');

export type ClockLibrary = { available: true; path: string } | { available: false; reason: string };

const NOT_LINUX: ClockLibrary = { available: false, reason: `the clock library uses LD_PRELOAD, which only Linux has (this is ${process.platform})` };

/**
 * Builds the clock library with the system C compiler when it is missing or older than its source,
 * and says why not where it cannot work.
 */
export function buildClockLibrary(): ClockLibrary {
  if (process.platform !== 'linux') return NOT_LINUX;
  if (isFresh()) return { available: true, path: CLOCK_LIBRARY };
  mkdirSync(path.dirname(CLOCK_LIBRARY), { recursive: true });
  const compiler = process.env.CC ?? 'cc';
  const result = spawnSync(compiler, ['-O2', '-Wall', '-shared', '-fPIC', '-o', CLOCK_LIBRARY, SOURCE, '-ldl'], { encoding: 'utf8' });
  if (result.error) return { available: false, reason: `no C compiler to build the clock library (${compiler}: ${result.error.message}); install one, e.g. apt-get install gcc` };
  if (result.status !== 0) return { available: false, reason: `building the clock library failed:\n${result.stderr}` };
  return { available: true, path: CLOCK_LIBRARY };
}

/** The already built library, without building it: workers read what global setup built. */
export function builtClockLibrary(): ClockLibrary {
  if (process.platform !== 'linux') return NOT_LINUX;
  if (isFresh()) return { available: true, path: CLOCK_LIBRARY };
  return { available: false, reason: 'the clock library is not built (run npm run build:clock)' };
}

function isFresh(): boolean {
  try {
    return statSync(CLOCK_LIBRARY).mtimeMs >= statSync(SOURCE).mtimeMs;
  } catch {
    return false;
  }
}
