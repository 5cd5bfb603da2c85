/**
 * Numbered SQL migrations (`migrations/0001_name.sql`, …) applied at start, in order, each once.
 *
 * Plain SQL files rather than Kysely's Migrator: a migration holds several statements, which
 * PGlite's parameterised queries (what the query builder sends) refuse; they run here as scripts,
 * under an advisory lock (two servers starting at once on one PostgreSQL apply them once) and in
 * one transaction (a failed migration leaves the database as it was).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScriptRunner } from './open';

export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url).pathname;

/** Any fixed number: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 727_001;

export interface Migration {
  version: number;
  name: string;
  file: string;
}

/** The migration files, checked to be numbered 1, 2, 3… with no gap or repeat. */
export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file, i) => {
    const match = /^(\d{4})_([a-z0-9-]+)\.sql$/.exec(file);
    if (!match) throw new Error(`Migration file "${file}" is not named like 0001_short-name.sql`);
    const version = Number(match[1]);
    if (version !== i + 1) throw new Error(`Migration "${file}" should be number ${i + 1}: numbers go 1, 2, 3…`);
    return { version, name: match[2]!, file: join(dir, file) };
  });
}

export interface MigrationResult {
  applied: number[];
  current: number;
}

/**
 * Brings the database up to the newest migration (or to `upTo`). Refuses a database that a newer
 * server has migrated further than this one knows.
 */
export async function migrate(
  scripts: ScriptRunner,
  options: { upTo?: number; dir?: string } = {},
): Promise<MigrationResult> {
  const all = await listMigrations(options.dir);
  const wanted = all.filter((m) => m.version <= (options.upTo ?? Number.POSITIVE_INFINITY));
  return scripts.session(async (s) => {
    await s.exec('BEGIN');
    try {
      await s.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await s.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const rows = await s.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      const done = new Set(rows.map((r) => Number(r.version)));
      const newest = Math.max(0, ...done);
      if (newest > all.length) {
        throw new Error(
          `The database is at schema version ${newest}, newer than this server knows (${all.length}): ` +
            'it was used by a newer Stepwise server. Run that version, or restore a backup.',
        );
      }
      const applied: number[] = [];
      for (const m of wanted) {
        if (done.has(m.version)) continue;
        await s.exec(await readFile(m.file, 'utf8'));
        await s.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        applied.push(m.version);
      }
      await s.exec('COMMIT');
      return { applied, current: Math.max(newest, ...applied) };
    } catch (error) {
      await s.exec('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}
