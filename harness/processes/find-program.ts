import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The program a shell would run for `name`: the first executable of that name in PATH's folders; undefined if none. */
export function findOnPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}
