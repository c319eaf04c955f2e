import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { spawnGroup, stopGroup } from '../processes/process-groups.ts';
import { whyNoAnswer } from './reachability.ts';
import type { TestCertificate } from './test-certificate.ts';

/**
 * The environment variables that carry the server's URLs to the workers (which read them in playwright.config.ts),
 * one per scheme the server listens on. The harness waits until the server has printed a URL for each.
 */
export const SERVER_URL_VARIABLES = { http: 'COOKIE_HARNESS_BASE_URL', https: 'COOKIE_HARNESS_HTTPS_URL' } as const;

// The secret the suite signs cookies with; the signed-cookie specs do not depend on its value.
const COOKIE_SECRET = 'cookie-harness-test-secret';
const START_TIMEOUT_MS = 30_000;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// server/main.ts prints one such line per listener once it accepts connections.
const LISTENING_LINE = /listening on (https?):\/\/(\S+)/;

/**
 * Starts server/main.ts in a process group of its own, on PORT when set (it fails if PORT is taken) or else on a
 * free port, and publishes its URLs in SERVER_URL_VARIABLES. Returns the function that ends it; if the run is
 * interrupted, the exit hook of child-processes.ts ends it instead. With BASE_URL set, starts nothing.
 */
export async function startServerUnderTest({ certFile, keyFile }: TestCertificate): Promise<() => Promise<void>> {
  if (process.env.BASE_URL) return useRunningServer(process.env.BASE_URL);
  let server: ChildProcess | undefined;
  try {
    server = spawnGroup(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: process.env.PORT ?? '0', HTTPS_PORT: process.env.HTTPS_PORT ?? '0', TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile, COOKIE_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const urls = await listeningURLs(server);
    for (const [scheme, variable] of Object.entries(SERVER_URL_VARIABLES)) process.env[variable] = urls.get(scheme);
    console.log(`  server under test: ${[...urls.values()].join(', ')}`);
    return () => stopGroup(server!);
  } catch (error) {
    if (server) await stopGroup(server);
    throw error;
  }
}

/**
 * With BASE_URL, the specs visit a server that is already running (a deployment, or npm start): nothing to start.
 * BASE_URL_HTTPS gives the same server over HTTPS. The run stops before the first test, with one line, when a URL
 * is not a URL of its scheme or does not answer.
 */
async function useRunningServer(baseURL: string): Promise<() => Promise<void>> {
  const httpsURL = process.env.BASE_URL_HTTPS;
  if (!URL.canParse(baseURL)) throw runStops(`BASE_URL is not a URL: ${baseURL}`);
  if (httpsURL !== undefined && !(URL.canParse(httpsURL) && new URL(httpsURL).protocol === 'https:')) throw runStops(`BASE_URL_HTTPS is not an https: URL: ${httpsURL}`);
  if (httpsURL !== undefined && new URL(baseURL).protocol !== 'http:') throw runStops(`With BASE_URL_HTTPS, BASE_URL is the server over HTTP, not ${baseURL}`);
  for (const [variable, url] of [['BASE_URL', baseURL], ['BASE_URL_HTTPS', httpsURL]] as const) {
    const why = url === undefined ? undefined : await whyNoAnswer(url);
    if (why) throw runStops(`${variable} ${url} does not answer (${why}): start the server, or set ${variable} to where it runs.`);
  }
  process.env[SERVER_URL_VARIABLES.http] = baseURL;
  if (httpsURL) process.env[SERVER_URL_VARIABLES.https] = httpsURL;
  console.log(`  server under test: ${[baseURL, httpsURL].filter(Boolean).join(', ')} (BASE_URL${httpsURL ? ', BASE_URL_HTTPS' : ''}; not started by this run)`);
  return async () => {};
}

/** An error that Playwright prints as one line: what the user must fix, where a stack and code frame would only distract. */
function runStops(message: string): Error {
  const error = new Error(message);
  error.stack = '';
  return error;
}

/** Reads the server's output until it has printed a URL for every scheme; later errors are passed on to ours. */
function listeningURLs(server: ChildProcess): Promise<Map<string, string>> {
  const wanted = Object.keys(SERVER_URL_VARIABLES);
  const urls = new Map<string, string>();
  const errors: string[] = [];
  let started = false;
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`The server under test did not start (${why})${errors.length ? `: ${errors.join('\n')}` : ''}`));
    const timer = setTimeout(() => fail(`no URL printed within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    server.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(`exit ${code ?? signal}`);
    });
    server.once('error', (error) => {
      clearTimeout(timer);
      fail(error.message);
    });
    createInterface({ input: server.stderr! }).on('line', (line) => {
      if (started) console.error(`[server under test] ${line}`);
      else errors.push(line);
    });
    createInterface({ input: server.stdout! }).on('line', (line) => {
      const match = LISTENING_LINE.exec(line);
      if (match) urls.set(match[1]!, `${match[1]}://${match[2]}`);
      if (!started && wanted.every((scheme) => urls.has(scheme))) {
        started = true;
        clearTimeout(timer);
        resolve(urls);
      }
    });
  });
}
