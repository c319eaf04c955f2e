import { buildClockLibrary } from '../harness/clock/clock-library.ts';

// npm run build:clock: builds the clock library now (the test run also builds it when it is missing or stale).
const library = buildClockLibrary();
if (library.available) {
  console.log(`clock library: ${library.path}`);
} else {
  console.error(`clock library not built: ${library.reason}`);
  process.exitCode = 1;
}
