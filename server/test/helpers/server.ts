/**
 * The real server for tests: built in this process over a fresh database, listening on a free
 * port of 127.0.0.1; tests talk HTTP to it. `workspace()` makes a workspace with an admin token, so
 * each test has data of its own.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app';
import { createToken, createWorkspace } from '../../auth/tokens';
import { DEFAULTS, type ServerConfig } from '../../config';
import { migrate } from '../../db/migrate';
import { type OpenDatabase, openDatabase } from '../../db/open';
import type { IngestOptions } from '../../sync/ingest';
import { totalUsage } from '../../usage/read';
import { rollupAll } from '../../usage/rollup';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases';
import { type Client, client } from './http';

export interface TestWorkspace {
  id: string;
  adminToken: string;
  admin: Client;
  /** A new member token of this workspace, and a client using it. */
  member(name?: string): Promise<{ token: string; tokenId: string; client: Client }>;
}

export interface TestServer {
  kind: DatabaseKind;
  url: string;
  app: FastifyInstance;
  database: OpenDatabase;
  testDatabase: TestDatabase;
  workspace(name?: string): Promise<TestWorkspace>;
  /** Every count of a workspace, ledger and counters together. */
  total(workspaceId: string): Promise<number>;
  rollup(): Promise<number>;
  close(): Promise<void>;
}

export interface StartOptions {
  config?: Partial<ServerConfig>;
  ingest?: Omit<IngestOptions, 'usageWrites'>;
  /** Use this database instead of a fresh one (it is not dropped on close). */
  testDatabase?: TestDatabase;
}

/** Starts the server on a fresh database of `kind`. */
export async function startServer(kind: DatabaseKind, options: StartOptions = {}): Promise<TestServer> {
  const testDatabase = options.testDatabase ?? (await createTestDatabase(kind));
  const config: ServerConfig = {
    ...DEFAULTS,
    port: 0,
    logLevel: 'silent',
    rateLimitPerMinute: 100_000,
    // The security tests send many wrong tokens from 127.0.0.1; the limit has a test of its own.
    authFailuresPerMinute: 100_000,
    rollupIntervalMs: 200,
    databaseUrl: testDatabase.databaseUrl,
    dataDir: testDatabase.dataDir,
    ...options.config,
  };
  const database = await openDatabase(config);
  await migrate(database.scripts);
  const app = await buildApp({ config, database, logger: false, ingest: options.ingest });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    kind,
    url,
    app,
    database,
    testDatabase,
    async workspace(name = 'Test team') {
      const made = await createWorkspace(database.db, { name, adminName: 'Admin' });
      return {
        id: made.workspaceId,
        adminToken: made.token,
        admin: client(url, made.token),
        async member(memberName = 'Member') {
          const m = await createToken(database.db, {
            workspaceId: made.workspaceId,
            role: 'member',
            name: memberName,
            createdBy: made.info.id,
          });
          return { token: m.token, tokenId: m.info.id, client: client(url, m.token) };
        },
      };
    },
    total: (workspaceId) => totalUsage(database.db, workspaceId),
    rollup: () => rollupAll(database.db),
    async close() {
      await app.close();
      if (!options.testDatabase) await testDatabase.drop();
    },
  };
}
