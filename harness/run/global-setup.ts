import type { FullConfig, FullProject } from '@playwright/test';
import { buildClockLibrary } from '../clock/clock-library.ts';
import { describeChoice, type BrowserChoice } from '../lanes/browser-choice.ts';
import { CASE_FILES_VARIABLE, caseFilePaths, loadRunFiles } from '../cases/load.ts';
import { startServerUnderTest } from './server-under-test.ts';
import { CERTIFICATE_VARIABLES, makeTestCertificate } from './test-certificate.ts';

/**
 * Before the run: say which browser each project runs and which will not run (and how to install them),
 * build the clock library, fail when REQUIRE_BROWSERS names something that cannot run, and start the server
 * under test. Loads the run's case files (an invalid one stops the run here) and makes the run's certificate for
 * localhost, 127.0.0.1 and their hosts, for the server under test and the workers' case servers. Returns the
 * teardown that ends the server.
 */
export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const required = (process.env.REQUIRE_BROWSERS ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const problems: string[] = [];
  const lines = ['Browsers for this run:'];
  const browserProjects: FullProject[] = [];

  for (const project of config.projects) {
    const choice = (project.use as { browserChoice?: BrowserChoice }).browserChoice;
    if (!choice) continue;
    browserProjects.push(project);
    lines.push(describeChoice(project.name, choice));
    if (!choice.available && required.includes(project.name)) problems.push(`${project.name} is required by REQUIRE_BROWSERS but cannot run: ${choice.reason}`);
  }
  for (const name of required) {
    if (!config.projects.some((project) => project.name === name)) problems.push(`REQUIRE_BROWSERS names "${name}", which is not a project`);
  }

  // config.workers is the most the run may use: fewer tests than that take fewer.
  lines.push(`  ${headedOrHeadless(browserProjects)}, ${config.workers === 1 ? '1 worker' : `up to ${config.workers} workers`}`);

  const clock = buildClockLibrary();
  lines.push(clock.available ? `  browser clock: ${clock.path}` : `  browser clock NOT AVAILABLE, the expiry specs will not run: ${clock.reason}`);
  if (!clock.available && required.length > 0) problems.push(`the browser clock is required with REQUIRE_BROWSERS but cannot run: ${clock.reason}`);

  // A case or expectation file that fails its load stops the run here, with its own message only.
  const caseFiles = loadRunFiles(caseFilePaths());
  process.env[CASE_FILES_VARIABLE] = JSON.stringify(caseFiles.map((file) => file.path));
  lines.push(`  case files: ${caseFiles.length} (${caseFiles.reduce((sum, file) => sum + file.cases.length, 0)} cases)`);

  console.log(lines.join('\n'));
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const certificate = await makeTestCertificate(caseFiles.flatMap((file) => file.hosts));
  process.env[CERTIFICATE_VARIABLES.cert] = certificate.certFile;
  process.env[CERTIFICATE_VARIABLES.key] = certificate.keyFile;
  try {
    const stopServer = await startServerUnderTest(certificate);
    return async () => {
      await stopServer();
      certificate.remove();
    };
  } catch (error) {
    certificate.remove();
    throw error;
  }
}

/** Headed or headless, decided as Playwright's headless fixture does: use.headless (which --headed sets), then launchOptions. */
function headedOrHeadless(projects: FullProject[]): string {
  const modes = projects.map(({ name, use }) => ({ name, mode: (use.headless ?? use.launchOptions?.headless ?? true) ? 'headless' : 'headed' }));
  if (new Set(modes.map(({ mode }) => mode)).size <= 1) return modes[0]?.mode ?? 'headless';
  return modes.map(({ name, mode }) => `${name} ${mode}`).join(', ');
}
