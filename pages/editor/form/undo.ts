/**
 * The editor's undo history: every change to a draft is a level, except that a run of edits to
 * the same field (typing a title) is one level while it goes on, so Ctrl+Z takes back the word
 * typed, not one letter. Pure: the time of each edit is passed in.
 */

/** How many levels are kept (the oldest go first). */
export const UNDO_LEVELS = 100;

/** Edits to the same field further apart than this are separate levels. */
export const GROUP_GAP_MS = 1500;

export interface History<T> {
  /** Earlier states, oldest first. */
  readonly past: readonly T[];
  readonly present: T;
  /** States undone, the next to redo first. */
  readonly future: readonly T[];
  /** The field the last edit was to, and when: a next edit to it within the gap joins that level. */
  readonly group?: { key: string; at: number };
}

export const createHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] });

/**
 * `next` as the present state. With a `group` (the field's path) equal to the last edit's and
 * within `GROUP_GAP_MS`, it replaces the present state instead of making a new level. Any edit
 * clears what could be redone.
 */
export function record<T>(history: History<T>, next: T, group?: string, now = 0): History<T> {
  const joins = group !== undefined && history.group?.key === group && now - history.group.at <= GROUP_GAP_MS;
  const past = joins ? history.past : [...history.past, history.present].slice(-UNDO_LEVELS);
  return { past, present: next, future: [], ...(group !== undefined && { group: { key: group, at: now } }) };
}

/** The state before the last level; the same history when there is nothing to undo. */
export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (history.past.length === 0) return history;
  return { past: history.past.slice(0, -1), present: previous as T, future: [history.present, ...history.future] };
}

/** The state last undone; the same history when there is nothing to redo. */
export function redo<T>(history: History<T>): History<T> {
  if (history.future.length === 0) return history;
  const [next, ...future] = history.future;
  return { past: [...history.past, history.present], present: next as T, future };
}

export const canUndo = (history: History<unknown>) => history.past.length > 0;
export const canRedo = (history: History<unknown>) => history.future.length > 0;
