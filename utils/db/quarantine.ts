import type { IndexableType } from 'dexie';
import type { StepwiseDatabase } from './database';
import type { QuarantineRecord } from './records';

/**
 * Moves unreadable records out of `table` into the quarantine, in one transaction: they stop
 * breaking reads, and stay on disk for anyone who wants to look at them.
 */
export async function quarantine<K extends IndexableType>(
  db: StepwiseDatabase,
  table: 'packs' | 'rules' | 'progress',
  records: readonly { key: K; value: unknown; reason: string }[],
): Promise<void> {
  if (!records.length) return;
  const now = Date.now();
  const live = db.table(table);
  await db.transaction('rw', [live, db.quarantine], async () => {
    await db.quarantine.bulkAdd(
      records.map(
        (r): QuarantineRecord => ({ table, key: JSON.stringify(r.key), value: r.value, reason: r.reason, at: now }),
      ),
    );
    await live.bulkDelete(records.map((r) => r.key));
  });
}
