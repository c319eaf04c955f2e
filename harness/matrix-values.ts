import type { Observation } from './matrix-data.ts';

/** An observed or expected value as a cell shows it: strings bare (quoted only when empty), lists in brackets. */
export function formatValue(value: Observation): string {
  if (Array.isArray(value)) return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
  if (value === '') return '""';
  return String(value);
}

/** The browser and its version, the first part of an engine's description (`chromium 156.0.1, system ...`). */
export function engineVersion(engine: string): string {
  return engine.startsWith('not run') ? 'not run' : engine.split(', ')[0];
}
