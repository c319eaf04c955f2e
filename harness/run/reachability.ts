import http from 'node:http';
import https from 'node:https';

const ANSWER_TIMEOUT_MS = 10_000;

/**
 * Why a GET of the URL gets no HTTP answer (refused, unknown host, no answer in time), or undefined when it gets
 * one, whatever its status. The certificate is not checked: the browsers are told to accept it (playwright.config.ts).
 */
export function whyNoAnswer(url: string): Promise<string | undefined> {
  const get = url.startsWith('https:') ? https.get : http.get;
  return new Promise((resolve) => {
    const request = get(url, { rejectUnauthorized: false, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) }, (response) => {
      response.resume();
      resolve(undefined);
    });
    request.on('error', (error) => resolve(describe(error)));
  });
}

function describe(error: Error): string {
  if (error.name === 'AbortError') return `no answer within ${ANSWER_TIMEOUT_MS / 1000} s`;
  // Node tries each address of a name (::1, then 127.0.0.1 for localhost) and reports every failure.
  if (error instanceof AggregateError) return error.errors.map((each: Error) => each.message).join(', ');
  return error.message;
}
