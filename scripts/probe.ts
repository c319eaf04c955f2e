import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import { Command } from 'commander';
import { loadCaseFiles } from '../harness/cases/load.ts';
import { runCase, type CaseObservation, type ObservedCookie } from '../harness/cases/run-case.ts';
import { browserChoices } from '../harness/lanes/browser-choice.ts';
import { launchLane } from '../harness/lanes/launch.ts';
import type { Stated } from '../harness/lanes/visitor.ts';
import { makeTestCertificate } from '../harness/run/test-certificate.ts';
import { startCaseServer } from '../server/case-server.ts';
import { lineReasons, parseSetCookieLine } from './set-cookie-line.ts';

// npm run probe -- --set-cookie '<line>' …: what each installed engine does with these Set-Cookie lines.

const DEFAULT_FROM = 'https://site.example/';
// The other site that reaches the cookie's site, over the scheme of --from (an https page's requests to http would
// be blocked as mixed content, and never reach the server), and the ways it does.
const OTHER_HOST = 'elsewhere.example';
const CROSS_SITE_WAYS = ['link', 'form-post', 'image', 'fetch', 'iframe'] as const;
const WAYS = ['same-origin fetch', ...CROSS_SITE_WAYS.map((way) => `cross-site ${way}`)];
// The path of each way's request, which tells the browser's statements about it from the others'.
const WAY_PATHS = ['/probe/same-origin-fetch', ...CROSS_SITE_WAYS.map((way) => `/probe/cross-site-${way}`)];
// Lanes whose store cannot tell a partitioned cookie from another: their `partitioned null` says nothing.
const PARTITIONS_UNREPORTED: Record<string, string> = {
  webkitwebdriver: "partitioned null: classic WebDriver's cookie has no partition field",
  'playwright-bidi': "partitioned null: Playwright over WebDriver BiDi lists a partitioned cookie without its key (the matrix's partition-key-reported row)",
};

const program = new Command('npm run probe --')
  .description('Sets the cookie in every installed engine and shows what each stored and where each sent it.')
  .requiredOption('--set-cookie <line>', 'a Set-Cookie value (repeat for several lines)', (line: string, lines: string[]) => [...lines, line], [] as string[])
  .option('--from <url>', 'the URL whose response sets the cookie', DEFAULT_FROM)
  .option('--project <name>', 'only this project (repeatable)', (name: string, names: string[]) => [...names, name], [] as string[])
  .option('--headed', 'show the browsers')
  .option('--json', 'print JSON instead of a table')
  .parse();
const options = program.opts<{ setCookie: string[]; from: string; project: string[]; headed?: boolean; json?: boolean }>();

/**
 * The case file of the probe, two cases run one after the other on one store: the cookie set at --from and the store
 * read, then where it is sent. What the browser said about its cookies by then was said on setting them.
 */
function probeCaseFile(from: URL) {
  const at = (pathname: string) => new URL(pathname, from).href;
  return {
    hosts: [...new Set([from.hostname, OTHER_HOST])],
    cases: [
      {
        id: 'probe-set',
        title: 'npm run probe: set and stored',
        steps: [{ respond: { url: from.href, status: 200, headers: options.setCookie.map((line) => `Set-Cookie: ${line}`) } }, { observe: { stored: {} } }],
      },
      {
        id: 'probe-sent',
        title: 'npm run probe: sent',
        steps: [
          { observe: { sent: { url: at(WAY_PATHS[0]!), by: 'fetch' } } },
          ...CROSS_SITE_WAYS.map((way, index) => ({ observe: { sent: { url: at(WAY_PATHS[index + 1]!), by: way, from: otherSite(from) } } })),
        ],
      },
    ],
  };
}

/** The page of the other site that makes the cross-site requests. */
function otherSite(from: URL): string {
  return `${from.protocol}//${OTHER_HOST}/page`;
}

interface ProbeResult {
  /** The browser as it names itself: `chromium 156.0.8078.79`. */
  browser: string;
  stored: ObservedCookie[];
  sent: Record<string, string | null>;
  /** What the browser itself said about the lines' cookies: on setting them (`stored`), and on each way's request. */
  stated: Record<string, Stated>;
  /** What became of each line in this lane, and why, as far as the line tells. */
  lines: LineOutcome[];
  /** Where the lane's store cannot tell a partitioned cookie, what its `partitioned: null` means. */
  partitions?: string;
}

interface LineOutcome {
  line: string;
  /** Refused: not in the store. Stored already expired: listed with its expiry past (and never sent, or the browser says where). */
  outcome: 'stored' | 'stored already expired' | 'refused';
  /** What the line and --from tell about it (RFC 6265bis), where anything does. */
  why: string[];
}

