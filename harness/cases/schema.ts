import { z } from 'zod';
import { ENGINES } from '../lanes/engines.ts';
import { matches } from '../matrix/judge.ts';
import { TOPICS, type Observation } from '../matrix/protocol.ts';

/**
 * The harness's own pages on a case host (a page to start from, a page to read a store on): `/.cookie-harness/…`,
 * and a store page below any path (`/docs/.cookie-harness-store`). No case may claim a path with this segment.
 */
export const HARNESS_PATH = '/.cookie-harness/';
/** The harness's echo on every case host: JSON with the Cookie header the request carried. */
export const ECHO_PATH = `${HARNESS_PATH}echo`;
export const HARNESS_SEGMENT = '/.cookie-harness';

/** How a step's request is made: a top-level navigation, a click on a link, a form POST, or a subresource. */
const REQUEST_KINDS = ['navigation', 'link', 'form-post', 'fetch', 'image', 'iframe'] as const;

// A host name as DNS spells it: letters, digits and hyphens in dot-separated labels (no IP address, no port).
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
// A duration the browser clock moves by: "31d", "2m", "90s", "1h", "500ms".
const DURATION = /^\d+(\.\d+)?(ms|s|m|h|d)$/;

/** An http or https URL without a port (the harness supplies it), user name or fragment. */
const caseURL = z.string().superRefine((text, context) => {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) context.addIssue({ code: 'custom', message: `not an http or https URL: ${JSON.stringify(text)}` });
  else if (url.port) context.addIssue({ code: 'custom', message: `gives a port (${url.port}); the harness supplies the port` });
  else if (url.username || url.password || url.hash) context.addIssue({ code: 'custom', message: 'has a user name, password or fragment' });
});

const request = {
  url: caseURL,
  by: z.enum(REQUEST_KINDS).optional(),
  /** The page that makes the request; without it a navigation starts from wherever the browser is. */
  from: caseURL.optional(),
};

// An HTTP token (a method, a header name), as RFC 9110 spells it.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// The methods fetch() refuses to send.
const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];
// An environment variable's name, as a shell spells it.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A request a step makes without observing it: a navigation (the default), a link, a form POST with `form`'s fields,
 * a `fetch` with `method`, `body` and `headers`, an image or an iframe. The way to log in to an upstream.
 */
const requestStep = z
  .strictObject({
    ...request,
    /** The fields of a form POST, in order: `{ "user": "a", "password": "b" }`. */
    form: z.record(z.string(), z.string()).optional(),
    /** A fetch's method (GET by default), body (a string) and request headers. */
    method: z.string().regex(TOKEN, 'an HTTP method: letters, digits and !#$%&\'*+.^_`|~-').optional(),
    body: z.string().optional(),
    headers: z.record(z.string().regex(TOKEN, 'a header name: letters, digits and !#$%&\'*+.^_`|~-'), z.string().regex(/^[^\r\n\u0000]*$/, 'a header value holds no CR, LF or NUL')).optional(),
  })
  .superRefine((step, context) => {
    const by = step.by ?? 'navigation';
    if (step.form !== undefined && by !== 'form-post') context.addIssue({ code: 'custom', path: ['form'], message: `a form is sent by a form POST ("by": "form-post"), not by ${by}` });
    for (const field of ['method', 'body', 'headers'] as const) {
      if (step[field] !== undefined && by !== 'fetch') context.addIssue({ code: 'custom', path: [field], message: `${field} is a fetch's ("by": "fetch"), not a ${by}'s` });
    }
    const method = step.method?.toUpperCase() ?? 'GET';
    if (FORBIDDEN_METHODS.includes(method)) context.addIssue({ code: 'custom', path: ['method'], message: `fetch() never sends ${method}` });
    if (step.body !== undefined && (method === 'GET' || method === 'HEAD')) context.addIssue({ code: 'custom', path: ['body'], message: `a ${method} request has no body: give "method": "POST" (or another)` });
  });

/**
 * An upstream: the origin of a server of your own (`"http://localhost:3000"`), or the environment variable that holds
 * it when the run starts (`{ "env": "BASE_URL" }`). Requests for its case host go to it.
 */
const upstream = z.union([z.string(), z.strictObject({ env: z.string().regex(ENV_NAME, 'the name of an environment variable: letters, digits and "_", not starting with a digit') })], {
  error: 'an http or https URL ("http://localhost:3000") or { "env": "<environment variable>" }',
});

/**
 * The origin an upstream URL names (`http://localhost:3000`), or why it names none: only http and https, and nothing
 * but scheme, host and port (no path, query, fragment or user name).
 */
export function upstreamOrigin(text: string): { origin: string } | { error: string } {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return { error: `not an http or https URL: ${JSON.stringify(text)}` };
  if (url.username || url.password) return { error: `${JSON.stringify(text)} has a user name or password` };
  if (url.pathname !== '/' || url.search || url.hash) return { error: `${JSON.stringify(text)} has a path, query or fragment: an upstream is an origin (scheme, host, port)` };
  return { origin: url.origin };
}

