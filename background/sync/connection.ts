/**
 * The connection to the team server as sync keeps it, what sync needs from the background, and
 * the words for a sync error: shared by sync itself (`engine.ts`) and the admin's team actions
 * (`team-admin.ts`).
 */
import type { StepwiseDatabase } from '../db/database';
import type { PackParser } from '../handlers/packs';
import type { Identity, ServerSettings } from './client';
import { SyncError } from './push';

/** Where the connection is kept (`settings`). */
export const SERVER_KEY = 'sync.server';

/** The server this browser is connected to, and who it is there. */
export interface ServerConfig {
  serverUrl: string;
  token: string;
  workspace: Identity['workspace'];
  person: { name: string; role: 'admin' | 'member' };
}

export interface SyncDeps {
  db: StepwiseDatabase;
  now: () => number;
  parsePack: PackParser;
  /** Writes counts still in memory to the outbox before a push. */
  flushUsage: () => Promise<unknown>;
  /** Packs changed: pages read them again. */
  contentChanged: () => void;
  fetch?: typeof fetch;
  random?: () => number;
}

/** The client's settings for `config`'s server. */
export function settingsOf(config: ServerConfig, deps: Pick<SyncDeps, 'fetch'>): ServerSettings {
  return { serverUrl: config.serverUrl, token: config.token, fetch: deps.fetch };
}

/** What to tell the person about an error, and what to do. */
export function describeError(error: unknown): { message: string; action: string; retryable: boolean } {
  if (!(error instanceof SyncError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { message, action: 'Stepwise tries again by itself.', retryable: true };
  }
  const actions: Record<SyncError['kind'], string> = {
    offline:
      'Everything is kept in this browser and sent when the server answers; Stepwise tries again by itself. Check that the server runs and the address is right.',
    unauthorized: 'Ask your admin for a new token, then connect again.',
    forbidden: 'Ask your admin for a token with the access this needs.',
    busy: 'The server asked to wait; Stepwise tries again by itself.',
    server: 'Stepwise tries again by itself; if this goes on, tell your admin (the server’s log says more).',
    protocol: 'Check the server address: it must be your Stepwise server’s own address.',
    rejected: 'What the server refused is kept aside in this browser; the rest is sent.',
  };
  return { message: error.message, action: actions[error.kind], retryable: error.retryable };
}
