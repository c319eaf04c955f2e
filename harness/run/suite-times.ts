import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Where the last run's times are kept, for npm run bench to print. */
export const SUITE_TIMES_FILE = 'build/suite-times.json';

/** One project's share of a run: from its first test's start to its last test's end, and its tests' own time. */
export interface ProjectTimes {
  wallMs: number;
  testsMs: number;
  tests: number;
}

/** A run's times, with what it ran under: when, how many workers, and the machine's load. */
export interface SuiteTimes {
  measuredAt: string;
  workers: number;
  cores: number;
  /** The one-minute load average at the start and at the end of the run. */
  loadAverage: [number, number];
  wallMs: number;
  /**
   * Where Linux's /proc tells: how busy the machine's cores were during the run (0 to 1), by anything it ran. On a
   * machine that runs nothing else, near 1 says the suite is bound by CPU: more workers cannot help. (The run's own
   * CPU time is not kept: a browser killed with its driver leaves its time to no parent of the run.)
   */
  machineBusy?: number;
  projects: Record<string, ProjectTimes>;
}

/** The machine's CPU ticks so far, all and idle (the first line of /proc/stat). */
function machineTicks(): { total: number; idle: number } {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // idle and iowait
  return { total: ticks.reduce((sum, tick) => sum + tick, 0), idle: ticks[3]! + ticks[4]! };
}

/** Undefined where there is no /proc to read (macOS, Windows). */
function fromProc<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Keeps the run's wall time, and each project's, in build/suite-times.json: the figure the benchmark prints beside
 * its per-test ratios. Prints nothing.
 */
export default class SuiteTimesReporter implements Reporter {
  private root = process.cwd();
  private workers = 1;
  private readonly loadAtStart = os.loadavg()[0]!;
  private readonly ticksAtStart = fromProc(machineTicks);
  private readonly spans = new Map<string, { start: number; end: number; testsMs: number; tests: number }>();

  onBegin(config: FullConfig): void {
    if (config.configFile) this.root = path.dirname(config.configFile);
    this.workers = config.workers;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'skipped') return;
    const project = test.parent.project()?.name ?? '';
    const start = result.startTime.getTime();
    const span = this.spans.get(project) ?? { start, end: start, testsMs: 0, tests: 0 };
    this.spans.set(project, { start: Math.min(span.start, start), end: Math.max(span.end, start + result.duration), testsMs: span.testsMs + result.duration, tests: span.tests + 1 });
  }

  onEnd(result: FullResult): void {
    if (this.spans.size === 0) return;
    const projects = Object.fromEntries([...this.spans].map(([name, { start, end, testsMs, tests }]) => [name, { wallMs: end - start, testsMs, tests }]));
    const [before, after] = [this.ticksAtStart, fromProc(machineTicks)];
    const machineBusy = before && after ? 1 - (after.idle - before.idle) / (after.total - before.total) : undefined;
    const times: SuiteTimes = {
      measuredAt: result.startTime.toISOString(),
      workers: this.workers,
      cores: os.availableParallelism(),
      loadAverage: [this.loadAtStart, os.loadavg()[0]!],
      wallMs: result.duration,
      ...(machineBusy !== undefined && { machineBusy }),
      projects,
    };
    mkdirSync(path.join(this.root, path.dirname(SUITE_TIMES_FILE)), { recursive: true });
    writeFileSync(path.join(this.root, SUITE_TIMES_FILE), `${JSON.stringify(times, null, 2)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
