import type { RowCookies, RowDeclaration } from '../matrix/protocol.ts';
import type { Case, Observe } from './schema.ts';

/**
 * A case as a row of the behaviour matrix: its title and topic, a label per observation, the cookies it sets, and,
 * where every observation says what RFC 6265bis asks (`rfc`), that standard, as a built-in row has it.
 */
export function caseRow(one: Case): Omit<RowDeclaration, 'id'> {
  const observations = one.steps.flatMap((step) => (step.observe ? [label(step.observe)] : []));
  const setCookieLines = one.steps.flatMap((step) => step.respond?.headers.filter((line) => /^set-cookie\s*:/i.test(line)).map((line) => line.slice(line.indexOf(':') + 1).trim()) ?? []);
  const scriptLines = one.steps.flatMap((step) => step.script?.cookies ?? []);
  const cookies: RowCookies[] = [
    ...(setCookieLines.length > 0 ? [{ via: 'Set-Cookie' as const, case: one.id, lines: setCookieLines }] : []),
    ...(scriptLines.length > 0 ? [{ via: 'document.cookie' as const, lines: scriptLines }] : []),
  ];
  const standards = one.steps.flatMap((step) => (step.observe && step.rfc ? [step.rfc] : []));
  const standard = standards.length > 0 && standards.length === observations.length ? { value: rowValue(standards.map(({ value }) => value)), reason: [...new Set(standards.map(({ reason }) => reason))].join('; ') } : undefined;
  return {
    title: one.title,
    topic: one.topic ?? 'Case files',
    ...(observations.length > 1 && { parts: observations }),
    ...(cookies.length > 0 && { cookies }),
    ...(standard && { standard }),
  };
}

/** A case's row value from its observations' values in order: the one value, or the list of them. */
export function rowValue<T>(values: T[]): T | T[] {
  return values.length === 1 ? values[0]! : values;
}

/** A step as a failure names it: `observe sent https://app.example/account by fetch`, `request https://app.example/login by form-post`. */
export function stepLabel(step: Case['steps'][number]): string {
  if (step.observe) return `observe ${label(step.observe).replace(/^sent to /, 'sent ').replace(/^document\.cookie at /, 'script ').replace(/^stored for /, 'stored ')}`;
  if (step.respond) return `respond ${step.respond.status} to ${request(step.respond)}`;
  if (step.request) return `request ${request(step.request)}`;
  if (step.script) return `script at ${step.script.url}`;
  if (step.restart) return 'restart';
  return `advance ${step.advance}`;
}

function request({ url, by, from }: { url: string; by?: string; from?: string }): string {
  return `${url} by ${by ?? 'navigation'}${from ? ` from ${from}` : ''}`;
}

function label(what: Observe): string {
  if (what.sent) return `sent to ${request(what.sent)}`;
  if (what.script) return `document.cookie at ${what.script.url}`;
  return what.stored?.url ? `stored for ${what.stored.url}` : 'stored';
}
