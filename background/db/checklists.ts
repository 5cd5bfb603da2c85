/**
 * Checklist progress, per person. Items are ticked only by what the page reported (the overlay
 * evaluates their conditions there), never by a click: an item met on the page is done; an item
 * that is not "done when seen once" is undone again when a page where its checklist applies no
 * longer meets it. The first time an item is done, and the first time a whole checklist is, is
 * returned so it can be counted once.
 */
import type { Checklist } from '../../rules/index';
import type { StepwiseDatabase } from './database';
import type { ChecklistItemRecord } from './records';

/** What a report changed. */
export interface ChecklistChanges {
  /** Items done for the first time (count `checklist-item-done`). */
  firstDone: { checklistId: string; itemId: string }[];
  /** Checklists whose items were all done for the first time (count `checklist-completed`). */
  completed: string[];
  /** Whether anything stored changed (the panel shows it again). */
  changed: boolean;
}

/** A person's progress on one checklist. */
export interface ChecklistProgress {
  /** Ids of the items done now. */
  done: string[];
  /** When all its items were first done, if they were. */
  completedAt?: number;
}

const isDone = (record: ChecklistItemRecord | undefined) => record !== undefined && record.undoneAt === undefined;

/**
 * Applies what a page reported for the checklists that apply there: `met` holds, for each, the
 * ids of its items whose condition is met now. Checklists not in `definitions` are ignored.
 */
export async function applyChecklistReport(
  db: StepwiseDatabase,
  userId: string,
  definitions: ReadonlyMap<string, Checklist>,
  report: readonly { id: string; met: readonly string[] }[],
  now: number,
): Promise<ChecklistChanges> {
  const out: ChecklistChanges = { firstDone: [], completed: [], changed: false };
  const seen = report.filter((r) => definitions.has(r.id));
  if (!seen.length) return out;
  await db.transaction('rw', [db.checklistItems, db.checklistCompletions], async () => {
    for (const { id, met } of seen) {
      const checklist = definitions.get(id)!;
      const keys = checklist.items.map((item): [string, string, string] => [userId, id, item.id]);
      const records = await db.checklistItems.bulkGet(keys);
      const metNow = new Set(met);
      const puts: ChecklistItemRecord[] = [];
      let allDone = true;
      checklist.items.forEach((item, i) => {
        let record = records[i];
        if (metNow.has(item.id)) {
          if (!record) {
            record = { userId, checklistId: id, itemId: item.id, doneAt: now };
            out.firstDone.push({ checklistId: id, itemId: item.id });
            puts.push(record);
          } else if (record.undoneAt !== undefined) {
            const { undoneAt: _, ...again } = record;
            record = again;
            puts.push(record);
          }
        } else if (!item.once && isDone(record)) {
          record = { ...record!, undoneAt: now };
          puts.push(record);
        }
        if (!isDone(record)) allDone = false;
      });
      if (puts.length) {
        await db.checklistItems.bulkPut(puts);
        out.changed = true;
      }
      if (allDone && !(await db.checklistCompletions.get([userId, id]))) {
        await db.checklistCompletions.put({ userId, checklistId: id, at: now });
        out.completed.push(id);
        out.changed = true;
      }
    }
  });
  return out;
}

/** A person's progress on `checklistIds`, in one read transaction. */
export async function readChecklistProgress(
  db: StepwiseDatabase,
  userId: string,
  checklistIds: readonly string[],
): Promise<Record<string, ChecklistProgress>> {
  return db.transaction('r', [db.checklistItems, db.checklistCompletions], async () => {
    // Keyed by checklist id with no prototype: an id such as `__proto__` is a key like any other.
    const out: Record<string, ChecklistProgress> = Object.create(null);
    const [completions, rows] = await Promise.all([
      db.checklistCompletions.bulkGet(checklistIds.map((id): [string, string] => [userId, id])),
      // The user's items in one request (by the `userId` index) rather than one per checklist: a
      // site's twenty checklists took twenty round trips of the side panel's answer.
      db.checklistItems.where('userId').equals(userId).toArray(),
    ]);
    const wanted = new Set(checklistIds);
    const byChecklist = new Map<string, ChecklistItemRecord[]>();
    for (const row of rows) {
      if (!wanted.has(row.checklistId)) continue;
      const list = byChecklist.get(row.checklistId);
      if (list) list.push(row);
      else byChecklist.set(row.checklistId, [row]);
    }
    for (const [i, id] of checklistIds.entries()) {
      const items = byChecklist.get(id) ?? [];
      const progress: ChecklistProgress = { done: items.filter(isDone).map((item) => item.itemId) };
      const at = completions[i]?.at;
      if (typeof at === 'number') progress.completedAt = at;
      out[id] = progress;
    }
    return out;
  });
}
