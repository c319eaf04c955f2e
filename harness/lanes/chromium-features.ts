/**
 * Playwright 1.64.1's own `--disable-features` list (its chromiumSwitches.ts). Chromium keeps only the last
 * `--disable-features` switch it is given, so a list of ours must repeat Playwright's: tests/no-browser/
 * chromium-features.spec.ts fails when an update of Playwright changes it.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'DialMediaRouteProvider',
  'GlobalMediaControls',
  'HttpsUpgrades',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'BlockOriginHeaderModificationOnRedirect',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'Translate',
  'AutoDeElevate',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * The address bar's popups, which Chromium 156 preloads as web pages of its own browser UI in every profile, even
 * headless, where nobody can open them: each kept a renderer busy (about 10% of a core while the page was idle), and
 * they took half the Chromium lanes' CPU in a whole run (docs/benchmark.md). No cookie goes through them.
 */
const OMNIBOX_POPUPS = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

/** The switches every Chromium of the harness is launched with, beside Playwright's own. */
export const CHROMIUM_ARGS = [`--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_POPUPS].join(',')}`];
