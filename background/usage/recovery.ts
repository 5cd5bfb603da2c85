/**
 * What a stopped worker left behind: write-ahead segments not yet in the database, and the batch
 * ids already counted. Segments a flush had applied (marked in its transaction) are removed from
 * the log here instead of being counted a second time.
 */
import type { StepwiseDatabase } from '../db/database';
import { recentBatches } from '../db/usage';
import type { WalSegment, WriteAheadLog } from './write-ahead';

export interface Recovered {
  /** Segments to flush, by id. */
  unapplied: Map<string, WalSegment>;
  /** Batch ids counted already (in the database or in those segments). */
  counted: string[];
  /** Applied marks whose segments are gone from the log: the next flush can drop them. */
  forget: string[];
}

/** Reads the log against the database's applied marks; throws when either cannot be read. */
export async function recoverLog(db: StepwiseDatabase, wal: WriteAheadLog, now: number): Promise<Recovered> {
  const segments = await wal.readAll();
  const applied = new Set((await db.walApplied.toCollection().primaryKeys()) as string[]);
  const unapplied = new Map([...segments].filter(([id]) => !applied.has(id)));
  const counted = [...unapplied.values()].flatMap((s) => s.batches);
  counted.push(...(await recentBatches(db, now)));
  await wal.remove([...segments.keys()].filter((id) => applied.has(id)));
  return { unapplied, counted, forget: [...applied] };
}
