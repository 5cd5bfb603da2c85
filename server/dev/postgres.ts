/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` in a temporary folder, started
 * on a free local port, removed when stopped. Uses the machine's PostgreSQL binaries (Debian:
 * `apt-get install postgresql`); as root, the cluster runs as the `postgres` user (initdb refuses root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const POSTGRES_HELP =
  'Install PostgreSQL (Debian/Ubuntu: apt-get install postgresql) and run the command through ' +
  '`npx tsx scripts/with-postgres.ts -- <command>`, which starts a throwaway cluster and sets DATABASE_URL; ' +
  'or set DATABASE_URL to a PostgreSQL where the tests may create databases, e.g. postgresql://postgres@127.0.0.1:5432/postgres.';

/** The folder of `initdb` and `pg_ctl`: the newest Debian install, or PATH. */
export function postgresBinaries(): string {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin');
  }
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return found.stdout.trim().replace(/\/initdb$/, '');
  throw new Error(`PostgreSQL's initdb was not found. ${POSTGRES_HELP}`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ThrowawayPostgres {
  url: string;
  port: number;
  /** The postmaster's process id (the benchmark reads its and its backends' CPU time). */
  pid(): number | null;
  stop(): void;
}

export interface ThrowawayOptions {
  /**
   * Keep PostgreSQL's default durability (fsync, synchronous commit), as a benchmark must. Tests
   * turn it off: they never pull the plug on the machine, only on the server.
   */
  durable?: boolean;
}

/** Starts a cluster; `stop()` shuts it down and deletes its folder. */
export async function startThrowawayPostgres(options: ThrowawayOptions = {}): Promise<ThrowawayPostgres> {
  const bin = postgresBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=200',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  const script = [
    `'${bin}/initdb' -D '${data}' -A trust -U postgres --no-sync >'${dir}/initdb.log' 2>&1`,
    `'${bin}/pg_ctl' -D '${data}' -o "${settings}" -l '${dir}/log' -w -t 120 start >/dev/null`,
  ].join(' && ');
  const run = asRoot
    ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', script], { encoding: 'utf8' })
    : spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  if (run.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not start a throwaway PostgreSQL (${run.stderr || run.stdout}). ${POSTGRES_HELP}`);
  }
  let stopped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    pid() {
      try {
        return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
      } catch {
        return null;
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      const stop = `'${bin}/pg_ctl' -D '${data}' -m immediate -w stop >/dev/null 2>&1`;
      if (asRoot) spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', stop]);
      else spawnSync('sh', ['-c', stop]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
