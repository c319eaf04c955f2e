import type { BrowserChoice } from '../harness/lanes/browser-choice.ts';
import { expect, test } from './support/fixtures.ts';

/**
 * What each engine states, where its lane can hear it, about two cookies it refuses: `__Secure-nosecure` (a prefix
 * without Secure, over http://localhost) and `none_insecure` (SameSite=None without Secure, over HTTPS). An engine
 * missing here has a lane that cannot hear it: its cells must say so, never read as silence.
 */
const STATED: Partial<Record<string, { prefix: string; noneInsecure: string }>> = {
  blink: { prefix: 'InvalidPrefix', noneInsecure: 'SameSiteNoneInsecure' },
  gecko: {
    prefix: 'Cookie “__Secure-nosecure” has been rejected for invalid prefix.',
    noneInsecure: 'Cookie “none_insecure” rejected because it has the “SameSite=None” attribute but is missing the “secure” attribute.',
  },
};

// A broken listener must go red here, instead of filling the matrix with "states no reason".
test('should hear the reason the browser states for a cookie it refuses, or say that the lane cannot hear it', async ({ visitor, sites, browserChoice }) => {
  await visitor.open('/cookie-case/secure-prefixes');
  await visitor.open(`${sites.httpsA}/cookie-case/https-first-party`);
  const prefix = await visitor.statedAbout({ cookies: ['__Secure-nosecure'], url: '/cookie-case/secure-prefixes' });
  const noneInsecure = await visitor.statedAbout({ cookies: ['none_insecure'], url: '/cookie-case/https-first-party' });

  expect({ prefix, noneInsecure }).toEqual(expectedStatements(browserChoice));
});

/** The engine's words, or, for a lane that hears nothing, that it says why. */
function expectedStatements(browser: BrowserChoice) {
  const stated = browser.available ? STATED[browser.engine] : undefined;
  if (!stated) return { prefix: { unheard: expect.stringMatching(/\S/) }, noneInsecure: { unheard: expect.stringMatching(/\S/) } };
  return { prefix: { reasons: [stated.prefix] }, noneInsecure: { reasons: [stated.noneInsecure] } };
}
