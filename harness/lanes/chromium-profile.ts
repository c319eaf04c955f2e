import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserType, LaunchOptions } from 'playwright';

/** A regular Chromium profile in a fresh user data directory, its Preferences file written first; close() removes it. */
export async function launchChromiumProfile(chromium: BrowserType, launchOptions: LaunchOptions, preferences: Record<string, unknown>) {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'cookie-harness-profile-'));
  mkdirSync(path.join(userDataDir, 'Default'));
  writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify(preferences));
  // The run's HTTPS certificate is accepted as in every other context (playwright.config.ts, ignoreHTTPSErrors).
  try {
    const profile = await chromium.launchPersistentContext(userDataDir, { ...launchOptions, ignoreHTTPSErrors: true });
    // Once the browser has exited: it writes into the directory until then.
    return { profile, close: () => profile.close().finally(() => rmSync(userDataDir, { recursive: true, force: true })) };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
