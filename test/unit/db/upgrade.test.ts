import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, StepwiseDatabase } from '../../../background/db/database';
import { readPreviousRules } from '../../../background/db/pack-rules';
import { readPack } from '../../../background/db/packs';
import type { PackRecord, QuarantineRecord, RuleRecord } from '../../../background/db/records';
import { SCHEMA_VERSIONS } from '../../../background/db/versions';
import { EXAMPLES } from '../../fixtures/db';
import { example as v1 } from '../../fixtures/db/v1';
import { primaryKey } from './helpers';

/** Writes `version`'s example with that version's schema; returns the database name. */
async function writeExample(version: number): Promise<string> {
  const name = `upgrade-${version}-${crypto.randomUUID()}`;
  const old = new StepwiseDatabase({ name, upToVersion: version });
  await old.open();
  const example = EXAMPLES[version]!;
  for (const [table, records] of Object.entries(example.tables)) await old.table(table).bulkAdd([...records]);
  old.close();
  return name;
}

/**
 * A record as found now: a pack (since version 9 kept without its rules) with its rules and its
 * previous version's read back, so it compares with the pack a version before 9 saved whole. A
 * rule whose id another pack holds is not the pack's any more: it is found in the quarantine.
 */
async function found(db: StepwiseDatabase, table: string, key: unknown): Promise<unknown> {
  const record = await db.table(table).get(key as string);
  if (table !== 'packs' || !record) return record;
  const pack = record as PackRecord;
  const setAside = (await db.quarantine.where('table').equals('rules').toArray())
    .filter((q) => q.key.startsWith(`${pack.id}/`))
    .map((q) => q.value);
  const whole = await readPack(db, pack);
  return {
    ...pack,
    pack: { ...whole, rules: [...whole.rules, ...setAside] },
    ...(pack.previous && {
      previous: { ...pack.previous, pack: { ...pack.previous.pack, rules: await readPreviousRules(db, pack.id) } },
    }),
  };
}

/** Tables that exist at `version`. */
function tablesAt(version: number): string[] {
  const tables = new Set<string>();
  for (const schema of SCHEMA_VERSIONS.filter((s) => s.version <= version)) {
    for (const [table, spec] of Object.entries(schema.stores)) {
      if (spec === null) tables.delete(table);
      else tables.add(table);
    }
  }
  return [...tables];
}

describe('database schema versions', () => {
  it.each(SCHEMA_VERSIONS.map((s) => [s.version]))(
    'has a saved example of version %i with data in every table',
    (version) => {
      const example = EXAMPLES[version];
      expect(example, `add test/fixtures/db/v${version}.ts and list it in index.ts`).toBeDefined();
      for (const table of tablesAt(version)) {
        expect(example?.tables[table]?.length ?? 0, `the v${version} example has no ${table}`).toBeGreaterThan(0);
      }
    },
  );

  it("reads and writes each version's data through that version's own record types", () => {
    // Today's records (db/records.ts) and the rule model change with later versions; an upgrade
    // typed against them would read old data as it is now, not as it was written. So a version
    // file imports only its own frozen types and the older versions' (v1.ts RuleV1, PackRecordV1…).
    const dir = join(import.meta.dirname, '../../../background/db/versions');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['v1.ts', 'v2.ts']));
    const outside = files.flatMap((file) =>
      ts
        .preProcessFile(readFileSync(join(dir, file), 'utf8'), true, true)
        .importedFiles.map((i) => i.fileName)
        .filter((spec) => spec.startsWith('.') && !/^\.\/[\w-]+$/.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(outside).toEqual([]);
  });

  it('numbers versions in order, with an upgrade for each that changes a table an older one made', () => {
    const made = new Set<string>();
    SCHEMA_VERSIONS.forEach((schema, i) => {
      expect(schema.version).toBeGreaterThan(i ? SCHEMA_VERSIONS[i - 1]!.version : 0);
      const changes = Object.keys(schema.stores).filter((table) => made.has(table));
      if (changes.length)
        expect(
          schema.upgrade,
          `version ${schema.version} changes ${changes.join(', ')}: it needs an upgrade`,
        ).toBeTypeOf('function');
      for (const table of Object.keys(schema.stores)) made.add(table);
    });
  });

  it.each(SCHEMA_VERSIONS.map((s) => [s.version]))(
    'opens a database written by version %i and finds every record',
    async (version) => {
      const name = await writeExample(version);
      const db = new StepwiseDatabase({ name });
      await db.open();
      expect(db.verno).toBe(CURRENT_VERSION);
      let checked = 0;
      for (const [table, records] of Object.entries(EXAMPLES[version]!.tables)) {
        const keyPath = db.table(table).schema.primKey.keyPath;
        for (const record of records) {
          const key = primaryKey(keyPath ?? null, record);
          expect(await found(db, table, key), `${table} ${JSON.stringify(key)}`).toMatchObject(record);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(10);
      db.close();
    },
  );

  describe('version 1 to 2', () => {
    it('indexes every pack’s rules, turns packs on and sets a reused rule id aside', async () => {
      const db = new StepwiseDatabase({ name: await writeExample(1) });
      const packs: PackRecord[] = await db.packs.toArray();
      expect(packs.map((p) => [p.id, p.enabled])).toEqual([
        ['acme-basics', true],
        ['zz-team-tips', true],
      ]);
      const rules: RuleRecord[] = await db.rules.orderBy('id').toArray();
      expect(rules.map((r) => [r.id, r.packId, r.status])).toEqual([
        ['find-account', 'acme-basics', 'published'],
        ['log-call', 'acme-basics', 'draft'],
      ]);
      const [setAside] = (await db.quarantine.toArray()) as QuarantineRecord[];
      expect(setAside).toMatchObject({
        table: 'rules',
        key: 'zz-team-tips/find-account',
        reason: 'rule id already used by pack "acme-basics"',
        value: v1.tables.packs[1].pack.rules[0],
      });
      // The pack that reused the id keeps its record; its rule is kept in the quarantine, once.
      expect(await db.packs.get('zz-team-tips')).toMatchObject({ name: 'Team tips', counts: { rules: 0 } });
      expect(await db.quarantine.where('table').equals('rules').count()).toBe(1);
      db.close();
    });
  });

  describe('version 2 to 4', () => {
    it('copies each queued help request into its outbox entry, and leaves an entry whose request is gone', async () => {
      const name = await writeExample(2);
      const old = new StepwiseDatabase({ name, upToVersion: 2 });
      await old.open();
      await old.outbox.add({ seq: 3, batchId: 'client-1:3', createdAt: 3, kind: 'help', requestId: 'gone' } as never);
      old.close();
      const db = new StepwiseDatabase({ name });
      const entries = await db.outbox.where('kind').equals('help').sortBy('seq');
      const { status: _, ...request } = v1.tables.helpRequests[0];
      expect(entries[0]).toMatchObject({ requestId: 'b7c1', request });
      expect(entries[1]).toMatchObject({ requestId: 'gone' });
      expect(entries[1]).not.toHaveProperty('request');
      expect(await db.comments.count()).toBe(0);
      db.close();
    });
  });
});