async function main(): Promise<number> {
  if (!URL.canParse(options.from)) throw new Error(`--from is not a URL: ${options.from}`);
  const all = browserChoices();
  const unknown = options.project.filter((name) => !Object.hasOwn(all, name));
  if (unknown.length > 0) throw new Error(`No such project: ${unknown.join(', ')}`);
  const choices = Object.entries(all).filter(([project]) => options.project.length === 0 || options.project.includes(project));

  const dir = mkdtempSync(path.join(os.tmpdir(), 'cookie-harness-probe-'));
  const caseFile = path.join(dir, 'probe.json');
  writeFileSync(caseFile, JSON.stringify(probeCaseFile(new URL(options.from)), null, 2));
  const results: Record<string, ProbeResult | string> = {};
  let certificate: Awaited<ReturnType<typeof makeTestCertificate>> | undefined;
  // Whatever fails from here on, the temporary case file, the certificate and the servers go.
  try {
    const files = loadCaseFiles([caseFile]);
    certificate = await makeTestCertificate(files[0]!.hosts);
    const tls = { cert: readFileSync(certificate.certFile, 'utf8'), key: readFileSync(certificate.keyFile, 'utf8') };
    // The engines run side by side, each against a case server of its own: a server hands the Cookie header of a
    // URL's next request to whoever waits for it, and a case's claims are the server's, so one shared by the engines
    // could give one engine's header as another's, or drop the response that sets the cookie under an engine's feet.
    await Promise.all(
      choices.map(async ([project, choice]) => {
        if (!choice.available) return void (results[project] = `not installed: ${choice.reason}`);
        let server: Awaited<ReturnType<typeof startCaseServer>> | undefined;
        try {
          server = await startCaseServer({ files, ...tls });
          results[project] = await probe(project, choice, server, files[0]!, new URL(options.from));
        } catch (error) {
          results[project] = `failed: ${(error as Error).message.split('\n')[0]}`;
        } finally {
          await server?.close();
        }
      }),
    );
  } finally {
    certificate?.remove();
    rmSync(dir, { recursive: true, force: true });
  }
  const ordered = Object.fromEntries(choices.map(([project]) => [project, results[project]!]));
  console.log(options.json ? JSON.stringify(ordered, null, 2) : table(ordered));
  return Object.values(ordered).some((result) => typeof result === 'string' && result.startsWith('failed')) ? 1 : 0;
}

async function probe(
  project: string,
  choice: Parameters<typeof launchLane>[1],
  server: Awaited<ReturnType<typeof startCaseServer>>,
  file: ReturnType<typeof loadCaseFiles>[number],
  from: URL,
): Promise<ProbeResult> {
  const browser = await launchLane(project, choice, { proxyURL: server.proxyURL, headed: options.headed, baseURL: options.from });
  try {
    const visitor = await browser.newVisitor();
    try {
      const context = { visitor, server, hosts: file.hosts, advance: () => {}, now: () => Date.now() };
      const set = Date.now();
      const [stored] = (await runCase(file.cases[0]!, context)) as [ObservedCookie[]];
      const cookies = [...new Set(options.setCookie.map((line) => parseSetCookieLine(line).name))];
      const stated: Record<string, Stated> = { stored: await visitor.statedAbout({ cookies }) };
      const sent = (await runCase(file.cases[1]!, context)) as CaseObservation[];
      for (const [index, way] of WAYS.entries()) stated[way] = await visitor.statedAbout({ cookies, url: WAY_PATHS[index]! });
      const result = { browser: visitor.browserVersion, stored, sent: Object.fromEntries(WAYS.map((way, index) => [way, sent[index] as string | null])), stated };
      const unreported = PARTITIONS_UNREPORTED[choice.driver] ?? (visitor.partitionKeys ? undefined : "partitioned null: this lane's store API has no partition field");
      return { ...result, lines: options.setCookie.map((line) => lineOutcome(line, result, from, set)), ...(unreported && { partitions: unreported }) };
    } finally {
      await visitor.close();
    }
  } finally {
    await browser.close();
  }
}

/** What became of a line in a lane: kept, kept already expired, or not in the store; and what the line tells of why. */
function lineOutcome(line: string, { stored, sent }: Pick<ProbeResult, 'stored' | 'sent'>, from: URL, set: number): LineOutcome {
  const { name } = parseSetCookieLine(line);
  const { refused, expired } = lineReasons(line, from, set);
  const kept = stored.find((cookie) => cookie.name === name);
  // Listed with an expiry past: below zero days, or none left (two places) of an expiry the line put in the past.
  if (kept && kept.expires !== null && (kept.expires < 0 || (kept.expires <= 0 && expired))) {
    const ways = WAYS.filter((way) => (sent[way] ?? '').split('; ').some((pair) => pair === name || pair.startsWith(`${name}=`)));
    return { line, outcome: 'stored already expired', why: [...(expired ? [expired] : []), ways.length === 0 ? 'listed by the store, sent nowhere' : `listed by the store, and sent all the same: ${ways.join(', ')}`] };
  }
  if (kept) return { line, outcome: 'stored', why: [...refused, ...(expired ? [expired] : [])] };
  return { line, outcome: 'refused', why: [...refused, ...(expired ? [`${expired}: a store drops it, or deletes a stored ${name || 'nameless cookie'} instead`] : [])] };
}

