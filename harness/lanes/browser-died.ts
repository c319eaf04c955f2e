/**
 * The error a visitor throws when its browser's process has gone (CI runners kill browsers when memory runs short):
 * the test in flight fails with this message, and the next test gets a fresh browser.
 */
export function browserDied(driverSaid: unknown): Error {
  // The first line: Playwright appends the browser's whole log, which says nothing about a killed process.
  const said = (driverSaid instanceof Error ? driverSaid.message : String(driverSaid)).split('\n')[0];
  return new Error(`The browser died during this test: its process ended (killed, or out of memory). Later tests get a fresh browser. The driver said: ${said}`);
}
