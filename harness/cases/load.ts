import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Expectations } from '../matrix/expectations.ts';
import { caseFileSchema, type CaseFile, type Upstream } from './schema.ts';

/** A case file as loaded: its path, and its contents validated; its hosts, and its upstreams' hosts, lower case. */
export interface LoadedCaseFile extends Omit<CaseFile, 'upstreams'> {
  path: string;
  /** By case host: the server of your own that answers it (`upstreams`). */
  upstreams: ReadonlyMap<string, Upstream>;
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
    // JSON.parse keeps a "__proto__" key as a field of its own, which a schema's record would drop without a word.
    const prototypeKeys = keysNamedProto(json);
    for (const key of prototypeKeys) problems.push(`${file}: ${where(json, key)}: "__proto__" is no name a case file can use`);
    if (prototypeKeys.length > 0) continue;
    const parsed = caseFileSchema.safeParse(json);
    if (parsed.success) {
      const upstreams = new Map(Object.entries(parsed.data.upstreams ?? {}).map(([host, upstream]) => [host.toLowerCase(), upstream]));
      files.push({ path: file, ...parsed.data, hosts: parsed.data.hosts.map((host) => host.toLowerCase()), upstreams });
    } else for (const issue of parsed.error.issues) problems.push(`${file}: ${where(json, issue.path)}: ${issue.message}`);
  }
  // A case is a matrix row: its id names one row across every file of the run.
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const { id } of file.cases) {
      if (seen.has(id)) problems.push(`${file.path}: case ${JSON.stringify(id)}, field id: also a case of ${seen.get(id)}`);
      seen.set(id, file.path);
    }
  }
  // The files of a run share one case server: a host is an upstream's in all of them, or in none.
  const upstreamOf = new Map<string, { file: string; upstream: string }>();
  for (const file of files) {
    for (const [host, upstream] of file.upstreams) {
      const text = JSON.stringify(upstream);
      const other = upstreamOf.get(host);
      if (other && other.upstream !== text) problems.push(`${file.path}: field upstreams.${host}: ${other.file} gives ${host} the upstream ${other.upstream}`);
      if (!other) upstreamOf.set(host, { file: file.path, upstream: text });
    }
  }
  for (const file of files) {
    for (const one of file.cases) {
      one.steps.forEach((step, index) => {
        const host = step.respond && new URL(step.respond.url).hostname;
        const upstream = host === undefined ? undefined : upstreamOf.get(host);
        if (upstream && upstream.file !== file.path) problems.push(`${file.path}: case ${JSON.stringify(one.id)}, field steps[${index}].respond.url: ${host} is an upstream in ${upstream.file}, which answers it in this run`);
      });
    }
  }
  if (problems.length > 0) throw new Error(`Invalid case file${problems.length > 1 ? 's' : ''}, nothing was run:\n${problems.join('\n')}`);
  return files;
}

/** The paths of every "__proto__" key in a JSON value. */
function keysNamedProto(json: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (typeof json !== 'object' || json === null) return [];
  return Object.keys(json).flatMap((key) => [
    ...(key === '__proto__' ? [[...path, key]] : []),
    ...keysNamedProto((json as Record<string, unknown>)[key], [...path, Array.isArray(json) ? Number(key) : key]),
  ]);
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

/**
 * The run's case files (loadCaseFiles), and the expectation files checked against them (a case's id declares a row;
 * a case judged by its own `expect` has no entry in expectations/): what a run checks before anything runs. A problem
 * throws one message that names the file, and nothing else: no code frame, no stack.
 */
export function loadRunFiles(paths: string[]): LoadedCaseFile[] {
  try {
    const files = loadCaseFiles(paths);
    Expectations.load(undefined, files.map((file) => file.path));
    return files;
  } catch (error) {
    const message = new Error((error as Error).message);
    message.stack = '';
    throw message;
  }
}
