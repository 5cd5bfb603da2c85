/**
 * What `bench:server` runs against and beside: the database of each phase (a fresh PostgreSQL
 * database, or a PGlite folder) and the members' pulls in a process of their own.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { processTreeCpuSeconds } from './process-cpu';

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

export function pgliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-pglite-'));
  return {
    databaseUrl: null,
    dataDir: join(dir, 'data'),
    databaseCpu: () => 0, // inside the server process, counted there
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
