import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { waitUntil } from './wait-until.ts';

const LISTEN_STATE = '0A';

/**
 * Waits until the process listens on a TCP port and returns it. Linux only: it reads /proc.
 * This is how a driver started with --port=0 (which prints nothing) tells its port without a race.
 */
export function waitForListeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return waitUntil(
    () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the process exited (${child.exitCode ?? child.signalCode}) before it listened`);
      return listeningPorts(child.pid!)[0];
    },
    timeoutMs,
    'the process did not listen on a port',
  );
}

function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]!);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
      // Columns: sl, local address (hex ADDR:PORT), remote address, state, ..., inode (10th).
      const columns = row.trim().split(/\s+/);
      if (columns[3] === LISTEN_STATE && inodes.has(columns[9]!)) ports.push(parseInt(columns[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}
