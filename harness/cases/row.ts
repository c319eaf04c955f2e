import type { RowCookies, RowDeclaration } from '../matrix/protocol.ts';
import type { Case, Observe } from './schema.ts';

/** A case as a row of the behaviour matrix: its title and topic, a label per observation, and the cookies it sets. */
export function caseRow(one: Case): Omit<RowDeclaration, 'id'> {
  const observations = one.steps.flatMap((step) => (step.observe ? [label(step.observe)] : []));
  const setCookieLines = one.steps.flatMap((step) => step.respond?.headers.filter((line) => /^set-cookie\s*:/i.test(line)).map((line) => line.slice(line.indexOf(':') + 1).trim()) ?? []);
  const scriptLines = one.steps.flatMap((step) => step.script?.cookies ?? []);
  const cookies: RowCookies[] = [
    ...(setCookieLines.length > 0 ? [{ via: 'Set-Cookie' as const, case: one.id, lines: setCookieLines }] : []),
    ...(scriptLines.length > 0 ? [{ via: 'document.cookie' as const, lines: scriptLines }] : []),
  ];
  return { title: one.title, topic: one.topic ?? 'Case files', ...(observations.length > 1 && { parts: observations }), ...(cookies.length > 0 && { cookies }) };
}

function label(what: Observe): string {
  if (what.sent) return `sent to ${what.sent.url} by ${what.sent.by ?? 'navigation'}${what.sent.from ? ` from ${what.sent.from}` : ''}`;
  if (what.script) return `document.cookie at ${what.script.url}`;
  return what.stored?.url ? `stored for ${what.stored.url}` : 'stored';
}
