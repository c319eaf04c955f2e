import { closeSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A length of time: `'30d'`, `'90s'`, `'-1m'`, or `{ days: 30, minutes: -1 }`. */
export type Duration =
  | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`
  | { days?: number; hours?: number; minutes?: number; seconds?: number; milliseconds?: number };

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
const UNIT_MS = { ms: 1, s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS } as const;

function toMilliseconds(duration: Duration): number {
  if (typeof duration === 'object') {
    const { days = 0, hours = 0, minutes = 0, seconds = 0, milliseconds = 0 } = duration;
    return days * UNIT_MS.d + hours * UNIT_MS.h + minutes * UNIT_MS.m + seconds * UNIT_MS.s + milliseconds;
  }
  const match = /^(-?\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`Not a duration: ${duration}`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/**
 * The wall clock of the browser processes launched with `env`: an offset file
 * that the preloaded clock library reads on every clock call.
 */
export class BrowserClock {
  readonly file: string;
  private offsetMs = 0;

  constructor(name: string) {
    this.file = path.join(os.tmpdir(), `cookie-harness-clock-${process.pid}-${name}`);
    writeFileSync(this.file, Buffer.alloc(8));
  }

  /** Environment that makes a launched process follow this clock. */
  env(library: string): Record<string, string> {
    return { LD_PRELOAD: library, CLOCKSHIFT_FILE: this.file };
  }

  /** Moves the browser's clock forward (or back, with a negative duration). */
  advance(duration: Duration): void {
    this.write(this.offsetMs + toMilliseconds(duration));
  }

  /** Sets the browser's clock to an instant (milliseconds since the epoch); it runs on from there. */
  setTo(instantMs: number): void {
    this.write(instantMs - Date.now());
  }

  /** Puts the browser's clock back to real time. */
  reset(): void {
    this.write(0);
  }

  /** Whether the browser's clock is off real time. */
  get moved(): boolean {
    return this.offsetMs !== 0;
  }

  /** The time the browser sees now, in milliseconds since the epoch. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  dispose(): void {
    rmSync(this.file, { force: true });
  }

  // Rewrites the 8 bytes in place: the browsers map this file, so it is never truncated or replaced.
  private write(offsetMs: number): void {
    const wholeMs = Math.round(offsetMs);
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64LE(BigInt(wholeMs));
    const handle = openSync(this.file, 'r+');
    try {
      writeSync(handle, bytes, 0, 8, 0);
    } finally {
      closeSync(handle);
    }
    this.offsetMs = wholeMs;
  }
}
