import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PLAYWRIGHT_DISABLED_FEATURES } from '../../harness/lanes/chromium-features.ts';

// Chromium keeps the last --disable-features it is given: ours replaces Playwright's, so it must hold all of it.
test("should repeat every feature Playwright's own switches disable in Chromium", () => {
  const bundle = path.join(path.dirname(createRequire(import.meta.url).resolve('playwright-core/package.json')), 'lib', 'coreBundle.js');
  const list = /disabledFeatures = \[([^\]]*)\]/.exec(readFileSync(bundle, 'utf8'));
  expect(list, `${bundle} no longer holds Playwright's disabledFeatures list where this test reads it`).not.toBeNull();
  const playwrights = [...list![1].matchAll(/"([^"]+)"/g)].map(([, name]) => name);
  expect(playwrights.length, 'no feature read from the list').toBeGreaterThan(0);
  expect([...PLAYWRIGHT_DISABLED_FEATURES].sort(), 'harness/lanes/chromium-features.ts, after an update of Playwright').toEqual(playwrights.sort());
});
