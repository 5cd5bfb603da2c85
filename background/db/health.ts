/**
 * What went wrong with storage, in words a user can act on. A failing store is reported here and
 * shown on the options page; the rest of Stepwise carries on, and the data that could not be
 * written is kept (in memory or the write-ahead log) until it can be.
 */

export type StoreProblemKind = 'quota' | 'blocked' | 'corrupt' | 'version' | 'unavailable';

/** One problem, with what to do about it. */
export interface StoreProblem {
  /** What was affected, e.g. `usage`, `packs`, `database`. */
  area: string;
  kind: StoreProblemKind;
  /** What happened, in words. */
  message: string;
  /** What the user can do. */
  action: string;
  /** Epoch milliseconds when it was last seen. */
  at: number;
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const { name, inner } = error as { name?: unknown; inner?: unknown };
    // Dexie wraps the browser's error: the inner name says what really happened.
    if (name === 'OpenFailedError' || name === 'AbortError' || name === 'DatabaseClosedError') {
      const innerName = inner ? errorName(inner) : '';
      if (innerName) return innerName;
    }
    if (typeof name === 'string') return name;
  }
  return '';
}

/** Puts a storage error into words, with what to do. */
export function describeStoreError(error: unknown): Pick<StoreProblem, 'kind' | 'message' | 'action'> {
  const name = errorName(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError' || /quota/i.test(detail)) {
    return {
      kind: 'quota',
      message: 'The browser has no more room for Stepwise’s data.',
      action:
        'Free some disk space, or export your usage counts and clear local data on this page. ' +
        'Counts recorded meanwhile are kept and saved once there is room.',
    };
  }
  if (name === 'VersionError') {
    return {
      kind: 'version',
      message: 'Stepwise’s saved data was written by a newer version of Stepwise.',
      action: 'Update Stepwise to the newest version, or clear local data to start again.',
    };
  }
  if (name === 'BlockedError' || name === 'blocked') {
    return {
      kind: 'blocked',
      message: 'Stepwise’s storage is being upgraded, and another open Stepwise page is holding the old version.',
      action: 'Close or reload the other Stepwise tabs (settings, side panel). The upgrade then finishes by itself.',
    };
  }
  return {
    kind: 'unavailable',
    message: `Stepwise could not use its storage (${detail}).`,
    action: 'Restart the browser. If this keeps happening, export what you need and clear local data.',
  };
}

/** The store's current problems, by area. Lives as long as the background does. */
export class StoreHealth {
  private readonly problems = new Map<string, StoreProblem>();
  private readonly corrupt = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records that `area` failed with `error`. */
  report(area: string, error: unknown): StoreProblem {
    const problem = { area, ...describeStoreError(error), at: this.now() };
    this.problems.set(area, problem);
    return problem;
  }

  /** Records `count` unreadable records in `area`, set aside in the quarantine; `what` is [one, many]. */
  reportCorrupt(area: string, count: number, what: readonly [string, string]): void {
    const total = (this.corrupt.get(area) ?? 0) + count;
    this.corrupt.set(area, total);
    this.problems.set(`${area}:corrupt`, {
      area,
      kind: 'corrupt',
      message: `${total} saved ${what[total === 1 ? 0 : 1]} could not be read and ${total === 1 ? 'was' : 'were'} set aside.`,
      action: 'Everything else works as before. Re-import the rule pack concerned, or clear local data to start clean.',
      at: this.now(),
    });
  }

  /** `area` works again. */
  clear(area: string): void {
    this.problems.delete(area);
  }

  list(): StoreProblem[] {
    return [...this.problems.values()];
  }
}
