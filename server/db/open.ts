/**
 * Opens the server's database: PostgreSQL when a URL is given, otherwise PGlite (PostgreSQL built
 * to WebAssembly) in a data folder. Both are reached through the same typed Kysely layer, so every
 * query runs on either; the migrations and the tests run on both.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { CHANGES_CHANNEL, type Listen } from './changes';
import { preparedName } from './prepared';
import type { Database } from './schema';

/** OIDs of the types read differently from the drivers' defaults. */
const INT8 = 20;
const DATE = 1082;

/** Counts and ids fit in a JavaScript number long before they reach 2^53. */
function int8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`A count (${value}) is too large to read exactly`);
  return n;
}

/** A `date` stays `YYYY-MM-DD`: turned into a Date it would shift with the server's time zone. */
const asText = (value: string) => value;

/** Runs plain SQL with several statements (a migration file), outside the query builder. */
export interface ScriptRunner {
  /** Runs `fn` on one connection; `exec` sends text as it is (simple protocol), `query` with parameters. */
  session<T>(
    fn: (s: {
      exec(sql: string): Promise<void>;
      query<R>(sql: string, params?: unknown[]): Promise<R[]>;
    }) => Promise<T>,
  ): Promise<T>;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  scripts: ScriptRunner;
  /** Where the data is: the folder, or the URL without its password. */
  where: string;
  /** Hears change notices (`server/db/changes.ts`) from every process on this database. */
  listen: Listen;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
}

/** Opens PostgreSQL (`databaseUrl`) or the embedded database in `dataDir`. */
export async function openDatabase(options: OpenOptions): Promise<OpenDatabase> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openPglite(options.dataDir);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgresql://…';
  }
}

/**
 * A connection that sends the statements marked `PREPARED` as named prepared statements (parsed
 * and planned once per connection); everything else goes as the query builder sends it.
 */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; this passes them through.
  override query(config: any, values?: any, callback?: any): any {
    const name = typeof config === 'string' && typeof callback !== 'function' ? preparedName(config) : null;
    if (name) return super.query({ name, text: config, values });
    return super.query(config, values, callback);
  }
}

async function openPostgres(url: string, poolSize: number): Promise<OpenDatabase> {
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return int8;
        if (oid === DATE) return asText;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not take the process down; the next query reconnects.
  pool.on('error', () => undefined);
  const client = await pool.connect().catch((error: Error) => {
    void pool.end();
    throw new Error(`Cannot reach PostgreSQL at ${redact(url)}: ${error.message}`);
  });
  client.release();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    where: redact(url),
    scripts: {
      async session(fn) {
        const c = await pool.connect();
        try {
          return await fn({
            exec: async (sql) => void (await c.query(sql)),
            query: async <R>(sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows as R[],
          });
        } finally {
          c.release();
        }
      },
    },
    listen: (handlers) => listenPostgres(url, handlers),
    close: () => db.destroy(),
  };
}

/**
 * Listens on its own connection (a pooled one would be handed to queries). A lost connection is
 * reported (caches go off) and made again after a pause; nothing queued is lost, as there is no queue.
 */
async function listenPostgres(url: string, handlers: Parameters<Listen>[0]): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === CHANGES_CHANNEL && n.payload) handlers.notice(n.payload);
    });
    c.on('error', () => undefined);
    c.on('end', () => {
      if (stopped) return;
      handlers.listening(false);
      retry = setTimeout(() => {
        connect()
          .then(() => handlers.listening(true))
          .catch(() => c.emit('end'));
      }, 1000);
    });
    await c.connect();
    await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

async function openPglite(dataDir: string): Promise<OpenDatabase> {
  await mkdir(dataDir, { recursive: true });
  const client = new PGlite(dataDir, { parsers: { [INT8]: int8, [DATE]: asText } });
  await client.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    where: dataDir,
    scripts: {
      // PGlite has one connection: scripts run only before the server takes requests.
      session: (fn) =>
        fn({
          exec: async (sql) => void (await client.exec(sql)),
          query: async <R>(sql: string, params: unknown[] = []) => (await client.query<R>(sql, params)).rows,
        }),
    },
    // One process owns an embedded database: its notices come from itself.
    listen: async (handlers) => client.listen(CHANGES_CHANNEL, (payload) => handlers.notice(payload)),
    close: () => db.destroy(),
  };
}
