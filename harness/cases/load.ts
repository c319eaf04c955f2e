import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseFileSchema, type CaseFile } from './schema.ts';

/** A case file as loaded: its path, and its contents validated. */
export interface LoadedCaseFile extends CaseFile {
  path: string;
}

/** The environment variable that lists the case files of a run (JSON array of absolute paths). */
export const CASE_FILES_VARIABLE = 'COOKIE_HARNESS_CASE_FILES';
// The repository's own case files, which npm test runs.
const REPOSITORY_CASES = fileURLToPath(new URL('../../cases', import.meta.url));

/** The case files of this run: those CASE_FILES_VARIABLE lists (npm run cases), else every cases/*.json. */
export function caseFilePaths(): string[] {
  const listed = process.env[CASE_FILES_VARIABLE];
  if (listed) return JSON.parse(listed) as string[];
  return readdirSync(REPOSITORY_CASES)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(REPOSITORY_CASES, name));
}

/**
 * Reads and validates case files. Any invalid one fails the whole load, with one line per problem naming the
 * file, the case id (where the problem is inside a case) and the field: nothing runs from a half-valid set.
 */
export function loadCaseFiles(paths: string[]): LoadedCaseFile[] {
  const files: LoadedCaseFile[] = [];
  const problems: string[] = [];
  for (const file of paths) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    const parsed = caseFileSchema.safeParse(json);
    if (parsed.success) files.push({ path: file, ...parsed.data, hosts: parsed.data.hosts.map((host) => host.toLowerCase()) });
    else for (const issue of parsed.error.issues) problems.push(`${file}: ${where(json, issue.path)}: ${issue.message}`);
  }
  // A case is a matrix row: its id names one row across every file of the run.
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const { id } of file.cases) {
      if (seen.has(id)) problems.push(`${file.path}: case ${JSON.stringify(id)}, field id: also a case of ${seen.get(id)}`);
      seen.set(id, file.path);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid case file${problems.length > 1 ? 's' : ''}, nothing was run:\n${problems.join('\n')}`);
  return files;
}

/** `case "<id>", field steps[1].respond.url` for a problem inside a case, else `field hosts[0]`. */
function where(json: unknown, path: PropertyKey[]): string {
  const field = path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '') || '(the file)';
  const [top, index, ...rest] = path;
  if (top !== 'cases' || typeof index !== 'number') return `field ${field}`;
  const cases = (json as { cases?: unknown[] }).cases;
  const id = (cases?.[index] as { id?: unknown } | undefined)?.id;
  const inCase = rest.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '') || '(the case)';
  return `case ${typeof id === 'string' ? JSON.stringify(id) : `#${index + 1} (no id)`}, field ${inCase}`;
}