/** What the browser said, one line each: `Chromium: InvalidDomain`, `Chromium states no reason`, or why the lane cannot hear it. */
function statedLines(stated: Stated, browser: string): string[] {
  if ('unheard' in stated) return [`no reason heard: ${stated.unheard}`];
  const name = browser.charAt(0).toUpperCase() + browser.slice(1).split(' ')[0];
  return stated.reasons.length === 0 ? [`${name} states no reason`] : stated.reasons.map((reason) => `${name}: ${reason}`);
}

// The table keeps to the terminal (or to COLUMNS), else to this width.
const TABLE_WIDTH = 160;
const FIRST_COLUMN = 28;

/**
 * One column per project: what it stored, with every attribute its store reports, then what it sent each way, each
 * with what the browser said about it. What is true of a whole column (the same statement in every cell; what a
 * `partitioned: null` means there) is said once, under its name. Then what became of each line, and why.
 */
function table(results: Record<string, ProbeResult | string>): string {
  const notInstalled = Object.entries(results).filter(([, result]) => typeof result === 'string' && result.startsWith('not installed'));
  const projects = Object.keys(results).filter((project) => !notInstalled.some(([name]) => name === project));
  const rows = ['stored', ...WAYS];
  // A statement every cell of a column shares is the column's.
  const shared = Object.fromEntries(
    projects.map((project) => {
      const result = results[project]!;
      if (typeof result === 'string') return [project, undefined];
      const texts = new Set(rows.map((row) => statedLines(result.stated[row]!, result.browser).join('\n')));
      return [project, texts.size === 1 ? [...texts][0] : undefined];
    }),
  );
  const head = projects.map((project) => {
    const result = results[project]!;
    const partitions = typeof result !== 'string' && result.partitions && result.stored.some((cookie) => cookie.partitioned === null) ? [result.partitions] : [];
    return [project, ...(shared[project] ? [shared[project]] : []), ...partitions].join('\n');
  });
  const width = Math.max(FIRST_COLUMN + projects.length * 24, process.stdout.columns ?? (Number(process.env.COLUMNS) || TABLE_WIDTH));
  const column = Math.max(22, Math.floor((width - FIRST_COLUMN) / Math.max(1, projects.length)) - 1);
  // No colours: the table is pasted into notes and READMEs.
  const output = new Table({ head: ['', ...head], colWidths: [FIRST_COLUMN, ...projects.map(() => column)], wordWrap: true, style: { head: [], border: [] } });
  const cell = (project: string, row: string, read: (result: ProbeResult) => string) => {
    const result = results[project]!;
    if (typeof result === 'string') return result;
    return [read(result), ...(shared[project] ? [] : statedLines(result.stated[row]!, result.browser))].join('\n');
  };
  output.push({ stored: projects.map((project) => cell(project, 'stored', ({ stored }) => (stored.length === 0 ? 'nothing' : stored.map(describeCookie).join('\n\n')))) });
  for (const way of WAYS) output.push({ [`sent: ${way}`]: projects.map((project) => cell(project, way, ({ sent }) => sent[way] ?? 'no Cookie header')) });
  const skipped = notInstalled.map(([project, why]) => `${project}: ${why}`);
  return [`Set-Cookie: ${options.setCookie.join('\nSet-Cookie: ')}`, `set by ${options.from}; the other site is ${new URL(otherSite(new URL(options.from))).origin}`, output.toString(), ...outcomes(results), ...skipped].join('\n');
}

/** Each line, and what became of it in the engines that ran, grouped: `refused by chromium, firefox: <why>`. */
function outcomes(results: Record<string, ProbeResult | string>): string[] {
  const ran = Object.entries(results).filter((entry): entry is [string, ProbeResult] => typeof entry[1] !== 'string');
  if (ran.length === 0) return [];
  return options.setCookie.flatMap((line, index) => {
    const groups = new Map<string, string[]>();
    for (const [project, result] of ran) {
      const { outcome, why } = result.lines[index]!;
      const said = why.length > 0 ? `: ${why.join('; ')}` : outcome === 'refused' ? ': the line itself does not tell why (see what each engine states)' : '';
      const key = `${outcome}${outcome === 'stored' && why.length > 0 ? ', although' : ''}${said}`;
      groups.set(key, [...(groups.get(key) ?? []), project]);
    }
    return [`Set-Cookie: ${line}`, ...[...groups].map(([key, projects]) => `  ${key.replace(/^[^,:]*/, (outcome) => `${outcome} by ${projects.join(', ')}`)}`)];
  });
}

/** A stored cookie with every attribute as the store reports it (null: the store does not say). */
function describeCookie({ name, value, ...attributes }: ObservedCookie): string {
  const expires = attributes.expires === null ? 'session' : attributes.expires < 0 ? `${-attributes.expires} days ago` : `in ${attributes.expires} days`;
  return [`${name}=${value}`, `domain ${attributes.domain}`, `path ${attributes.path}`, `expires ${expires}`, `secure ${attributes.secure}`, `httpOnly ${attributes.httpOnly}`, `sameSite ${attributes.sameSite}`, `partitioned ${attributes.partitioned}`].join('\n');
}

process.exitCode = await main();
