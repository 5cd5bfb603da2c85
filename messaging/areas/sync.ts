/** The team server: connecting with an address and a token, the sync's status, syncing now. */
import * as v from 'valibot';

/** Sent by extension pages only (the token never travels to or from a content script). */
export const fromPages = [
  /** Where sync stands: connected or not, who, last sync, items waiting, the last error. */
  v.object({ type: v.literal('sync.status') }),
  /**
   * Checks the address and token with the server (`GET /v1/me`), keeps them, and syncs. The page
   * asks for host access to the server's origin first (inside the click).
   */
  v.object({
    type: v.literal('sync.connect'),
    url: v.pipe(v.string(), v.trim(), v.minLength(1, 'enter the server address'), v.maxLength(2048)),
    token: v.pipe(v.string(), v.trim(), v.minLength(1, 'enter the token your admin gave you'), v.maxLength(500)),
  }),
  /** Forgets the server and token; packs, counts and anything not yet sent stay in this browser. */
  v.object({ type: v.literal('sync.disconnect') }),
  /** Pulls the team's packs and pushes what waits, now. */
  v.object({ type: v.literal('sync.now') }),
] as const;

/** Where sync stands, in words a page can show. */
export interface SyncStatus {
  connected: boolean;
  /** The server's address (its origin). */
  serverUrl?: string;
  workspace?: { id: string; name: string };
  /** Who the token belongs to. */
  person?: { name: string; role: 'admin' | 'member' };
  /** Epoch ms of the last sync that pulled and pushed without error. */
  lastSyncAt?: number;
  /** Items (usage batches, requests) waiting to be sent. */
  waiting: number;
  /** Packs received from the server. */
  serverPacks: number;
  /** The last sync's error: what happened and what to do; gone after a sync succeeds. */
  lastError?: { message: string; action: string; at: number };
  /** When Stepwise tries again by itself (after an error, with growing waits). */
  nextAttemptAt?: number;
  /** A sync is running now. */
  syncing: boolean;
}

export interface Replies {
  'sync.status': SyncStatus;
  'sync.connect': SyncStatus;
  'sync.disconnect': SyncStatus;
  'sync.now': SyncStatus;
}
