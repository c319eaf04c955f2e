import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// What server/main.ts prints once it accepts connections (PORT=0: the port the system gave it).
const LISTENING_LINE = /listening on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 30_000;

/**
 * The server as a user starts it, in a process group of its own so that the test can end whatever is left of it:
 * `npm start` is npm, which runs `exec node ...` in a shell that becomes the server. On a free port, over HTTP only;
 * the runner's NODE_OPTIONS stay out of it.
 */
function startServer(command: string, args: string[]): ChildProcess {
  const { NODE_OPTIONS: _nodeOptions, TLS_CERT_FILE: _cert, TLS_KEY_FILE: _key, ...env } = process.env;
  return spawn(command, args, { cwd: ROOT, detached: true, env: { ...env, PORT: '0', HOST: '127.0.0.1', COOKIE_SECRET: 'server-signals-test' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The URL the server prints, or the reason it printed none (it exited, or stayed silent too long). */
async function listeningURL(server: ChildProcess): Promise<string> {
  const output: string[] = [];
  createInterface({ input: server.stderr! }).on('line', (line) => output.push(line));
  const lines = createInterface({ input: server.stdout! });
  const exited = once(server, 'exit').then(([code, signal]) => {
    throw new Error(`the server exited (${code ?? signal}) before it listened: ${output.join('\n')}`);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the server printed no URL within ${START_TIMEOUT_MS} ms: ${output.join('\n')}`)), START_TIMEOUT_MS);
  });
  const printed = (async () => {
    for await (const line of lines) {
      output.push(line);
      const match = LISTENING_LINE.exec(line);
      if (match) return match[1]!;
    }
    throw new Error(`the server's output ended before it listened: ${output.join('\n')}`);
  })();
  try {
    return await Promise.race([printed, exited, timeout]);
  } finally {
    clearTimeout(timer);
    exited.catch(() => {});
  }
}

/** Whatever is left of the server's process group is killed; a group already gone is fine. */
async function killGroup(server: ChildProcess): Promise<void> {
  const running = server.exitCode === null && server.signalCode === null;
  const exited = running ? once(server, 'exit') : undefined;
  try {
    process.kill(-server.pid!, 'SIGKILL');
  } catch {
    // The group has ended.
  }
  await exited;
}

// A server that was told to stop ends after closing its listeners, then dies of the signal it got, as servers do:
// Node reports that as `signal` with `code` null, and a shell as status 128 + n (130 for SIGINT, 143 for SIGTERM).
// Ending with 0 would tell a supervisor (systemd, a container runtime, a CI step) that it finished on its own.
const STARTS = [
  { how: 'npm start', command: 'npm', args: ['start'] },
  { how: 'node --import tsx server/main.ts', command: process.execPath, args: ['--import', 'tsx', 'server/main.ts'] },
];

for (const { how, command, args } of STARTS) {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${how} ends with ${signal} (shell status ${128 + constants.signals[signal]}) after it closed, holding an idle connection`, async () => {
      const server = startServer(command, args);
      try {
        const url = await listeningURL(server);
        // Node's fetch keeps its connection open: the server must close it rather than wait for it.
        expect((await fetch(url)).status).toBe(200);
        const exited = once(server, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
        // npm passes the signal on to the server, as a terminal's Ctrl-C or a supervisor's stop reaches both.
        server.kill(signal);
        const [code, endedBy] = await exited;
        expect({ code, signal: endedBy }).toEqual({ code: null, signal });
        await expect(fetch(url)).rejects.toThrow();
      } finally {
        await killGroup(server);
      }
    });
  }
}
