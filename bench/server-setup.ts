/**
 * What `bench:server` runs against and beside: the installations' batches, the database of each
 * phase (a fresh PostgreSQL database, or a PGlite folder) and the members' pulls in a process of
 * their own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../server/dev/postgres';
import type { Batch } from '../server/sync/schemas';
import { processTreeCpuSeconds } from './process-cpu';
import { percentile } from './stats';

const EVENTS = ['shown', 'completed', 'dismissed', 'helpful', 'unhelpful', 'target-missing'] as const;
/** The day every benchmark delta counts on. */
export const DAY = '2026-03-02';
const RULES = 100;
const STEPS = 5;

/** `count` batches of one installation: `size` (200) distinct counters of the team's 3,000 each, counts 1 to 5. */
export function makeBatches(seed: number, count: number, size: number): Batch[] {
  let a = seed;
  const rand = () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
  return Array.from({ length: count }, (_, b) => {
    const keys = new Set<number>();
    while (keys.size < size) keys.add(Math.floor(rand() * RULES * STEPS * EVENTS.length));
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

/**
 * The members' pulls in their own process (`bench/server-puller.ts`), started and ready before the
 * phase (a process takes a while to start, which must not count as the server's latency); `go`
 * gives it the phase's start and resolves to the pulls' latencies.
 */
export async function startPullers(
  input: Record<string, unknown>,
): Promise<{ go(startAt: number): Promise<number[]> }> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, new URL('./server-puller.ts', import.meta.url).pathname, JSON.stringify(input)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  // The members' browsers have their own machines; here they share two cores with the servers and
  // PostgreSQL. A pull waiting for this process to get a core is the benchmark's delay, not the
  // server's: the process runs ahead of the others when the system allows it (as root).
  try {
    setPriority(child.pid!, -10);
  } catch {
    console.warn(
      "The pullers' process runs at normal priority (raising it needs root): its own waits count in the pulls' latency.",
    );
  }
  let out = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    if (out.startsWith('ready\n')) onReady();
  });
  const done = new Promise<number[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the pullers' process ended with ${code}`));
      resolve((JSON.parse(out.trim().split('\n').pop() ?? '{}') as { latencies: number[] }).latencies);
    });
  });
  await Promise.race([ready, done]);
  return {
    go(startAt: number) {
      child.stdin.end(`${startAt}\n`);
      return done;
    },
  };
}

/** Pulls on `input`'s schedule (as `startPullers`) started at once: how many, and their p50 and p99. */
export async function pullFigures(
  input: Record<string, unknown>,
): Promise<{ pulls: number; packPull304P50Ms: number; packPull304P99Ms: number }> {
  const pullers = await startPullers(input);
  const ms = await pullers.go(performance.timeOrigin + performance.now() + 20);
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    pulls: ms.length,
    packPull304P50Ms: round2(percentile(ms, 50)),
    packPull304P99Ms: round2(percentile(ms, 99)),
  };
}

/** `count` bare servers that answer every request with a `304` (bench/bare-304-server.ts), each its own process. */
export async function startBareServers(count: number): Promise<{ urls: string[]; stop(): void }> {
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  try {
    const urls = await Promise.all(
      Array.from({ length: count }, async () => {
        const port = await freePort();
        const child = spawn(
          process.execPath,
          [...process.execArgv, new URL('./bare-304-server.ts', import.meta.url).pathname, String(port)],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        children.push(child);
        await new Promise<void>((resolve, reject) => {
          child.once('error', reject);
          child.once('exit', (code) => reject(new Error(`the bare server ended with ${code}`)));
          child.stdout!.once('data', () => resolve());
        });
        return `http://127.0.0.1:${port}`;
      }),
    );
    return { urls, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

export interface Target {
  databaseUrl: string | null;
  dataDir: string;
  /** CPU seconds PostgreSQL has used so far (the throwaway cluster's processes), or null when unknown. */
  databaseCpu(): number | null;
  drop(): Promise<void>;
}

export async function postgresTarget(admin: string, postmaster: number | null): Promise<Target> {
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

/** The version of the PostgreSQL at `admin` (a connection URL). */
export async function postgresVersion(admin: string): Promise<string> {
  const c = new pg.Client(admin);
  await c.connect();
  try {
    return (await c.query('SHOW server_version')).rows[0].server_version as string;
  } finally {
    await c.end();
  }
}

export function pgliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-pglite-'));
  return {
    databaseUrl: null,
    dataDir: join(dir, 'data'),
    databaseCpu: () => 0, // inside the server process, counted there
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
