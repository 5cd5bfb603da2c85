/**
 * A team server for end-to-end tests: `server/main.ts` as its own process on 127.0.0.1, its
 * embedded database in a folder of its own, a workspace made by `init` (whose admin token it
 * printed), and the server's API as that admin.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerProcess, spawnServer } from '../../server/dev/process';

export interface TeamServerEnv {
  /** Where the server listens (the same after `restart`). */
  readonly url: string;
  readonly adminToken: string;
  /** The server's API as the admin, e.g. `api('GET', '/v1/usage')`; throws with the server's words. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Stops the server (its data stays). */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  restart(): Promise<void>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

export async function startTeamServer(workspace = 'Acme support', admin = 'Ada'): Promise<TeamServerEnv> {
  const dataDir = await mkdtemp(join(tmpdir(), 'stepwise-team-'));
  // The embedded database in its own folder: an empty DATABASE_URL keeps the tests' PostgreSQL out.
  const env = { DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const printed = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', 'init', '--workspace', workspace, '--admin', admin],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  const adminToken = /Admin token[^\n]*\n\s*\n\s*(\S+)/.exec(printed)?.[1];
  if (!adminToken) throw new Error(`"npm run server -- init" printed no admin token:\n${printed}`);
  let server: ServerProcess = await spawnServer(env);
  const url = server.url;
  return {
    url,
    adminToken,
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
    async stop() {
      await server.kill();
    },
    async restart() {
      server = await spawnServer({ ...env, PORT: new URL(url).port });
    },
    async close() {
      await server.kill();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
