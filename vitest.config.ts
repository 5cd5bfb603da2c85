import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';
import { E2E_TEST_MS, UNIT_TEST_MS } from './test/budget.ts';

/** End-to-end tests: one browser at a time, one file at a time (2 cores, real browsers). */
const e2e = {
  environment: 'node',
  // Limits that only catch a hang, on a busy machine too (see test/budget.ts).
  testTimeout: E2E_TEST_MS,
  hookTimeout: E2E_TEST_MS,
  fileParallelism: false,
  pool: 'forks',
} as const;

/**
 * The end-to-end tests that also run in Firefox (`STEPWISE_BROWSER=firefox`, the same test bodies):
 * the overlay's core (walkthroughs across routes, tips, field hints, usage counts, placement, the
 * app's modals, a hostile page, patterns), counts kept through worker stops, the extension pages
 * (options, packs), what depends on the browser's events (keyboard, navigation, start triggers, an
 * extension reload), authoring (the quick editor, the editor and its form, testing in place, the
 * picker, personal tips, recording), and what only Firefox has (`firefox.test.ts`). Chromium only:
 * the side panel (Firefox's sidebar has its own file), the isolated world's checks, which selectors
 * Chromium accepts (`rules-engine`), the team server and Insights pages.
 */
const FIREFOX_E2E = [
  'test/e2e/smoke.test.ts',
  'test/e2e/overlay-walkthrough.test.ts',
  'test/e2e/overlay-tips-hints.test.ts',
  'test/e2e/overlay-usage.test.ts',
  'test/e2e/overlay-keyboard.test.ts',
  'test/e2e/overlay-triggers.test.ts',
  'test/e2e/overlay-lifecycle.test.ts',
  'test/e2e/overlay-expertise.test.ts',
  'test/e2e/overlay-placement.test.ts',
  'test/e2e/overlay-app-modal.test.ts',
  'test/e2e/overlay-hostile-page.test.ts',
  'test/e2e/walkthrough-semantics.test.ts',
  'test/e2e/patterns.test.ts',
  'test/e2e/usage.test.ts',
  'test/e2e/no-lost-counts.test.ts',
  'test/e2e/firefox.test.ts',
  'test/e2e/firefox-sidebar.test.ts',
  'test/e2e/options.test.ts',
  'test/e2e/packs.test.ts',
  'test/e2e/page-rules.test.ts',
  'test/e2e/pack-update.test.ts',
  'test/e2e/quick-editor.test.ts',
  'test/e2e/editor.test.ts',
  'test/e2e/editor-form.test.ts',
  'test/e2e/editor-pick.test.ts',
  'test/e2e/test-in-place.test.ts',
  'test/e2e/picker.test.ts',
  'test/e2e/personal-tips.test.ts',
  'test/e2e/recording.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        // Unit tests: the pure core in Node, browser glue on WXT's fake browser.
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}', 'rules/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/unit/setup.ts'],
          // A limit that only catches a hang, on a busy machine too (see test/budget.ts).
          testTimeout: UNIT_TEST_MS,
          hookTimeout: UNIT_TEST_MS,
        },
      },
      {
        // What the built extension is made of (npm run test:build builds it first).
        test: {
          name: 'build',
          include: ['test/build/**/*.test.ts'],
          environment: 'node',
          testTimeout: UNIT_TEST_MS,
        },
      },
      {
        // The team server: the real server over HTTP, on PGlite and on PostgreSQL (DATABASE_URL).
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        // End-to-end: the built extension in a real Chromium.
        test: {
          ...e2e,
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/firefox.test.ts', 'test/e2e/firefox-sidebar.test.ts'],
          env: { STEPWISE_BROWSER: 'chromium' },
        },
      },
      {
        // The same tests in a real Firefox (ESR), after Chromium's, never beside them.
        test: {
          ...e2e,
          name: 'e2e-firefox',
          include: FIREFOX_E2E,
          // Puppeteer's queries over WebDriver BiDi are slower than over CDP (see BIDI_TIMEOUT_FACTOR).
          testTimeout: 2 * E2E_TEST_MS,
          hookTimeout: 2 * E2E_TEST_MS,
          env: { STEPWISE_BROWSER: 'firefox' },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
