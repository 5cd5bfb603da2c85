/**
 * The team server's insights endpoints on PostgreSQL with 1,000,000 counter rows (1,000
 * walkthroughs × 11 counters × 91 days, pushed into the ledger and rolled up into the daily
 * counters, range totals and step days, then vacuumed as autovacuum would), against the naive
 * baseline in the same run: every counter of the range fetched (`GET /v1/usage`) and aggregated
 * by the caller. Funnels are asked for as the Insights page asks (`limit=50`, the most started);
 * every funnel at once is timed too (`serverFunnelAllP99Ms`); health too, as the page asks
 * (`detail=summary`, `serverHealthP99Ms`) and with every step (`serverHealthFullP99Ms`).
 * Run by `npm run bench:insights` after the page's figures, or alone:
 * `npx tsx bench/insights-server.ts [--requests N] [--out FILE]` (it merges into the file).
 *
 * PostgreSQL comes from DATABASE_URL, or a throwaway cluster is started. The server runs as
 * `npm run server` runs it (its own process). Each request has a one-minute limit (the naive
 * baseline's, five minutes).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildReport, FUNNELS_WITH_DAILY } from '../insights/aggregate';
import { ruleInfosOf } from '../insights/rule-infos';
import { migrate } from '../server/db/migrate';
import { openDatabase } from '../server/db/open';
import { startThrowawayPostgres } from '../server/dev/postgres';
import { spawnServer } from '../server/dev/process';
import { insightsBenchPack } from './insights-pack';
import { seedServerInsights } from './insights-server-seed';

// Not strict: imported by bench/insights.ts, whose own options are on the command line too.
const { values: args } = parseArgs({
  strict: false,
  options: {
    requests: { type: 'string', default: '100' },
    'naive-requests': { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench/results/insights.json' },
  },
});
const REQUESTS = Number(args.requests);
const NAIVE_REQUESTS = Number(args['naive-requests']);
const OUT = String(args.out);
const RULES = 1000;
const DAYS = 91;
const CALL_TIMEOUT_MS = 60_000;
const NAIVE_TIMEOUT_MS = 300_000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
};

const pack = insightsBenchPack(RULES);

export async function benchServerInsights(): Promise<Record<string, unknown>> {
  const own = process.env.DATABASE_URL ? null : await startThrowawayPostgres();
  const databaseUrl = process.env.DATABASE_URL ?? own!.url;
  const database = await openDatabase({ databaseUrl, dataDir: '' });
  try {
    await migrate(database.scripts);
    const { ws, rows } = await seedServerInsights(database.db, RULES, DAYS);
    const server = await spawnServer({
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '10000000',
    });
    try {
      const get = async (path: string, timeoutMs = CALL_TIMEOUT_MS) => {
        const started = performance.now();
        const res = await fetch(`${server.url}${path}`, {
          headers: { authorization: `Bearer ${ws.token}` },
          signal: AbortSignal.timeout(timeoutMs),
        });
        const body = await res.json();
        if (!res.ok) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body)}`);
        return { ms: performance.now() - started, body };
      };
      const published = await fetch(`${server.url}/v1/packs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(pack),
      });
      if (!published.ok) throw new Error(`publishing the pack answered ${published.status}`);
      const today = new Date().toISOString().slice(0, 10);
      const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
      const q = `from=${from}&to=${today}`;
      const time = async (path: string, n: number) => {
        await get(path);
        const ms: number[] = [];
        for (let i = 0; i < n; i++) ms.push((await get(path)).ms);
        console.log(`${path.split('?')[0]}: p50 ${percentile(ms, 50)} ms`);
        return ms;
      };
      // As the Insights page asks: the most started funnels (those it lists), and how many there are.
      const funnel = await time(`/v1/insights/funnels?${q}&limit=${FUNNELS_WITH_DAILY}`, REQUESTS);
      // Health as the page asks (what it draws), and every step of every rule.
      const health = await time(`/v1/insights/health?${q}&detail=summary`, REQUESTS);
      const healthFull = await time(`/v1/insights/health?${q}`, Math.min(REQUESTS, 20));
      // Every funnel, for an API caller that wants them all.
      const funnelAll = await time(`/v1/insights/funnels?${q}`, Math.min(REQUESTS, 20));
      // The naive way: every counter of the range to the caller, aggregated there.
      const { rules } = ruleInfosOf([{ id: pack.id, name: pack.name, pack }]);
      const naive: number[] = [];
      for (let i = 0; i < NAIVE_REQUESTS; i++) {
        const started = performance.now();
        // Every counter as JSON: far slower than the sums, so it is given longer.
        const { body } = await get(`/v1/usage?${q}`, NAIVE_TIMEOUT_MS);
        const report = buildReport(
          {
            rules,
            counters: body.counters,
            probes: [],
            probeStates: [],
            comments: [],
            stuck: [],
            outgrow: [],
            now: Date.now(),
          },
          { range: { from, to: today } },
        );
        if (!report.funnels.length) throw new Error('the naive report has no funnel');
        naive.push(performance.now() - started);
      }
      const result = {
        serverRows: rows,
        serverFunnelP99Ms: percentile(funnel, 99),
        serverHealthP99Ms: percentile(health, 99),
        serverHealthFullP99Ms: percentile(healthFull, 99),
        serverFunnelAllP99Ms: percentile(funnelAll, 99),
        serverNaiveP99Ms: percentile(naive, 99),
        server: {
          funnel: { p50: percentile(funnel, 50), p99: percentile(funnel, 99), requests: funnel.length },
          health: { p50: percentile(health, 50), p99: percentile(health, 99), requests: health.length },
          healthFull: { p50: percentile(healthFull, 50), p99: percentile(healthFull, 99), requests: healthFull.length },
          funnelAll: { p50: percentile(funnelAll, 50), p99: percentile(funnelAll, 99), requests: funnelAll.length },
          naive: { p50: percentile(naive, 50), p99: percentile(naive, 99), requests: naive.length },
          loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
        },
      };
      console.log(
        `Server on PostgreSQL, ${rows.toLocaleString()} counter rows, 90 days: funnels (the ${FUNNELS_WITH_DAILY} most started) p99 ${result.serverFunnelP99Ms} ms (p50 ${result.server.funnel.p50}), all ${RULES} funnels p99 ${result.serverFunnelAllP99Ms} ms, health as the page asks p99 ${result.serverHealthP99Ms} ms (p50 ${result.server.health.p50}), every step p99 ${result.serverHealthFullP99Ms} ms; naive (every counter fetched and aggregated) p99 ${result.serverNaiveP99Ms} ms. Load average ${result.server.loadAverage.join(', ')}.`,
      );
      return result;
    } finally {
      await server.kill();
    }
  } finally {
    await database.close();
    own?.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchServerInsights();
  const out = resolve(OUT);
  const before = JSON.parse(await readFile(out, 'utf8').catch(() => '{}'));
  const notMeasured = (before.notMeasured ?? []).filter((m: string) => !(m in result));
  await writeFile(out, `${JSON.stringify({ ...before, ...result, notMeasured }, null, 2)}\n`);
  console.log(`Wrote ${OUT}`);
}
