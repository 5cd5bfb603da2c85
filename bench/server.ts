/**
 * `npm run bench:server`: the team server under load, all in one run, with PostgreSQL.
 *
 * Two load models, because they answer two questions:
 *
 * - **Saturated** (closed loop): 50 installations at once, each sending its next batch of 200
 *   counter deltas the moment the last one is answered (every 20th batch sent again, as a retry
 *   would). It finds the most the server takes: `countersPerSec`. Its latencies are queueing by
 *   construction (Little's law: 50 pushes always in flight at R pushes a second wait 50/R s on
 *   average), so they are reported as `saturatedP99Ms`, not as the server's latency.
 * - **Paced** (open loop): the same 50 installations sending at a fixed, stated rate, each on its
 *   own schedule; a push's latency runs from the moment it was due, not from when it left, so a
 *   slow answer that delays the next push is counted against the server (no coordinated omission).
 *   Meanwhile members pull the current packs with the ETag they have (`--pull-rate` a second, also
 *   on a schedule, from a process of their own). First the pulls alone, with no pushes
 *   (`packPull304AloneP99Ms`), and the same pulls from a bare node:http server that only answers
 *   `304` (`packPull304BareP99Ms`): the machine's own floor for such a request. Then two rates,
 *   after the roll-up has worked off the saturated phase's backlog: first a busy team's
 *   (`--team-rate`, 2,000 counters a second, ten times the busiest minutes of a 10,000-person
 *   team), where `packPull304P99Ms` is what members
 *   see; then 50,000 counters a second (`--offered`, the issue's throughput target, reported as
 *   `offeredCountersPerSec`), a stress far above any team's, where `p99Ms` is the push latency and
 *   `packPull304UnderPacedP99Ms` the pulls'. The rate is fixed, not derived from the saturated
 *   phase: a p99 is only comparable between runs at the same offered rate.
 *
 * Beside them: naiveCountersPerSec (one INSERT … ON CONFLICT per counter per request, saturated),
 * pgliteCountersPerSec (the embedded database, saturated), and lost / doubleCounted: every counter
 * on the server compared with what was acknowledged. The server runs as `npm run server` runs it
 * (its own processes, --processes of them on PostgreSQL), on PostgreSQL with its default
 * durability. CPU time per 1,000 counters of the servers, PostgreSQL and the benchmark's own
 * client (all from /proc) is what a loaded machine does not distort; wall-clock figures are only
 * as good as the machine is quiet (`loadAverageAtStart`, `loadAverage`).
 *
 * PostgreSQL comes from DATABASE_URL, or a throwaway cluster is started (PostgreSQL's binaries
 * needed: apt-get install postgresql). Options: --installations N (50), --batches N per
 * installation in the saturated phase (60), --deltas N per batch (200), --seconds N per phase (15),
 * --offered N counters a second in the paced phase (50,000), --team-rate N in the
 * team phase (2,000), --pull-rate N pulls a second (25: twice what a team of 10,000 people asks,
 * docs/scaling.md), --processes N server
 * processes on PostgreSQL (2), --profile DIR (CPU profiles of the servers), --out FILE,
 * --ledger-only (the ledger phases alone, printed and not written: for comparing two versions of
 * the server in turns), --trace FILE (each paced push's due time, epoch ms, and latency, written to
 * FILE.team.json and FILE.paced.json: to line slow pushes up with the database's log).
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createToken, createWorkspace } from '../server/auth/tokens';
import { migrate } from '../server/db/migrate';
import { openDatabase } from '../server/db/open';
import { startThrowawayPostgres } from '../server/dev/postgres';
import { spawnServer } from '../server/dev/process';
import type { Batch } from '../server/sync/schemas';
import { readUsage } from '../server/usage/read';
import { rollupAll } from '../server/usage/rollup';
import { BenchClient } from './http-client';
import { cpuSeconds } from './process-cpu';
import { type CpuPer1000, type LoadResult, type PacedResult, phaseSummary, serverFigures } from './server-results';
import {
  DAY,
  makeBatches,
  pgliteTarget,
  postgresTarget,
  postgresVersion,
  pullFigures,
  startBareServers,
  startPullers,
  type Target,
} from './server-setup';
import { percentile } from './stats';

const { values: args } = parseArgs({
  options: {
    installations: { type: 'string', default: '50' },
    batches: { type: 'string', default: '60' },
    seconds: { type: 'string', default: '15' },
    processes: { type: 'string', default: '2' },
    deltas: { type: 'string', default: '200' },
    offered: { type: 'string', default: '50000' },
    'pull-rate': { type: 'string', default: '25' },
    'team-rate': { type: 'string', default: '2000' },
    out: { type: 'string', default: 'bench/results/server.json' },
    profile: { type: 'string' },
    'ledger-only': { type: 'boolean', default: false },
    trace: { type: 'string' },
  },
});
const INSTALLATIONS = Number(args.installations);
const BATCHES = Number(args.batches);
const DELTAS = Number(args.deltas);
/** Each phase stops after this long, whatever it has not sent: rates are over what was done. */
const SECONDS = Number(args.seconds);
/** Server processes on one PostgreSQL (the scaling path); the embedded database has one. */
const PROCESSES = Number(args.processes);
/** Pack pulls a second during the paced phases. */
const PULL_RATE = Number(args['pull-rate']);
/** Counters a second in the team phase: ten times a 10,000-person team's busiest minutes (docs/scaling.md). */
const TEAM_RATE = Number(args['team-rate']);
/** Counters a second in the paced phase, where `p99Ms` is read: the throughput target. */
const OFFERED = Number(args.offered);
for (const [name, value] of [
  ['--offered', OFFERED],
  ['--team-rate', TEAM_RATE],
] as const) {
  if (!(value > 0)) throw new Error(`${name} must be a number of counters a second above 0, such as 50000`);
}
/** No single call may wait longer (a busy machine must not hang the benchmark). */
const CALL_TIMEOUT_MS = 60_000;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

