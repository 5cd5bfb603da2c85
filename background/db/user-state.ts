/**
 * A user's state around the rules: walkthrough resume pointers, completion counts, "I know this"
 * and dismissed tips (checklist progress is in `checklists.ts`). Each change is one small
 * transaction, so it survives a worker kill or a browser restart the moment its message is answered.
 */
import type { Table } from 'dexie';
import type { StepwiseDatabase } from './database';
import type { StoreHealth } from './health';
import { quarantine } from './quarantine';
import type { ProgressRecord } from './records';

export interface ProgressChange {
  ruleId: string;
  stepIndex: number;
  status: ProgressRecord['status'];
  url?: string;
  shown?: number[];
  /** The rule's current version (`ruleRevision`), kept with a completion. */
  revision?: string;
}

/** A rule's version as far as its users go: its pack's version and its own `updatedAt`. */
export function ruleRevision(packVersion: number, rule: { updatedAt?: string }): string {
  return `${packVersion}/${rule.updatedAt ?? ''}`;
}

/**
 * Saves a resume pointer. Reaching `completed` from any other status (or from the completion of
 * an earlier version of the rule) counts one completion, in the same transaction, so a repeated
 * message does not count twice.
 */
export async function saveProgress(db: StepwiseDatabase, userId: string, change: ProgressChange, now: number) {
  await db.transaction('rw', [db.progress, db.completions], async () => {
    const key: [string, string] = [userId, change.ruleId];
    const before = await db.progress.get(key);
    const record: ProgressRecord = {
      userId,
      ruleId: change.ruleId,
      stepIndex: change.stepIndex,
      status: change.status,
      updatedAt: now,
    };
    if (change.url) record.url = change.url;
    if (change.status === 'active' && change.shown) record.shown = change.shown;
    if (change.status === 'completed' && change.revision) record.revision = change.revision;
    await db.progress.put(record);
    const again = before?.status === 'completed' && before.revision === change.revision;
    if (change.status === 'completed' && !again) {
      const done = await db.completions.get(key);
      const count = done && Number.isSafeInteger(done.count) && done.count > 0 ? done.count : 0;
      await db.completions.put({ userId, ruleId: change.ruleId, count: count + 1, lastAt: now });
    }
  });
}

/** "I know this" (or not any more). */
export async function setKnown(db: StepwiseDatabase, userId: string, ruleId: string, known: boolean, now: number) {
  if (known) await db.knownRules.put({ userId, ruleId, at: now });
  else await db.knownRules.delete([userId, ruleId]);
}

export async function dismissTip(db: StepwiseDatabase, userId: string, ruleId: string, now: number) {
  await db.dismissedTips.put({ userId, ruleId, at: now });
}

/** What the overlay needs to know about a user for a set of rules. */
export interface UserState {
  progress: Record<
    string,
    {
      stepIndex: number;
      status: ProgressRecord['status'];
      updatedAt: number;
      url?: string;
      shown?: number[];
      revision?: string;
    }
  >;
  completions: Record<string, number>;
  known: string[];
  dismissedTips: string[];
}

const STATUSES = new Set(['active', 'completed', 'dismissed']);

function readableProgress(p: ProgressRecord | undefined): boolean {
  return (
    !p ||
    (Number.isSafeInteger(p.stepIndex) && p.stepIndex >= 0 && STATUSES.has(p.status) && typeof p.updatedAt === 'number')
  );
}

/**
 * Above this many rules, a user's rows are read in one request per table (by the `userId` index)
 * rather than one `get` per rule: the side panel asks for every rule of an app (hundreds), and a
 * page can have as many; 4 tables × 664 gets took most of the panel's answer.
 */
export const ROWS_BY_USER_ABOVE = 32;

/** `userId`'s row for each of `ruleIds` (undefined where there is none), in the order given. */
async function rowsFor<T extends { ruleId: string }>(
  table: Table<T, [string, string]>,
  userId: string,
  ruleIds: readonly string[],
): Promise<(T | undefined)[]> {
  if (ruleIds.length <= ROWS_BY_USER_ABOVE) return table.bulkGet(ruleIds.map((id): [string, string] => [userId, id]));
  const byRule = new Map<string, T>();
  for (const row of await table.where('userId').equals(userId).toArray()) byRule.set(row.ruleId, row);
  return ruleIds.map((id) => byRule.get(id));
}

/** Reads `userId`'s state for `ruleIds`, in one read transaction. */
export async function readUserState(
  db: StepwiseDatabase,
  health: StoreHealth,
  userId: string,
  ruleIds: readonly string[],
): Promise<UserState> {
  const tables = [db.progress, db.completions, db.knownRules, db.dismissedTips];
  const unreadable: { key: [string, string]; value: unknown; reason: string }[] = [];
  const state = await db.transaction('r', tables, async () => {
    const [progress, completions, known, dismissed] = await Promise.all([
      rowsFor(db.progress, userId, ruleIds),
      rowsFor(db.completions, userId, ruleIds),
      rowsFor(db.knownRules, userId, ruleIds),
      rowsFor(db.dismissedTips, userId, ruleIds),
    ]);
    // Keyed by rule id with no prototype: an id such as `__proto__` is a key like any other.
    const state: UserState = {
      progress: Object.create(null),
      completions: Object.create(null),
      known: [],
      dismissedTips: [],
    };
    ruleIds.forEach((ruleId, i) => {
      const p = progress[i];
      if (!readableProgress(p)) {
        unreadable.push({ key: [userId, ruleId], value: p, reason: 'not a resume pointer' });
      } else if (p) {
        state.progress[ruleId] = {
          stepIndex: p.stepIndex,
          status: p.status,
          updatedAt: p.updatedAt,
          ...(p.url && { url: p.url }),
          ...(Array.isArray(p.shown) && { shown: p.shown.filter((i) => Number.isSafeInteger(i)) }),
          ...(typeof p.revision === 'string' && { revision: p.revision }),
        };
      }
      const c = completions[i]?.count;
      if (typeof c === 'number' && Number.isSafeInteger(c) && c > 0) state.completions[ruleId] = c;
      if (known[i]) state.known.push(ruleId);
      if (dismissed[i]) state.dismissedTips.push(ruleId);
    });
    return state;
  });
  if (unreadable.length) {
    // Set aside: that walkthrough starts over rather than failing.
    const moved = await quarantine(db, 'progress', unreadable);
    if (moved) health.reportCorrupt('progress', moved, ['walkthrough position', 'walkthrough positions']);
  }
  return state;
}
