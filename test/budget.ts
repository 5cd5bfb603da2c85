/**
 * Time limits for the tests. A test checks an answer, never a speed (the benchmarks measure
 * speed), so its limit only has to catch a hang. The limits are sized for a 2-core machine busy
 * with other work (`npm run test:busy` runs the suite beside two processes that load both cores),
 * many times what each test takes on a quiet one. The end-to-end harness's waits have their own
 * (`WAIT_MS` in browser-harness/harness.ts): each ends as soon as its condition holds.
 */

/** Every unit test (vitest.config.ts): most take milliseconds, a few take a second or two alone. */
export const UNIT_TEST_MS = 30_000;

/**
 * A test that does real work in happy-dom or on thousands of random cases: a page 20,000 elements
 * deep, the differential and fuzz runs. Each takes 2 to 10 seconds on a quiet 2-core machine.
 */
export const HEAVY_TEST_MS = 180_000;

/**
 * Every end-to-end test, and each file's set-up (a browser launch, the demo CRM, a pack import). A
 * test waits for many things in turn, each bounded by the harness's `WAIT_MS`.
 */
export const E2E_TEST_MS = 240_000;
