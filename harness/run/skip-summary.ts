import type { FullConfig, Reporter, Suite } from '@playwright/test/reporter';

/**
 * Ends the terminal output with why tests were skipped: one line per reason, with how many tests it skipped.
 * Beside the terminal reporter (list, or dot on CI), which gives the tests but not the reasons.
 */
export default class SkipSummaryReporter implements Reporter {
  private suite?: Suite;

  onBegin(_config: FullConfig, suite: Suite): void {
    this.suite = suite;
  }

  onEnd(): void {
    const counts = new Map<string, number>();
    for (const test of this.suite!.allTests()) {
      // A test that never started (an interrupted run) has no result: it was not skipped for a reason.
      const last = test.results.at(-1);
      if (last?.status !== 'skipped') continue;
      const reason = last.annotations.find(({ type }) => type === 'skip' || type === 'fixme')?.description ?? 'no reason given';
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    if (counts.size === 0) return;
    const width = String(Math.max(...counts.values())).length;
    const lines = [...counts].sort(([, a], [, b]) => b - a).map(([reason, count]) => `  ${String(count).padStart(width)}  ${reason}`);
    console.log(`\nSkipped, by reason:\n${lines.join('\n')}`);
  }

  // Not a terminal reporter: alone (--reporter=<this file>), Playwright adds its line or dot reporter beside it.
  printsToStdio(): boolean {
    return false;
  }
}
