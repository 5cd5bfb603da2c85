/**
 * `npx tsx scripts/with-postgres.ts -- npx tsx bench/insights-plans.ts`: the team insights'
 * queries on PostgreSQL with the benchmark's 1,000,000 counter rows (`insights-server-seed.ts`),
 * each endpoint's work timed in this process (p50 of `--runs`, and its answer's JSON size), then
 * every statement it sent shown with `EXPLAIN (ANALYZE, BUFFERS)`.
 *
 * Options: --runs N (20), --only funnels|health (both).
 */
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { FUNNELS_WITH_DAILY } from '../insights/aggregate';
import { migrate } from '../server/db/migrate';
import { openDatabase } from '../server/db/open';
import type { Database } from '../server/db/schema';
import { teamFunnels, teamHealth } from '../server/insights/read';
import { publishPack } from '../server/packs/service';
import { insightsBenchPack } from './insights-pack';
import { seedServerInsights } from './insights-server-seed';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, only: { type: 'string' } },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL: run this under scripts/with-postgres.ts');

const database = await openDatabase({ databaseUrl: url, dataDir: '' });
await migrate(database.scripts);
const { ws, rows } = await seedServerInsights(database.db, 1000, 91);
await publishPack(
  database.db,
  { tokenId: ws.info.id, workspaceId: ws.workspaceId, role: 'admin', name: 'Admin' },
  insightsBenchPack(1000),
);
const today = new Date().toISOString().slice(0, 10);
const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
const q = { from, to: today };

const pool = new pg.Pool({ connectionString: url, max: 4 });
const statements: { sql: string; parameters: readonly unknown[] }[] = [];
const logged = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    if (event.level === 'query') statements.push({ sql: event.query.sql, parameters: event.query.parameters });
  },
});

const endpoints = {
  funnels: (db: Kysely<Database>) => teamFunnels(db, ws.workspaceId, { ...q, limit: FUNNELS_WITH_DAILY }),
  health: (db: Kysely<Database>) => teamHealth(db, ws.workspaceId, q),
};
console.log(`${rows.toLocaleString()} counter rows.`);
for (const [name, run] of Object.entries(endpoints)) {
  if (args.only && args.only !== name) continue;
  await run(database.db);
  const ms: number[] = [];
  let size = 0;
  for (let i = 0; i < Number(args.runs); i++) {
    const started = performance.now();
    size = JSON.stringify(await run(database.db)).length;
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `\n=== ${name}: p50 ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms, answer ${size.toLocaleString()} chars`,
  );
  statements.length = 0;
  await run(logged);
  // Reads only (a transaction's own statements are not plans).
  for (const s of statements.filter((x) => /^\s*(select|with)\b/i.test(x.sql))) {
    const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.parameters as unknown[]);
    console.log(`\n${s.sql.replace(/\s+/g, ' ').slice(0, 300)}`);
    for (const row of plan.rows) console.log(row['QUERY PLAN']);
  }
}
await logged.destroy();
await database.close();
