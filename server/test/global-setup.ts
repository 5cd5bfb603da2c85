/**
 * Once per test run: a PGlite data folder with every migration applied, which each test copies
 * (making a PGlite database from nothing takes seconds; copying a folder does not).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../db/migrate';
import { openDatabase } from '../db/open';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-pglite-template-'));
  const database = await openDatabase({ databaseUrl: null, dataDir: join(dir, 'data') });
  await migrate(database.scripts);
  await database.close();
  project.provide('pgliteTemplate', join(dir, 'data'));
  return () => rmSync(dir, { recursive: true, force: true });
}
