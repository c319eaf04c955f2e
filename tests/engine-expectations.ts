import type { BrowserChoice } from '../harness/browsers.ts';

/**
 * Where browsers differ, what each engine does, with the reason.
 * Specs read these instead of branching on the browser's name.
 */
export interface EngineExpectations {
  /** The SameSite a cookie set without the attribute is reported with. */
  defaultSameSite: { value: 'Lax' | 'None'; reason: string };
  /** Whether Max-Age decides the expiry when Expires disagrees (RFC 6265, section 5.3). */
  maxAgeWinsOverExpires: { value: boolean; reason: string };
  /** Whether the store still lists a cookie after it expired (it is no longer sent either way). */
  listsExpiredCookies: { value: boolean; reason: string };
}

const STANDARD: EngineExpectations = {
  defaultSameSite: { value: 'None', reason: 'the store reports the attribute as it was given: not at all' },
  maxAgeWinsOverExpires: { value: true, reason: 'Max-Age takes precedence over Expires, whatever their order' },
  listsExpiredCookies: { value: false, reason: 'an expired cookie is evicted from the store' },
};

// Keyed by project, and for Firefox by how it is driven: stock Firefox over WebDriver BiDi reports differently.
const BY_ENGINE: Record<string, Partial<EngineExpectations>> = {
  chromium: {
    defaultSameSite: { value: 'Lax', reason: 'Chromium treats a cookie without SameSite as Lax and reports it so' },
  },
  firefox: {},
  'firefox-bidi': {
    defaultSameSite: { value: 'Lax', reason: 'Firefox over WebDriver BiDi reports a missing SameSite as Lax' },
    listsExpiredCookies: { value: true, reason: 'Firefox over WebDriver BiDi keeps listing an expired cookie until it is purged, though it no longer sends it' },
  },
  // Playwright's WebKit (not verified here: it cannot be downloaded on this machine) and WebKitGTK through WebDriver.
  webkit: {},
  webkitgtk: {
    maxAgeWinsOverExpires: {
      value: false,
      reason: 'WebKitGTK (libsoup) applies Max-Age and Expires in the order given, so the later one wins; Safari is not known to share this',
    },
  },
};

export function engineExpectations(project: string, choice: BrowserChoice): EngineExpectations {
  const engine = project === 'firefox' && choice.available && choice.channel === 'moz-firefox' ? 'firefox-bidi' : project;
  return { ...STANDARD, ...BY_ENGINE[engine] };
}
