/**
 * Databases for the server tests: every test that touches data runs on both PGlite and a real
 * PostgreSQL. PostgreSQL comes from DATABASE_URL; without it those tests fail and say how to get one.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDatabase } from '../../db/open';
import { POSTGRES_HELP } from '../../dev/postgres';

export type DatabaseKind = 'pglite' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

export interface TestDatabase {
  kind: DatabaseKind;
  databaseUrl: string | null;
  dataDir: string;
  drop(): Promise<void>;
}

/** The PostgreSQL the tests use, or an error that says how to get one. */
export function postgresUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(`DATABASE_URL is not set: the server tests run on PostgreSQL as well as PGlite. ${POSTGRES_HELP}`);
  return url;
}

/** A new, empty database of `kind` (PGlite: a copy of the migrated template; PostgreSQL: a new database). */
export async function createTestDatabase(
  kind: DatabaseKind,
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-pglite-'));
    const dataDir = join(dir, 'data');
    if (migrated) cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
    return {
      kind,
      databaseUrl: null,
      dataDir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = postgresUrl();
  const name = `stepwise_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client(admin);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  if (migrated) {
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    await migrate(database.scripts).finally(() => database.close());
  }
  return {
    kind,
    databaseUrl: url.toString(),
    dataDir: '',
    async drop() {
      const c = new pg.Client(admin);
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
