import type { Observation } from './protocol.ts';

/** An observed or expected value as a cell shows it: strings bare (quoted only when empty), lists in brackets. */
export function formatValue(value: Observation): string {
  if (Array.isArray(value)) return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
  if (value === '') return '""';
  return String(value);
}

/** `1 row`, `2 rows`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
