import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';
import { E2E_TEST_MS, UNIT_TEST_MS } from './test/budget.ts';

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
        // End-to-end: the built extension in a real Chromium, one browser at a time.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // Limits that only catch a hang, on a busy machine too (see test/budget.ts).
          testTimeout: E2E_TEST_MS,
          hookTimeout: E2E_TEST_MS,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
