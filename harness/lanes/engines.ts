/**
 * The engines a lane can run, as expectations/<engine>.json and a case file's `expect.engines` name them: Chromium's
 * Blink (and Blink in a profile that allows third-party cookies), Firefox's Gecko, and WebKit by its network stack:
 * libsoup (WebKitGTK, Playwright's WebKit on Linux), Apple's (macOS) and WinCairo's curl (Windows). Each project's
 * engine is one of these (browser-choice.ts, playwright.config.ts).
 */
export const ENGINES = ['blink', 'blink-third-party-allowed', 'gecko', 'webkit-libsoup', 'webkit-apple', 'webkit-wincairo'] as const;
