/**
 * `npm run bench:server`: the team server under load, all in one run, with PostgreSQL.
 *
 * - countersPerSec, p99Ms: 50 installations at once, each pushing batches of 200 counter deltas
 *   (one batch a push, every 20th batch sent again, as a retry would), to the server as
 *   `npm run server` runs it (its own process), on PostgreSQL with its default durability.
 * - naiveCountersPerSec: the same load with one INSERT … ON CONFLICT per counter per request.
 * - pgliteCountersPerSec: the same load on the embedded database.
 * - packPull304P99Ms: members pulling the current packs with the ETag they have (a 304).
 * - lost, doubleCounted: every counter on the server compared with what was sent.
 *
 * Each phase is a bounded sample: it stops after --seconds (15) or when its work is done, and its
 * rate is over what it did; no call waits more than a minute. `serverCpuMsPer1000Counters` (the
 * server processes' own CPU time) is the figure a loaded machine does not distort.
 *
 * PostgreSQL comes from DATABASE_URL, or a throwaway cluster is started (PostgreSQL's binaries
 * needed: apt-get install postgresql). Options: --installations N (50), --batches N per
 * installation (30), --deltas N per batch (200), --pulls N (2000), --seconds N per phase (15),
 * --processes N server processes on PostgreSQL (2), --profile DIR (CPU profiles of the servers),
 * --out FILE.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createToken, createWorkspace } from '../server/auth/tokens';
import { migrate } from '../server/db/migrate';
import { openDatabase } from '../server/db/open';
import { startThrowawayPostgres } from '../server/dev/postgres';
import { spawnServer } from '../server/dev/process';
import type { Batch } from '../server/sync/schemas';
import { readUsage } from '../server/usage/read';
import { rollupAll } from '../server/usage/rollup';
import { cpuSeconds, processTreeCpuSeconds } from './process-cpu';
import { percentile } from './stats';

const { values: args } = parseArgs({
  options: {
    installations: { type: 'string', default: '50' },
    batches: { type: 'string', default: '30' },
    seconds: { type: 'string', default: '15' },
    processes: { type: 'string', default: '2' },
    deltas: { type: 'string', default: '200' },
    pulls: { type: 'string', default: '2000' },
    out: { type: 'string', default: 'bench/results/server.json' },
    profile: { type: 'string' },
  },
});
const INSTALLATIONS = Number(args.installations);
const BATCHES = Number(args.batches);
const DELTAS = Number(args.deltas);
const PULLS = Number(args.pulls);
/** Each phase stops after this long, whatever it has not sent: rates are over what was done. */
const SECONDS = Number(args.seconds);
/** Server processes on one PostgreSQL (the scaling path); the embedded database has one. */
const PROCESSES = Number(args.processes);
/** No single call may wait longer (a busy machine must not hang the benchmark). */
const CALL_TIMEOUT_MS = 60_000;
const EVENTS = ['shown', 'completed', 'dismissed', 'helpful', 'unhelpful', 'target-missing'] as const;
const DAY = '2026-03-02';
const RULES = 100;
const STEPS = 5;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** One installation's batches: 200 distinct counters of the team's 3,000 each, counts 1 to 5. */
function makeBatches(seed: number): Batch[] {
  let a = seed;
  const rand = () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
  return Array.from({ length: BATCHES }, (_, b) => {
    const keys = new Set<number>();
    while (keys.size < DELTAS) keys.add(Math.floor(rand() * RULES * STEPS * EVENTS.length));
    const deltas = [...keys].map((k) => ({
      ruleId: `rule-${Math.floor(k / (STEPS * EVENTS.length))}`,
      stepId: `step-${Math.floor(k / EVENTS.length) % STEPS}`,
      event: EVENTS[k % EVENTS.length]!,
      day: DAY,
      count: 1 + Math.floor(rand() * 5),
    }));
    return { seq: b + 1, kind: 'usage' as const, createdAt: Date.now(), deltas };
  });
}

interface Target {
  databaseUrl: string | null;
  dataDir: string;
  /** CPU seconds PostgreSQL has used so far (the throwaway cluster's processes), or null when unknown. */
  databaseCpu(): number | null;
  drop(): Promise<void>;
}

