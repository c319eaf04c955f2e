import type { Visitor } from './visitor.ts';

const MARKER = 'cookie-harness-writes-landed';
// A limit no loaded machine reaches: the marker usually arrives on the first request.
const TIMEOUT_MS = 20_000;
let markers = 0;

/**
 * Waits until the browser's cookie store holds every cookie the shown page's script has written so far.
 *
 * A document.cookie write returns before the store has it (Chromium and WebKitGTK pass it to their network
 * process), and the store dates the cookie when it arrives: a clock moved in between makes a `max-age=60`
 * cookie live 60 s past the moved time. Writes from one page reach the store in order, so once a marker
 * cookie written now is in the store (the page's requests carry it), so is everything written before it.
 * The marker is then deleted the same way, and waited for, so that neither the page nor the store shows it.
 * It all runs in the page, in one call: each call to the browser costs more than the requests.
 *
 * `echoPath`, on the shown page's origin, answers JSON with the Cookie header it received, `{ "cookieHeader": … }`:
 * the server's `/echo`, or the case server's `/.cookie-harness/echo`.
 */
export async function waitForScriptCookieWrites(visitor: Visitor, echoPath: string): Promise<void> {
  const outcome = await visitor.run(
    async ({ name, value, echoPath, timeoutMs }) => {
      // A page that is not from a server (the blank page a visitor starts on) has no cookies to wait for.
      if (location.protocol !== 'http:' && location.protocol !== 'https:') return 'no cookies here';
      const deadline = performance.now() + timeoutMs;
      const storeHasMarker = async () => {
        const { cookieHeader } = (await (await fetch(echoPath, { cache: 'no-store', headers: { accept: 'application/json' } })).json()) as { cookieHeader: string | null };
        return (cookieHeader ?? '').split('; ').includes(`${name}=${value}`);
      };
      document.cookie = `${name}=${value}; path=/`;
      while (!(await storeHasMarker())) if (performance.now() > deadline) return 'the marker cookie never reached the store';
      document.cookie = `${name}=; path=/; max-age=0`;
      while (await storeHasMarker()) if (performance.now() > deadline) return 'the marker cookie was never deleted from the store';
      return 'landed';
    },
    { name: MARKER, value: String(++markers), echoPath, timeoutMs: TIMEOUT_MS },
  );
  if (outcome !== 'landed' && outcome !== 'no cookies here') throw new Error(`Waiting for the page's cookie writes to reach the store: ${outcome} within ${TIMEOUT_MS} ms`);
}
