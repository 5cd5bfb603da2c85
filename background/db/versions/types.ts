import type { Transaction } from 'dexie';

/** One version of the database schema: its stores and the upgrade that brings older data up to it. */
export interface SchemaVersion {
  version: number;
  /** Dexie store declarations: primary key first, then indexes; `null` deletes a store. */
  stores: Record<string, string | null>;
  /** Rewrites data written by the version before; runs inside the upgrade transaction. */
  upgrade?: (tx: Transaction) => Promise<void>;
}