/** One header line as sent: each character is one byte (U+0000 to U+00FF), never a line break. */
const headerLine = z.string().regex(/^[\u0000-\u0009\u000b\u000c\u000e-\u00ff]*$/, 'a header line holds one byte per character (\\u0000 to \\u00ff) and no CR or LF');

/** An object with exactly one of its keys (a step is one action, an observation one kind). */
function oneOf<T extends z.ZodRawShape>(shape: T, what: string) {
  return z.strictObject(shape).partial().refine((value) => Object.values(value).filter((v) => v !== undefined).length === 1, `${what} has exactly one of: ${Object.keys(shape).join(', ')}`);
}

const respond = z.strictObject({ ...request, status: z.number().int().min(200).max(599), headers: z.array(headerLine) });
const observe = oneOf({ sent: z.strictObject(request), stored: z.strictObject({ url: caseURL.optional() }), script: z.strictObject({ url: caseURL }) }, 'an observation');

// Any JSON: the value of an observation as the matrix records it.
const json: z.ZodType<Observation> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));
/** The value each kind of observation gives: a Cookie header or null, document.cookie, the store's cookies. */
const OBSERVED_VALUES = {
  sent: z.string().nullable(),
  script: z.string(),
  stored: z.array(
    z.strictObject({
      name: z.string(),
      value: z.string(),
      domain: z.string().nullable(),
      path: z.string().nullable(),
      expires: z.number().nullable(),
      secure: z.boolean().nullable(),
      httpOnly: z.boolean().nullable(),
      sameSite: z.string().nullable(),
      partitioned: z.string().nullable(),
    }),
  ),
} as const;

/**
 * What an observation should give: `value` in every engine, but where `engines` names the engine (blink, gecko,
 * webkit-libsoup, ...: ENGINES) with a value of its own and the reason for it.
 */
const expectation = z.strictObject({
  value: json,
  engines: z.record(z.string(), z.strictObject({ value: json, reason: z.string().min(1) })).optional(),
});
/** What RFC 6265bis asks of an observation, and where it says so. */
const standard = z.strictObject({ value: json, reason: z.string().min(1) });

// One action a step takes; `expect` and `rfc` ride along with an observe step only.
const ACTIONS = {
  respond,
  request: requestStep,
  script: z.strictObject({ url: caseURL, cookies: z.array(z.string()).min(1) }),
  advance: z.string().regex(DURATION, 'a duration such as "31d", "2m", "90s"'),
  /** Closes the browser and starts it again on the same profile, the clock where it is: `{ "restart": true }`. */
  restart: z.literal(true, { error: 'a restart step is { "restart": true }' }),
  observe,
};
const ACTION_NAMES = Object.keys(ACTIONS) as (keyof typeof ACTIONS)[];
const step = z
  .strictObject({ ...ACTIONS, expect: expectation, rfc: standard })
  .partial()
  .superRefine((s, context) => {
    const actions = ACTION_NAMES.filter((name) => s[name] !== undefined);
    if (actions.length !== 1) context.addIssue({ code: 'custom', message: `a step has exactly one of: ${ACTION_NAMES.join(', ')}` });
    for (const field of ['expect', 'rfc'] as const) {
      if (s[field] !== undefined && !s.observe) {
        context.addIssue({ code: 'custom', path: [field], message: `${field} belongs to an observe step${actions.length === 1 ? `, not to a ${actions[0]} step` : ''}` });
      }
    }
    const kind = s.observe && (Object.keys(OBSERVED_VALUES) as (keyof typeof OBSERVED_VALUES)[]).find((name) => s.observe![name] !== undefined);
    if (!kind) return;
    const values: [PropertyKey[], Observation][] = [
      ...(s.expect ? [[['expect', 'value'], s.expect.value] as [PropertyKey[], Observation]] : []),
      ...Object.entries(s.expect?.engines ?? {}).map(([engine, { value }]): [PropertyKey[], Observation] => [['expect', 'engines', engine, 'value'], value]),
      ...(s.rfc ? [[['rfc', 'value'], s.rfc.value] as [PropertyKey[], Observation]] : []),
    ];
    for (const [path, value] of values) {
      if (!OBSERVED_VALUES[kind].safeParse(value).success) context.addIssue({ code: 'custom', path, message: `${JSON.stringify(value)} is no value a ${kind} observation gives (${VALUE_SHAPES[kind]})` });
    }
    for (const [engine, { value }] of Object.entries(s.expect?.engines ?? {})) {
      if (!(ENGINES as readonly string[]).includes(engine)) context.addIssue({ code: 'custom', path: ['expect', 'engines', engine], message: `unknown engine "${engine}": one of ${ENGINES.join(', ')}` });
      else if (matches(value, s.expect!.value)) context.addIssue({ code: 'custom', path: ['expect', 'engines', engine], message: 'repeats expect.value: delete it, the engine is judged by expect.value' });
    }
  });
const VALUE_SHAPES = {
  sent: 'the Cookie header as a string, or null for none',
  script: 'document.cookie, a string',
  stored: 'a list of cookies, each { name, value, domain, path, expires, secure, httpOnly, sameSite, partitioned }',
};

const caseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a row id: lower-case letters, digits, ".", "_" and "-"'),
  title: z.string().min(1),
  /** Where the matrix lists the row; without it, under "Case files". */
  topic: z.enum(TOPICS).optional(),
  steps: z.array(step).min(1),
});

export const caseFileSchema = z
  .strictObject({
    hosts: z.array(z.string().regex(HOST_NAME, 'a host name (no IP address, no port)')).min(1),
    /** Case hosts answered by a server of your own: `{ "app.example": "http://localhost:3000" }`, or `{ "env": "BASE_URL" }`. */
    upstreams: z.record(z.string(), upstream).optional(),
    cases: z.array(caseSchema).min(1),
  })
  .superRefine((file, context) => {
    const hosts = new Set(file.hosts.map((host) => host.toLowerCase()));
    const upstreamHosts = new Set<string>();
    for (const [host, target] of Object.entries(file.upstreams ?? {})) {
      if (!hosts.has(host.toLowerCase())) context.addIssue({ code: 'custom', path: ['upstreams', host], message: `${host} is not in "hosts"` });
      upstreamHosts.add(host.toLowerCase());
      const problem = typeof target === 'string' ? upstreamOrigin(target) : undefined;
      if (problem && 'error' in problem) context.addIssue({ code: 'custom', path: ['upstreams', host], message: problem.error });
    }
    const ids = new Set<string>();
    file.cases.forEach((one, index) => {
      if (ids.has(one.id)) context.addIssue({ code: 'custom', path: ['cases', index, 'id'], message: `the id ${one.id} is used twice` });
      ids.add(one.id);
      if (!one.steps.some((s) => s.observe)) context.addIssue({ code: 'custom', path: ['cases', index, 'steps'], message: 'no observe step' });
      // A case is judged as a whole: by its expect (or said to follow RFC 6265bis) on every observation, or on none.
      for (const field of ['expect', 'rfc'] as const) {
        const observations = one.steps.flatMap((s, stepIndex) => (s.observe ? [stepIndex] : []));
        const given = observations.filter((stepIndex) => one.steps[stepIndex]![field] !== undefined);
        const missing = observations.find((stepIndex) => one.steps[stepIndex]![field] === undefined);
        if (given.length > 0 && missing !== undefined) {
          context.addIssue({ code: 'custom', path: ['cases', index, 'steps', missing], message: `an observation without ${field}, while steps[${given[0]}] has one: give every observation of the case its ${field}, or none` });
        }
      }
      one.steps.forEach((s, stepIndex) => {
        if (s.respond && new URL(s.respond.url).pathname.includes(HARNESS_SEGMENT)) {
          context.addIssue({ code: 'custom', path: ['cases', index, 'steps', stepIndex, 'respond', 'url'], message: `paths with a segment starting ${HARNESS_SEGMENT} are the harness's own` });
        }
        const respondHost = s.respond && URL.canParse(s.respond.url) ? new URL(s.respond.url).hostname : undefined;
        if (respondHost && upstreamHosts.has(respondHost)) {
          context.addIssue({ code: 'custom', path: ['cases', index, 'steps', stepIndex, 'respond', 'url'], message: `${respondHost} is an upstream ("upstreams"): its answers are the upstream's, no respond step can claim it` });
        }
        for (const [urlPath, url] of urlsOf(s)) {
          if (!hosts.has(new URL(url).hostname)) {
            context.addIssue({ code: 'custom', path: ['cases', index, 'steps', stepIndex, ...urlPath], message: `the host of ${url} is not in "hosts"` });
          }
        }
      });
    });
  });

export type CaseFile = z.infer<typeof caseFileSchema>;
export type Case = CaseFile['cases'][number];
export type Respond = z.infer<typeof respond>;
export type Observe = z.infer<typeof observe>;
export type Request = Pick<Respond, 'url' | 'by' | 'from'>;
export type RequestStep = z.infer<typeof requestStep>;
export type Expect = z.infer<typeof expectation>;
export type Upstream = z.infer<typeof upstream>;

/** The URLs a step names, each with its path inside the step. */
function urlsOf(s: Case['steps'][number]): [string[], string][] {
  const urls: [string[], string | undefined][] = [];
  if (s.respond) urls.push([['respond', 'url'], s.respond.url], [['respond', 'from'], s.respond.from]);
  if (s.script) urls.push([['script', 'url'], s.script.url]);
  if (s.request) urls.push([['request', 'url'], s.request.url], [['request', 'from'], s.request.from]);
  const o = s.observe;
  if (o?.sent) urls.push([['observe', 'sent', 'url'], o.sent.url], [['observe', 'sent', 'from'], o.sent.from]);
  if (o?.stored) urls.push([['observe', 'stored', 'url'], o.stored.url]);
  if (o?.script) urls.push([['observe', 'script', 'url'], o.script.url]);
  return urls.filter((entry): entry is [string[], string] => entry[1] !== undefined && URL.canParse(entry[1]));
}
