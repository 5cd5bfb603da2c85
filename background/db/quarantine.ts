import type { IndexableType } from 'dexie';
import type { StepwiseDatabase } from './database';
import type { QuarantineRecord } from './records';

/**
 * Moves unreadable records out of `table` into the quarantine, in one transaction: they stop
 * breaking reads, and stay on disk for anyone who wants to look at them. Returns how many were
 * moved (a record another reader moved first is not counted twice).
 */
export async function quarantine<K extends IndexableType>(
  db: StepwiseDatabase,
  table: 'packs' | 'rules' | 'progress',
  records: readonly { key: K; value: unknown; reason: string }[],
): Promise<number> {
  if (!records.length) return 0;
  const now = Date.now();
  const live = db.table(table);
  return db.transaction('rw', [live, db.quarantine], async () => {
    const still = await live.bulkGet(records.map((r) => r.key));
    const moving = records.filter((_, i) => still[i] !== undefined);
    await db.quarantine.bulkAdd(
      moving.map(
        (r): QuarantineRecord => ({ table, key: JSON.stringify(r.key), value: r.value, reason: r.reason, at: now }),
      ),
    );
    await live.bulkDelete(moving.map((r) => r.key));
    return moving.length;
  });
}