async function postgresTarget(admin: string, postmaster: number | null): Promise<Target> {
  const name = `stepwise_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client(admin);
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir: '',
    databaseCpu: () => (postmaster ? processTreeCpuSeconds(postmaster) : null),
    async drop() {
      const d = new pg.Client(admin);
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

function pgliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-pglite-'));
  return {
    databaseUrl: null,
    dataDir: join(dir, 'data'),
    databaseCpu: () => 0, // inside the server process, counted there
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

interface LoadResult {
  processes: number;
  /** CPU seconds the server process spent per 1,000 counters: what a quiet machine's speed follows. */
  serverCpuMsPer1000Counters: number;
  /** PostgreSQL's CPU time per 1,000 counters (its processes), when the benchmark started it. */
  databaseCpuMsPer1000Counters: number | null;
  counters: number;
  ms: number;
  countersPerSec: number;
  p50Ms: number;
  p99Ms: number;
  pushes: number;
  lost: number;
  doubleCounted: number;
  packPull304P99Ms?: number;
  packPull304P50Ms?: number;
}

async function runLoad(
  label: string,
  target: Target,
  usageWrites: 'ledger' | 'naive',
  pulls: number,
): Promise<LoadResult> {
  const database = await openDatabase(target);
  await migrate(database.scripts);
  const ws = await createWorkspace(database.db, { name: 'Bench', adminName: 'Admin' });
  const tokens = await Promise.all(
    Array.from({ length: INSTALLATIONS }, (_, i) =>
      createToken(database.db, { workspaceId: ws.workspaceId, role: 'member', name: `Member ${i}`, createdBy: null }),
    ),
  );
  await database.close();
  const processes = target.databaseUrl ? PROCESSES : 1;
  const servers = await Promise.all(
    Array.from({ length: processes }, () =>
      spawnServer(
        {
          DATABASE_URL: target.databaseUrl ?? '',
          DATA_DIR: target.dataDir,
          USAGE_WRITES: usageWrites,
          RATE_LIMIT_PER_MINUTE: '10000000',
          LOG_LEVEL: 'warn',
        },
        240_000,
        args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [],
      ),
    ),
  );
  // Installations are spread over the processes, as a load balancer would.
  const serverOf = (i: number) => servers[i % servers.length]!;
  const server = servers[0]!;
  const cpuOfServers = () => servers.reduce((sum, s) => sum + cpuSeconds(s.child.pid), 0);
  try {
    const plans = tokens.map((_, i) => makeBatches(1000 + i));
    const expected = new Map<string, number>();
    /** Counts what the server acknowledged: those must all be there, once. */
    const expect = (b: Batch) => {
      if (b.kind === 'usage')
        for (const d of b.deltas) {
          const k = `${d.day}|${d.ruleId}|${d.stepId}|${d.event}`;
          expected.set(k, (expected.get(k) ?? 0) + d.count);
        }
    };
    const latencies: number[] = [];
    let pushes = 0;
    const push = async (i: number, token: string, installationId: string, batch: Batch) => {
      const started = performance.now();
      const res = await fetch(`${serverOf(i).url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ installationId, batches: [batch] }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      const text = await res.text();
      latencies.push(performance.now() - started);
      pushes++;
      if (!res.ok) throw new Error(`${label}: push answered ${res.status}: ${text}`);
    };
    // Warm up connections and JIT, on counters of another day (not counted below).
    await Promise.all(
      tokens.map((t, i) =>
        push(i, t.token, `warmup-install-${i}`, {
          seq: 1,
          kind: 'usage',
          createdAt: 0,
          deltas: [{ ruleId: 'w', stepId: '', event: 'shown', day: '2026-01-01', count: 1 }],
        }),
      ),
    );
    latencies.length = 0;
    pushes = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    const cpuBefore = cpuOfServers();
    const dbCpuBefore = target.databaseCpu();
    let sent = 0;
    await Promise.all(
      tokens.map(async (t, i) => {
        const id = `bench-install-${i}`;
        for (const [n, batch] of plans[i]!.entries()) {
          if (performance.now() > deadline) break;
          await push(i, t.token, id, batch);
          expect(batch);
          sent++;
          if (n % 20 === 19) await push(i, t.token, id, batch); // a retry: acknowledged, never counted twice
        }
      }),
    );
    const ms = performance.now() - started;
    const cpuUsed = cpuOfServers() - cpuBefore;
    const dbCpuAfter = target.databaseCpu();
    const dbCpuUsed = dbCpuBefore === null || dbCpuAfter === null ? null : dbCpuAfter - dbCpuBefore;
    const counters = sent * DELTAS;

    let pull304: number[] = [];
    if (pulls) {
      const admin = ws.token;
      const pack = JSON.parse(readFileSync(new URL('../packs/acme-crm-starter.json', import.meta.url), 'utf8'));
      await fetch(`${server.url}/v1/packs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify(pack),
      });
      const first = await fetch(`${server.url}/v1/packs/current`, {
        headers: { authorization: `Bearer ${tokens[0]!.token}` },
      });
      const etag = first.headers.get('etag')!;
      await first.arrayBuffer();
      let next = 0;
      const pullDeadline = performance.now() + SECONDS * 1000;
      await Promise.all(
        tokens.map(async (t, i) => {
          while (next++ < pulls && performance.now() < pullDeadline) {
            const s = performance.now();
            const res = await fetch(`${serverOf(i).url}/v1/packs/current`, {
              headers: { authorization: `Bearer ${t.token}`, 'if-none-match': etag },
              signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
            });
            await res.arrayBuffer();
            if (res.status !== 304) throw new Error(`pull answered ${res.status}, not 304`);
            pull304.push(performance.now() - s);
          }
        }),
      );
      pull304 = pull304.slice(Math.min(200, pull304.length / 10)); // the first pulls warm up
    }

    await Promise.all(servers.map((s) => s.kill('SIGTERM')));
    const check = await openDatabase(target);
    await rollupAll(check.db);
    const rows = await readUsage(check.db, ws.workspaceId, { from: DAY, to: DAY });
    await check.close();
    let lost = 0;
    let doubleCounted = 0;
    const seen = new Set<string>();
    for (const r of rows) {
      const k = `${r.day}|${r.ruleId}|${r.stepId}|${r.event}`;
      seen.add(k);
      const want = expected.get(k) ?? 0;
      if (r.count > want) doubleCounted += r.count - want;
      else lost += want - r.count;
    }
    for (const [k, want] of expected) if (!seen.has(k)) lost += want;
    const result: LoadResult = {
      processes,
      counters,
      serverCpuMsPer1000Counters: round((cpuUsed * 1000 * 1000) / counters, 2),
      databaseCpuMsPer1000Counters: dbCpuUsed === null ? null : round((dbCpuUsed * 1000 * 1000) / counters, 2),
      ms: Math.round(ms),
      countersPerSec: Math.round((counters / ms) * 1000),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      pushes,
      lost,
      doubleCounted,
      ...(pull304.length && {
        packPull304P99Ms: round(percentile(pull304, 99), 2),
        packPull304P50Ms: round(percentile(pull304, 50), 2),
      }),
    };
    console.log(`${label}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await Promise.all(servers.map((s) => s.kill('SIGKILL')));
  }
}

