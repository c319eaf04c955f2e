import { setTimeout as delay } from 'node:timers/promises';

const POLL_MS = 20;

/**
 * Asks `check` every few milliseconds until it answers with something other than undefined or false, and returns
 * that answer. Once `timeoutMs` has passed it throws `${failure} within ${timeoutMs} ms`; an error `check` throws
 * ends the wait at once.
 */
export async function waitUntil<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, failure: string): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const answer = await check();
    if (answer !== undefined && answer !== false) return answer;
    if (performance.now() > deadline) throw new Error(`${failure} within ${timeoutMs} ms`);
    await delay(POLL_MS);
  }
}
