import { z } from 'zod';
import { TOPICS } from '../matrix/protocol.ts';

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

/** One header line as sent: each character is one byte (U+0000 to U+00FF), never a line break. */
const headerLine = z.string().regex(/^[\u0000-\u0009\u000b\u000c\u000e-\u00ff]*$/, 'a header line holds one byte per character (\\u0000 to \\u00ff) and no CR or LF');

/** An object with exactly one of its keys (a step is one action, an observation one kind). */
function oneOf<T extends z.ZodRawShape>(shape: T, what: string) {
  return z.strictObject(shape).partial().refine((value) => Object.values(value).filter((v) => v !== undefined).length === 1, `${what} has exactly one of: ${Object.keys(shape).join(', ')}`);
}

const respond = z.strictObject({ ...request, status: z.number().int().min(200).max(599), headers: z.array(headerLine) });
const observe = oneOf({ sent: z.strictObject(request), stored: z.strictObject({ url: caseURL.optional() }), script: z.strictObject({ url: caseURL }) }, 'an observation');
const step = oneOf(
  {
    respond,
    script: z.strictObject({ url: caseURL, cookies: z.array(z.string()).min(1) }),
    advance: z.string().regex(DURATION, 'a duration such as "31d", "2m", "90s"'),
    observe,
  },
  'a step',
);

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
    cases: z.array(caseSchema).min(1),
  })
  .superRefine((file, context) => {
    const hosts = new Set(file.hosts.map((host) => host.toLowerCase()));
    const ids = new Set<string>();
    file.cases.forEach((one, index) => {
      if (ids.has(one.id)) context.addIssue({ code: 'custom', path: ['cases', index, 'id'], message: `the id ${one.id} is used twice` });
      ids.add(one.id);
      if (!one.steps.some((s) => s.observe)) context.addIssue({ code: 'custom', path: ['cases', index, 'steps'], message: 'no observe step' });
      one.steps.forEach((s, stepIndex) => {
        if (s.respond && new URL(s.respond.url).pathname.includes(HARNESS_SEGMENT)) {
          context.addIssue({ code: 'custom', path: ['cases', index, 'steps', stepIndex, 'respond', 'url'], message: `paths with a segment starting ${HARNESS_SEGMENT} are the harness's own` });
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

/** The URLs a step names, each with its path inside the step. */
function urlsOf(s: Case['steps'][number]): [string[], string][] {
  const urls: [string[], string | undefined][] = [];
  if (s.respond) urls.push([['respond', 'url'], s.respond.url], [['respond', 'from'], s.respond.from]);
  if (s.script) urls.push([['script', 'url'], s.script.url]);
  const o = s.observe;
  if (o?.sent) urls.push([['observe', 'sent', 'url'], o.sent.url], [['observe', 'sent', 'from'], o.sent.from]);
  if (o?.stored) urls.push([['observe', 'stored', 'url'], o.stored.url]);
  if (o?.script) urls.push([['observe', 'script', 'url'], o.script.url]);
  return urls.filter((entry): entry is [string[], string] => entry[1] !== undefined && URL.canParse(entry[1]));
}
