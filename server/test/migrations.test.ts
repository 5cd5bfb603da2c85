/**
 * Each migration runs on a database holding the data of the version before it (a saved example
 * per version, `server/db/fixtures/<version>.sql`), and the server then reads every part of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../db/migrate';
import { openDatabase } from '../db/open';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './helpers/databases';
import { client } from './helpers/http';
import { startServer } from './helpers/server';

const FIXTURES = new URL('../db/fixtures/', import.meta.url);
const fixture = (version: number) => new URL(`${String(version).padStart(4, '0')}.sql`, FIXTURES);
const ADMIN = 'stw.fixtureAdmin0001.fixtureSecret000000000000000000000000000000';
const MEMBER = 'stw.fixtureMember001.fixtureMember000000000000000000000000000001';

const MIGRATIONS = await listMigrations();
const dropped: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dropped) await d.drop();
});

describe('migrations', () => {
  it('are numbered 1, 2, 3… and each version has a saved example of its data', async () => {
    const migrations = await listMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations)
      expect(existsSync(fixture(m.version)), `server/db/fixtures/${fixture(m.version)}`).toBe(true);
  });
});

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  it.each(MIGRATIONS)(
    '$version ($name): runs on the data of the version before, and the server reads it all',
    async (m) => {
      const test = await createTestDatabase(kind, { migrated: false });
      dropped.push(test);
      const database = await openDatabase(test);
      const previous = m.version - 1;
      // Version 1 starts from nothing; later ones from the previous version with its saved data.
      await migrate(database.scripts, { upTo: Math.max(previous, 1) });
      const loaded = Math.max(previous, 1);
      await database.scripts.session((s) => s.exec(readFileSync(fixture(loaded), 'utf8')));
      const result = await migrate(database.scripts);
      expect(result.current).toBe((await listMigrations()).length);
      expect(await migrate(database.scripts)).toMatchObject({ applied: [] });
      await database.close();

      const server = await startServer(kind, { testDatabase: test });
      try {
        const admin = client(server.url, ADMIN);
        expect((await admin.get('/v1/me')).body).toEqual({
          workspace: { id: 'ws_fixture', name: 'Fixture team' },
          token: { id: 'fixtureAdmin0001', name: 'Dana', role: 'admin' },
        });
        expect((await client(server.url, MEMBER).get('/v1/me')).body.message).toContain('revoked on 2026-02-01');
        const current = await admin.get('/v1/packs/current');
        expect(current.headers.get('etag')).toBe('"packs-3"');
        expect(current.body.packs.map((p: { id: string; version: number }) => [p.id, p.version])).toEqual([
          ['fixture-pack', 1],
        ]);
        expect(
          (await admin.get('/v1/packs')).body.packs[0].versions.map((v: { version: number }) => v.version),
        ).toEqual([2, 1]);
        const usage = (await admin.get('/v1/usage')).body.counters;
        expect(usage).toEqual([
          { day: '2026-01-10', ruleId: 'fixture-tip', stepId: '', event: 'dismissed', count: 2 },
          { day: '2026-01-10', ruleId: 'fixture-tip', stepId: 'only', event: 'shown', count: 45 },
          { day: '2026-01-11', ruleId: 'fixture-tip', stepId: 'only', event: 'helpful', count: 3 },
        ]);
        const push = (seq: number) =>
          admin.post('/v1/sync/push', {
            installationId: 'fixture-installation',
            batches: [
              {
                seq,
                kind: 'usage',
                createdAt: 1,
                deltas: [{ ruleId: 'fixture-tip', stepId: 'only', event: 'shown', day: '2026-01-10', count: 1 }],
              },
            ],
          });
        expect((await push(7)).body.duplicates).toEqual([7]);
        expect((await push(8)).body.applied).toEqual([8]);
        expect((await admin.get('/v1/inbox')).body.items).toMatchObject([
          { kind: 'help', text: 'Which currency?', from: 'Sam' },
        ]);
      } finally {
        await server.close();
      }
    },
  );

  it('refuses a database that a newer server migrated further, saying what to do', async () => {
    const test = await createTestDatabase(kind);
    dropped.push(test);
    const database = await openDatabase(test);
    try {
      await database.scripts.session((s) =>
        s.exec("INSERT INTO schema_migrations (version, name) VALUES (999, 'from-the-future')"),
      );
      await expect(migrate(database.scripts)).rejects.toThrow(
        /schema version 999, newer than this server knows.*Run that version, or restore a backup/,
      );
    } finally {
      await database.close();
    }
  });
});

describe('migrations on postgres, from two servers starting at once', () => {
  it('are applied once', async () => {
    const test = await createTestDatabase('postgres', { migrated: false });
    dropped.push(test);
    const [a, b] = await Promise.all([openDatabase(test), openDatabase(test)]);
    const results = await Promise.all([migrate(a!.scripts), migrate(b!.scripts)]);
    const all = (await listMigrations()).map((m) => m.version);
    expect([...results[0]!.applied, ...results[1]!.applied].sort()).toEqual(all);
    await a!.close();
    await b!.close();
  });
});
