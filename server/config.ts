/**
 * The server's settings, read from the environment (and the command line's flags) once at start.
 * Every value has a default a team can start with; a bad value stops the server with a sentence
 * naming the variable and what it accepts.
 */
import { resolve } from 'node:path';

export interface ServerConfig {
  /** Address to listen on; `127.0.0.1` keeps the server private to this machine. */
  host: string;
  /** Port; `0` picks a free one (the tests use it). */
  port: number;
  /** PostgreSQL when set; otherwise the embedded database in `dataDir`. */
  databaseUrl: string | null;
  /** The embedded database's folder (PGlite). */
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest request body in bytes (a rule pack, or one push of the outbox). */
  bodyLimit: number;
  /** Requests a token may make in a minute (per server process). */
  rateLimitPerMinute: number;
  /** Requests with a missing or wrong token an address may make in a minute (per server process). */
  authFailuresPerMinute: number;
  /** Origins allowed to call the API from a web page (CORS); none by default, never a wildcard. */
  corsOrigins: string[];
  /** How often pending usage is rolled up into the daily counters (ms). */
  rollupIntervalMs: number;
  /** After a roll-up of t ms, the next waits at least this many times t (`usage/rollup.ts`). */
  rollupRests: number;
  /** How usage is written: the ledger (default), or one upsert per counter (the benchmark's baseline). */
  usageWrites: 'ledger' | 'naive';
}

export const DEFAULTS: ServerConfig = {
  host: '127.0.0.1',
  port: 8787,
  databaseUrl: null,
  dataDir: resolve('.stepwise-server'),
  logLevel: 'info',
  bodyLimit: 4 * 1024 * 1024,
  rateLimitPerMinute: 600,
  authFailuresPerMinute: 30,
  corsOrigins: [],
  rollupIntervalMs: 2000,
  rollupRests: 9,
  usageWrites: 'ledger',
};

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (it is "${raw}")`);
  }
  return value;
}

/** Reads the configuration from `env`; throws with the variable's name when a value is wrong. */
export function readConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const logLevel = env.LOG_LEVEL || DEFAULTS.logLevel;
  if (!(LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')} (it is "${logLevel}")`);
  }
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a PostgreSQL URL such as postgresql://user:password@host:5432/stepwise');
  }
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin === '*' || !/^(https?|chrome-extension|moz-extension):\/\/[^/*\s]+$/.test(origin)) {
      throw new Error(
        `CORS_ORIGINS lists origins separated by commas, such as https://crm.example.com; "${origin}" is not one (no wildcards)`,
      );
    }
  }
  const usageWrites = env.USAGE_WRITES || DEFAULTS.usageWrites;
  if (usageWrites !== 'ledger' && usageWrites !== 'naive') {
    throw new Error(`USAGE_WRITES must be "ledger" or "naive" (it is "${usageWrites}")`);
  }
  return {
    host: env.HOST || DEFAULTS.host,
    port: integer(env, 'PORT', DEFAULTS.port, 0, 65535),
    databaseUrl,
    dataDir: env.DATA_DIR ? resolve(env.DATA_DIR) : DEFAULTS.dataDir,
    logLevel: logLevel as ServerConfig['logLevel'],
    bodyLimit: integer(env, 'BODY_LIMIT', DEFAULTS.bodyLimit, 1024, 64 * 1024 * 1024),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', DEFAULTS.rateLimitPerMinute, 1, 10_000_000),
    authFailuresPerMinute: integer(env, 'AUTH_FAILURES_PER_MINUTE', DEFAULTS.authFailuresPerMinute, 1, 1_000_000),
    corsOrigins,
    rollupIntervalMs: integer(env, 'ROLLUP_INTERVAL_MS', DEFAULTS.rollupIntervalMs, 10, 3_600_000),
    rollupRests: integer(env, 'ROLLUP_RESTS', DEFAULTS.rollupRests, 0, 1000),
    usageWrites,
  };
}
