import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';
import { UNIT_TEST_MS } from './test/unit/budget.ts';

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
          // A limit that only catches a hang, on a busy machine too (see test/unit/budget.ts).
          testTimeout: UNIT_TEST_MS,
          hookTimeout: UNIT_TEST_MS,
        },
      },
      {
        // End-to-end: the built extension in a real Chromium, one browser at a time.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
