/** `bench:server`'s phases' results, and the figures its results file reports from them. */
import { cpus } from 'node:os';
import { percentile } from './stats';

/** CPU time per 1,000 counters of one phase, from /proc: what a loaded machine does not distort. */
export interface CpuPer1000 {
  serverCpuMsPer1000Counters: number;
  /** PostgreSQL's processes (roll-ups included), when the benchmark started it; else null. */
  databaseCpuMsPer1000Counters: number | null;
  /** The benchmark's own process: its clients share the cores with the server. */
  clientCpuMsPer1000Counters: number;
}

export interface PhaseResult extends CpuPer1000 {
  counters: number;
  pushes: number;
  ms: number;
  countersPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export interface PacedResult extends PhaseResult {
  offeredCountersPerSec: number;
  pulls: number;
  packPull304P50Ms: number;
  packPull304P99Ms: number;
}

export interface LoadResult {
  processes: number;
  saturated: PhaseResult;
  /** Open loop at a busy team's rate (`--team-rate`), then at 50,000 counters a second (`--offered`). */
  team?: PacedResult;
  /** The members' pulls with no pushes at all: the machine's own floor for a `304`. */
  pullsAlone?: Pick<PacedResult, 'pulls' | 'packPull304P50Ms' | 'packPull304P99Ms'>;
  /** The same pulls from a bare node:http server that only answers `304` (bench/bare-304-server.ts). */
  pullsBare?: Pick<PacedResult, 'pulls' | 'packPull304P50Ms' | 'packPull304P99Ms'>;
  paced?: PacedResult;
  lost: number;
  doubleCounted: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A phase's figures from its CPU and counters (`measured`), its pushes' latencies and their number. */
export function phaseSummary(
  m: CpuPer1000 & { counters: number; ms: number },
  latencies: number[],
  pushes: number,
): PhaseResult {
  return {
    counters: m.counters,
    pushes,
    ms: Math.round(m.ms),
    countersPerSec: Math.round((m.counters / m.ms) * 1000),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    serverCpuMsPer1000Counters: m.serverCpuMsPer1000Counters,
    databaseCpuMsPer1000Counters: m.databaseCpuMsPer1000Counters,
    clientCpuMsPer1000Counters: m.clientCpuMsPer1000Counters,
  };
}

/** The figures of one run: the ledger's phases, beside the naive baseline and PGlite. */
export function serverFigures(ledger: LoadResult, naive: LoadResult, pglite: LoadResult, pullRate: number) {
  const s = ledger.saturated;
  const p = ledger.paced!;
  const t = ledger.team!;
  return {
    /** Saturated (closed loop): the most counters a second the server took. */
    countersPerSec: s.countersPerSec,
    /** Saturated latencies are queueing (50 pushes always in flight), not the server's latency. */
    saturatedP50Ms: s.p50Ms,
    saturatedP99Ms: s.p99Ms,
    /** Paced (open loop) at this offered rate (`--offered`, 50,000): latencies from each push's due time. */
    offeredCountersPerSec: p.offeredCountersPerSec,
    pacedCountersPerSec: p.countersPerSec,
    p50Ms: p.p50Ms,
    p99Ms: p.p99Ms,
    /** 304 pulls of unchanged packs, `packPull304PerSec` a second, from when each was due. */
    packPull304PerSec: pullRate,
    /** During the team phase: pushes at a busy team's rate (`teamOfferedCountersPerSec`). */
    packPull304P50Ms: t.packPull304P50Ms,
    packPull304P99Ms: t.packPull304P99Ms,
    teamOfferedCountersPerSec: t.offeredCountersPerSec,
    teamCountersPerSec: t.countersPerSec,
    teamP50Ms: t.p50Ms,
    teamP99Ms: t.p99Ms,
    /** The same pulls with nothing else sent (a phase of its own, before the team phase). */
    packPull304AloneP50Ms: ledger.pullsAlone?.packPull304P50Ms,
    packPull304AloneP99Ms: ledger.pullsAlone?.packPull304P99Ms,
    /** The floor: a bare node:http server answering `304` and nothing else, pulled the same way. */
    packPull304BareP50Ms: ledger.pullsBare?.packPull304P50Ms,
    packPull304BareP99Ms: ledger.pullsBare?.packPull304P99Ms,
    /** During the paced phase (`offeredCountersPerSec`): a load far above any team's. */
    packPull304UnderPacedP50Ms: p.packPull304P50Ms,
    packPull304UnderPacedP99Ms: p.packPull304P99Ms,
    naiveCountersPerSec: naive.saturated.countersPerSec,
    naiveSaturatedP99Ms: naive.saturated.p99Ms,
    throughputRatio: round(s.countersPerSec / naive.saturated.countersPerSec, 1),
    pgliteCountersPerSec: pglite.saturated.countersPerSec,
    pgliteSaturatedP99Ms: pglite.saturated.p99Ms,
    lost: ledger.lost + naive.lost + pglite.lost,
    doubleCounted: ledger.doubleCounted + naive.doubleCounted + pglite.doubleCounted,
    counters: s.counters + t.counters + p.counters,
    /** CPU per 1,000 counters in the saturated phase (the paced phase's below). */
    serverCpuMsPer1000Counters: s.serverCpuMsPer1000Counters,
    databaseCpuMsPer1000Counters: s.databaseCpuMsPer1000Counters,
    clientCpuMsPer1000Counters: s.clientCpuMsPer1000Counters,
    pacedServerCpuMsPer1000Counters: p.serverCpuMsPer1000Counters,
    pacedDatabaseCpuMsPer1000Counters: p.databaseCpuMsPer1000Counters,
    naiveServerCpuMsPer1000Counters: naive.saturated.serverCpuMsPer1000Counters,
    naiveDatabaseCpuMsPer1000Counters: naive.saturated.databaseCpuMsPer1000Counters,
    pgliteServerCpuMsPer1000Counters: pglite.saturated.serverCpuMsPer1000Counters,
    /**
     * What the machine's cores would give the ledger path with nothing else running: the cores'
     * seconds divided by the CPU the server and PostgreSQL spent per counter (derived, not timed).
     */
    cpuBoundCountersPerSec:
      s.databaseCpuMsPer1000Counters === null
        ? null
        : Math.round((cpus().length * 1000 * 1000) / (s.serverCpuMsPer1000Counters + s.databaseCpuMsPer1000Counters)),
  };
}
