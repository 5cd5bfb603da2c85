/**
 * The element picker's picks: one record per start of the picker in a tab, updated when the
 * author picks or cancels. Only the latest few are kept.
 */
import type { StepwiseDatabase } from './database';
import type { PickRecord } from './records';

/** How many picks are kept (the oldest go first). */
export const KEPT_PICKS = 50;

export async function startPick(db: StepwiseDatabase, record: PickRecord): Promise<void> {
  await db.transaction('rw', db.picks, async () => {
    await db.picks.put(record);
    const count = await db.picks.count();
    if (count > KEPT_PICKS) {
      const old = await db.picks
        .orderBy('startedAt')
        .limit(count - KEPT_PICKS)
        .primaryKeys();
      await db.picks.bulkDelete(old);
    }
  });
}

/**
 * Records how a pick ended. Only a pick still going in the same tab can end: anything else (an
 * unknown or finished session, another tab) changes nothing and answers `null`.
 */
export async function finishPick(
  db: StepwiseDatabase,
  id: string,
  tabId: number,
  end: Pick<PickRecord, 'status' | 'url' | 'pick'> & { finishedAt: number },
): Promise<PickRecord | null> {
  return db.transaction('rw', db.picks, async () => {
    const record = await db.picks.get(id);
    if (!record || record.tabId !== tabId || record.status !== 'picking') return null;
    const done: PickRecord = { ...record, ...end };
    await db.picks.put(done);
    return done;
  });
}

/** The latest pick in `tabId`, or in any tab. */
export async function latestPick(db: StepwiseDatabase, tabId?: number): Promise<PickRecord | null> {
  const list =
    tabId === undefined
      ? await db.picks.orderBy('startedAt').reverse().limit(1).toArray()
      : await db.picks.where('tabId').equals(tabId).toArray();
  return list.sort((a, b) => b.startedAt - a.startedAt)[0] ?? null;
}

/** The picks still going in `tabId` (a new start ends them as cancelled). */
export async function cancelPicks(db: StepwiseDatabase, tabId: number, now: number): Promise<PickRecord[]> {
  return db.transaction('rw', db.picks, async () => {
    const going = (await db.picks.where('tabId').equals(tabId).toArray()).filter((p) => p.status === 'picking');
    const ended = going.map((p) => ({ ...p, status: 'cancelled' as const, finishedAt: now }));
    await db.picks.bulkPut(ended);
    return ended;
  });
}