const loadAtStart = loadavg().map((l) => round(l, 1));
let throwaway: Awaited<ReturnType<typeof startThrowawayPostgres>> | null = null;
let admin = process.env.DATABASE_URL;
if (!admin) {
  console.log(
    'DATABASE_URL is not set: starting a throwaway PostgreSQL (default durability: fsync and synchronous commit on).',
  );
  throwaway = await startThrowawayPostgres({ durable: true });
  admin = throwaway.url;
}
try {
  const targets: Target[] = [];
  const postmaster = throwaway?.pid() ?? null;
  const t1 = await postgresTarget(admin, postmaster);
  targets.push(t1);
  const ledger = await runLoad('PostgreSQL, ledger', t1, 'ledger', PULLS);
  const t2 = await postgresTarget(admin, postmaster);
  targets.push(t2);
  const naive = await runLoad('PostgreSQL, naive (one upsert per counter)', t2, 'naive', 0);
  const t3 = pgliteTarget();
  targets.push(t3);
  const pglite = await runLoad('PGlite, ledger', t3, 'ledger', 0);
  for (const t of targets) await t.drop();
  const version = (await (async () => {
    const c = new pg.Client(admin);
    await c.connect();
    const v = (await c.query('SHOW server_version')).rows[0].server_version as string;
    await c.end();
    return v;
  })()) as string;
  const results = {
    installations: INSTALLATIONS,
    processes: ledger.processes,
    secondsPerPhase: SECONDS,
    batchesPerInstallation: BATCHES,
    deltasPerBatch: DELTAS,
    countersPerSec: ledger.countersPerSec,
    p99Ms: ledger.p99Ms,
    p50Ms: ledger.p50Ms,
    naiveCountersPerSec: naive.countersPerSec,
    naiveP99Ms: naive.p99Ms,
    throughputRatio: round(ledger.countersPerSec / naive.countersPerSec, 1),
    pgliteCountersPerSec: pglite.countersPerSec,
    pgliteP99Ms: pglite.p99Ms,
    packPull304P99Ms: ledger.packPull304P99Ms,
    packPull304P50Ms: ledger.packPull304P50Ms,
    lost: ledger.lost + naive.lost + pglite.lost,
    doubleCounted: ledger.doubleCounted + naive.doubleCounted + pglite.doubleCounted,
    counters: ledger.counters,
    pushes: ledger.pushes,
    serverCpuMsPer1000Counters: ledger.serverCpuMsPer1000Counters,
    databaseCpuMsPer1000Counters: ledger.databaseCpuMsPer1000Counters,
    naiveServerCpuMsPer1000Counters: naive.serverCpuMsPer1000Counters,
    naiveDatabaseCpuMsPer1000Counters: naive.databaseCpuMsPer1000Counters,
    pgliteServerCpuMsPer1000Counters: pglite.serverCpuMsPer1000Counters,
    /**
     * What the machine's cores would give the ledger path with nothing else running: the cores'
     * seconds divided by the CPU the server and PostgreSQL spent per counter (derived, not timed).
     */
    cpuBoundCountersPerSec:
      ledger.databaseCpuMsPer1000Counters === null
        ? null
        : Math.round(
            (cpus().length * 1000 * 1000) / (ledger.serverCpuMsPer1000Counters + ledger.databaseCpuMsPer1000Counters),
          ),
    postgres: version,
    /** 1, 5 and 15-minute load averages when the run started and when it ended. */
    loadAverageAtStart: loadAtStart,
    loadAverage: loadavg().map((l) => round(l, 1)),
    cpus: cpus().length,
    date: new Date().toISOString(),
  };
  await writeFile(args.out!, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${JSON.stringify(results, null, 2)}\nWritten to ${args.out}`);
} finally {
  throwaway?.stop();
}
