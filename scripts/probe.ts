import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import { Command } from 'commander';
import { loadCaseFiles } from '../harness/cases/load.ts';
import { runCase, type CaseObservation, type ObservedCookie } from '../harness/cases/run-case.ts';
import { browserChoices } from '../harness/lanes/browser-choice.ts';
import { launchLane } from '../harness/lanes/launch.ts';
import { makeTestCertificate } from '../harness/run/test-certificate.ts';
import { startCaseServer } from '../server/case-server.ts';

// npm run probe -- --set-cookie '<line>' …: what each installed engine does with these Set-Cookie lines.

const DEFAULT_FROM = 'https://site.example/';
// The other site that reaches the cookie's site, and the ways it does.
const OTHER_SITE = 'https://elsewhere.example/page';
const CROSS_SITE_WAYS = ['link', 'form-post', 'image', 'fetch', 'iframe'] as const;
const WAYS = ['same-origin fetch', ...CROSS_SITE_WAYS.map((way) => `cross-site ${way}`)];

const program = new Command('npm run probe --')
  .description('Sets the cookie in every installed engine and shows what each stored and where each sent it.')
  .requiredOption('--set-cookie <line>', 'a Set-Cookie value (repeat for several lines)', (line: string, lines: string[]) => [...lines, line], [] as string[])
  .option('--from <url>', 'the URL whose response sets the cookie', DEFAULT_FROM)
  .option('--project <name>', 'only this project (repeatable)', (name: string, names: string[]) => [...names, name], [] as string[])
  .option('--headed', 'show the browsers')
  .option('--json', 'print JSON instead of a table')
  .parse();
const options = program.opts<{ setCookie: string[]; from: string; project: string[]; headed?: boolean; json?: boolean }>();

/** The case file of the probe: one case, the cookie set at --from, then its store and where it is sent. */
function probeCaseFile(from: URL) {
  const at = (pathname: string) => new URL(pathname, from).href;
  return {
    hosts: [...new Set([from.hostname, new URL(OTHER_SITE).hostname])],
    cases: [
      {
        id: 'probe',
        title: 'npm run probe',
        steps: [
          { respond: { url: from.href, status: 200, headers: options.setCookie.map((line) => `Set-Cookie: ${line}`) } },
          { observe: { stored: {} } },
          { observe: { sent: { url: at('/probe/same-origin-fetch'), by: 'fetch' } } },
          ...CROSS_SITE_WAYS.map((way) => ({ observe: { sent: { url: at(`/probe/cross-site-${way}`), by: way, from: OTHER_SITE } } })),
        ],
      },
    ],
  };
}

interface ProbeResult {
  stored: ObservedCookie[];
  sent: Record<string, string | null>;
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
  let server: Awaited<ReturnType<typeof startCaseServer>> | undefined;
  // Whatever fails from here on, the temporary case file, the certificate and the server go.
  try {
    const files = loadCaseFiles([caseFile]);
    certificate = await makeTestCertificate(files[0]!.hosts);
    server = await startCaseServer({ files, cert: readFileSync(certificate.certFile, 'utf8'), key: readFileSync(certificate.keyFile, 'utf8') });
    const started = server;
    // The engines run side by side: a probe waits for the slowest launch, not for their sum.
    await Promise.all(
      choices.map(async ([project, choice]) => {
        if (!choice.available) return void (results[project] = `not installed: ${choice.reason}`);
        try {
          results[project] = await probe(project, choice, started, files[0]!);
        } catch (error) {
          results[project] = `failed: ${(error as Error).message.split('\n')[0]}`;
        }
      }),
    );
  } finally {
    await server?.close();
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
): Promise<ProbeResult> {
  const browser = await launchLane(project, choice, { proxyURL: server.proxyURL, headed: options.headed, baseURL: options.from });
  try {
    const visitor = await browser.newVisitor();
    try {
      const [stored, ...sent] = (await runCase(file.cases[0]!, { visitor, server, hosts: file.hosts, advance: () => {}, now: () => Date.now() })) as [ObservedCookie[], ...CaseObservation[]];
      return { stored, sent: Object.fromEntries(WAYS.map((way, index) => [way, sent[index] as string | null])) };
    } finally {
      await visitor.close();
    }
  } finally {
    await browser.close();
  }
}

/** One column per project: what it stored, with every attribute its store reports, then what it sent each way. */
function table(results: Record<string, ProbeResult | string>): string {
  const notInstalled = Object.entries(results).filter(([, result]) => typeof result === 'string' && result.startsWith('not installed'));
  const projects = Object.keys(results).filter((project) => !notInstalled.some(([name]) => name === project));
  // No colours: the table is pasted into notes and READMEs.
  const output = new Table({ head: ['', ...projects], wordWrap: true, style: { head: [], border: [] } });
  const cell = (project: string, read: (result: ProbeResult) => string) => {
    const result = results[project]!;
    return typeof result === 'string' ? result : read(result);
  };
  output.push({ stored: projects.map((project) => cell(project, ({ stored }) => (stored.length === 0 ? 'nothing' : stored.map(describeCookie).join('\n\n')))) });
  for (const way of WAYS) output.push({ [`sent: ${way}`]: projects.map((project) => cell(project, ({ sent }) => sent[way] ?? 'no Cookie header')) });
  const skipped = notInstalled.map(([project, why]) => `${project}: ${why}`);
  return [`Set-Cookie: ${options.setCookie.join('\nSet-Cookie: ')}`, `set by ${options.from}; the other site is ${new URL(OTHER_SITE).origin}`, output.toString(), ...skipped].join('\n');
}

/** A stored cookie with every attribute as the store reports it (null: the store does not say). */
function describeCookie({ name, value, ...attributes }: ObservedCookie): string {
  const expires = attributes.expires === null ? 'session' : `in ${attributes.expires} days`;
  return [`${name}=${value}`, `domain ${attributes.domain}`, `path ${attributes.path}`, `expires ${expires}`, `secure ${attributes.secure}`, `httpOnly ${attributes.httpOnly}`, `sameSite ${attributes.sameSite}`, `partitioned ${attributes.partitioned}`].join('\n');
}

process.exitCode = await main();
