import type { BrowserChoice } from '../harness/browsers.ts';
import type { Observation } from '../harness/matrix-data.ts';

/** What an engine does for one behaviour, and why. */
export interface Expectation {
  value: Observation;
  reason: string;
}

/**
 * Every behaviour the specs observe where engines may differ, by id (the ids are the matrix's rows),
 * with what RFC 6265bis asks for. Engines that do otherwise override it in BY_ENGINE with their reason.
 */
const STANDARD = {
  'default-samesite-reported': { value: 'None', reason: 'the store reports the attribute as it was given: not at all' },
  'lists-expired-cookies': { value: false, reason: 'an expired cookie is evicted from the store' },
  'max-age-then-expires': { value: 'max-age', reason: 'Max-Age takes precedence over Expires, whatever their order (RFC 6265bis 5.7)' },
} satisfies Record<string, Expectation>;

export type ExpectationId = keyof typeof STANDARD;
export type EngineExpectations = Record<ExpectationId, Expectation>;

// Keyed by project, and for Firefox by how it is driven: stock Firefox over WebDriver BiDi reports differently.
const BY_ENGINE: Record<string, Partial<EngineExpectations>> = {
  chromium: {
    'default-samesite-reported': { value: 'Lax', reason: 'Chromium treats a cookie without SameSite as Lax and reports it so' },
  },
  firefox: {},
  'firefox-bidi': {
    'default-samesite-reported': { value: 'Lax', reason: 'Firefox over WebDriver BiDi reports a missing SameSite as Lax' },
    'lists-expired-cookies': { value: true, reason: 'Firefox over WebDriver BiDi keeps listing an expired cookie until it is purged, though it no longer sends it' },
  },
  // Playwright's WebKit (not verified here: it cannot be downloaded on this machine) and WebKitGTK through WebDriver.
  webkit: {},
  webkitgtk: {
    'max-age-then-expires': {
      value: 'expires',
      reason: 'WebKitGTK (libsoup) applies Max-Age and Expires in the order given, so the later one wins; Safari is not known to share this',
    },
  },
};

export function engineExpectations(project: string, choice: BrowserChoice): EngineExpectations {
  const engine = project === 'firefox' && choice.available && choice.channel === 'moz-firefox' ? 'firefox-bidi' : project;
  return { ...STANDARD, ...BY_ENGINE[engine] };
}