async function runLoad(
  label: string,
  target: Target,
  usageWrites: 'ledger' | 'naive',
  paced: { offered: number } | null,
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
  // Installations are spread over the processes, as a load balancer would; each has its connection.
  const clients = servers.map((s) => new BenchClient(s.url, INSTALLATIONS * 2, CALL_TIMEOUT_MS));
  const clientOf = (i: number) => clients[i % clients.length]!;
  const cpuOfServers = () => servers.reduce((sum, s) => sum + cpuSeconds(s.child.pid), 0);
  try {
    const expected = new Map<string, number>();
    /** Counts what the server acknowledged: those must all be there, once. */
    const expect = (b: Batch) => {
      if (b.kind === 'usage')
        for (const d of b.deltas) {
          const k = `${d.day}|${d.ruleId}|${d.stepId}|${d.event}`;
          expected.set(k, (expected.get(k) ?? 0) + d.count);
        }
    };
    /** Sends one push (its body serialised beforehand); resolves when it is answered. */
    const push = async (i: number, body: Buffer) => {
      const res = await clientOf(i).request(
        'POST',
        '/v1/sync/push',
        { authorization: `Bearer ${tokens[i]!.token}` },
        body,
      );
      if (res.status !== 200) throw new Error(`${label}: push answered ${res.status}: ${res.text}`);
    };
    const bodyOf = (installationId: string, batch: Batch) =>
      Buffer.from(JSON.stringify({ installationId, batches: [batch] }));
    /** Runs `phase` and reads the CPU every part used meanwhile, per 1,000 counters it reports. */
    const measured = async (phase: () => Promise<number>): Promise<CpuPer1000 & { counters: number; ms: number }> => {
      const server = cpuOfServers();
      const db = target.databaseCpu();
      const client = process.cpuUsage();
      const started = performance.now();
      const counters = await phase();
      const ms = performance.now() - started;
      const clientUsed = process.cpuUsage(client);
      const dbAfter = target.databaseCpu();
      const per1000 = (seconds: number) => round((seconds * 1000 * 1000) / counters, 2);
      return {
        counters,
        ms,
        serverCpuMsPer1000Counters: per1000(cpuOfServers() - server),
        databaseCpuMsPer1000Counters: db === null || dbAfter === null ? null : per1000(dbAfter - db),
        clientCpuMsPer1000Counters: per1000((clientUsed.user + clientUsed.system) / 1e6),
      };
    };

    // Warm up connections and JIT, on counters of another day (not counted below).
    await Promise.all(
      tokens.map((_, i) =>
        push(
          i,
          bodyOf(`warmup-install-${i}`, {
            seq: 1,
            kind: 'usage',
            createdAt: 0,
            deltas: [{ ruleId: 'w', stepId: '', event: 'shown', day: '2026-01-01', count: 1 }],
          }),
        ),
      ),
    );

    // Saturated: each installation sends its next batch as soon as the last is answered.
    const plans = tokens.map((_, i) =>
      makeBatches(1000 + i, BATCHES, DELTAS).map((batch) => ({ batch, body: bodyOf(`bench-install-${i}`, batch) })),
    );
    const saturatedLatencies: number[] = [];
    let saturatedPushes = 0;
    const saturated = await measured(async () => {
      const deadline = performance.now() + SECONDS * 1000;
      let sent = 0;
      await Promise.all(
        plans.map(async (plan, i) => {
          for (const [n, { batch, body }] of plan.entries()) {
            if (performance.now() > deadline) break;
            const started = performance.now();
            await push(i, body);
            saturatedLatencies.push(performance.now() - started);
            saturatedPushes++;
            expect(batch);
            sent++;
            // A retry: acknowledged, never counted twice.
            if (n % 20 === 19) {
              await push(i, body);
              saturatedPushes++;
            }
          }
        }),
      );
      return sent * DELTAS;
    });
    const result: LoadResult = {
      processes,
      saturated: phaseSummary(saturated, saturatedLatencies, saturatedPushes),
      lost: 0,
      doubleCounted: 0,
    };

    if (paced) {
      const admin = ws.token;
      const pack = readFileSync(new URL('../packs/acme-crm-starter.json', import.meta.url));
      const published = await clients[0]!.request('POST', '/v1/packs', { authorization: `Bearer ${admin}` }, pack);
      if (published.status !== 201) throw new Error(`publishing the pack answered ${published.status}`);
      const pull = async (n: number) =>
        clientOf(n).request('GET', '/v1/packs/current', {
          authorization: `Bearer ${tokens[n % tokens.length]!.token}`,
          'if-none-match': etag,
        });
      const first = await clients[0]!.request('GET', '/v1/packs/current', {
        authorization: `Bearer ${tokens[0]!.token}`,
      });
      const etag = `"packs-${JSON.parse(first.text).revision}"`;
      for (let n = 0; n < 200; n++) await pull(n); // warm up the pull's path in every process

      // The saturated phase leaves a backlog in the ledger, which the roll-up would otherwise work off
      // during the phases below: each measures the steady state at its own rate.
      const drain = await openDatabase(target);
      await rollupAll(drain.db);
      await drain.close();

      /** The members' pulls of `urls`, on their schedule. */
      const pullInput = (urls: string[]) => ({
        urls,
        tokens: tokens.map((t) => t.token),
        etag,
        rate: PULL_RATE,
        seconds: SECONDS,
        timeoutMs: CALL_TIMEOUT_MS,
      });

      /** Open loop at `offered` counters a second, with the members' pulls beside it. */
      const pacedPhase = async (name: string, offered: number, seed: number): Promise<PacedResult> => {
        // Each installation sends a batch every `every` ms, the installations spread evenly over it.
        const every = (INSTALLATIONS * DELTAS * 1000) / offered;
        const perInstallation = Math.max(1, Math.floor((SECONDS * 1000) / every));
        const plans = tokens.map((_, i) =>
          makeBatches(seed + i, perInstallation, DELTAS).map((batch) => ({
            batch,
            body: bodyOf(`${name}-install-${i}`, batch),
          })),
        );
        const latencies: number[] = [];
        const traced: { due: number; sent: number; ms: number; installation: number }[] = [];
        const pullLatencies: number[] = [];
        let pushes = 0;
        const pullers = await startPullers(pullInput(servers.map((server) => server.url)));
        const m = await measured(async () => {
          const start = performance.now() + 20;
          let sent = 0;
          const pulls = pullers.go(performance.timeOrigin + start).then((ms) => pullLatencies.push(...ms));
          await Promise.all(
            plans.map(async (plan, i) => {
              for (const [n, { batch, body }] of plan.entries()) {
                // Due on its schedule; when the last push is still out, this one goes when it is answered.
                const due = start + (i / INSTALLATIONS) * every + n * every;
                await sleepUntil(due);
                const leftAt = performance.now();
                await push(i, body);
                latencies.push(performance.now() - due);
                if (args.trace) {
                  const at = performance.timeOrigin;
                  traced.push({ due: at + due, sent: leftAt - due, ms: performance.now() - due, installation: i });
                }
                pushes++;
                expect(batch);
                sent++;
                if (n % 20 === 19) {
                  await push(i, body);
                  pushes++;
                }
              }
            }),
          );
          await pulls;
          return sent * DELTAS;
        });
        if (args.trace) await writeFile(`${args.trace}.${name}.json`, JSON.stringify(traced));
        return {
          ...phaseSummary(m, latencies, pushes),
          offeredCountersPerSec: offered,
          pulls: pullLatencies.length,
          packPull304P50Ms: round(percentile(pullLatencies, 50), 2),
          packPull304P99Ms: round(percentile(pullLatencies, 99), 2),
        };
      };
      // The pulls with nothing else sent: from the team server, then from a bare one (the floor).
      result.pullsAlone = await pullFigures(pullInput(servers.map((server) => server.url)));
      const bare = await startBareServers(servers.length);
      try {
        result.pullsBare = await pullFigures(pullInput(bare.urls));
      } finally {
        bare.stop();
      }
      result.team = await pacedPhase('team', TEAM_RATE, 3000);
      result.paced = await pacedPhase('paced', paced.offered, 5000);
    }

    await Promise.all(servers.map((s) => s.kill('SIGTERM')));
    const check = await openDatabase(target);
    await rollupAll(check.db);
    const rows = await readUsage(check.db, ws.workspaceId, { from: DAY, to: DAY });
    await check.close();
    const seen = new Set<string>();
    for (const r of rows) {
      const k = `${r.day}|${r.ruleId}|${r.stepId}|${r.event}`;
      seen.add(k);
      const want = expected.get(k) ?? 0;
      if (r.count > want) result.doubleCounted += r.count - want;
      else result.lost += want - r.count;
    }
    for (const [k, want] of expected) if (!seen.has(k)) result.lost += want;
    console.log(`${label}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    for (const c of clients) c.close();
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
const postmaster = throwaway?.pid() ?? null;
try {
  if (args['ledger-only']) {
    const t = await postgresTarget(admin, postmaster);
    await runLoad('PostgreSQL, ledger', t, 'ledger', { offered: OFFERED });
    await t.drop();
  } else await runAll(admin);
} finally {
  throwaway?.stop();
}

/** Every phase, then the results file. */
async function runAll(admin: string): Promise<void> {
  const targets: Target[] = [];
  const t1 = await postgresTarget(admin, postmaster);
  targets.push(t1);
  const ledger = await runLoad('PostgreSQL, ledger', t1, 'ledger', { offered: OFFERED });
  const t2 = await postgresTarget(admin, postmaster);
  targets.push(t2);
  const naive = await runLoad('PostgreSQL, naive (one upsert per counter)', t2, 'naive', null);
  const t3 = pgliteTarget();
  targets.push(t3);
  const pglite = await runLoad('PGlite, ledger', t3, 'ledger', null);
  for (const t of targets) await t.drop();
  const results = {
    installations: INSTALLATIONS,
    processes: ledger.processes,
    secondsPerPhase: SECONDS,
    deltasPerBatch: DELTAS,
    ...serverFigures(ledger, naive, pglite, PULL_RATE),
    postgres: await postgresVersion(admin),
    /** 1, 5 and 15-minute load averages when the run started and when it ended. */
    loadAverageAtStart: loadAtStart,
    loadAverage: loadavg().map((l) => round(l, 1)),
    cpus: cpus().length,
    date: new Date().toISOString(),
  };
  await writeFile(args.out!, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${JSON.stringify(results, null, 2)}\nWritten to ${args.out}`);
}
