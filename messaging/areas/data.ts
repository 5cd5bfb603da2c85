/** The data kept in this browser: its health, and clearing it. */
import * as v from 'valibot';

/** Sent by extension pages only. */
export const fromPages = [
  /** Deletes every pack, rule, progress, count and request kept in this browser. */
  v.object({ type: v.literal('data.clear') }),
  /** What is wrong with storage, in words, with what to do. */
  v.object({ type: v.literal('store.health') }),
] as const;

/** One storage problem, with what to do about it. */
export interface StoreProblem {
  /** What was affected, e.g. `usage`, `packs`, `database`. */
  area: string;
  kind: 'quota' | 'blocked' | 'corrupt' | 'version' | 'unavailable';
  /** What happened, in words. */
  message: string;
  /** What the user can do. */
  action: string;
  /** Epoch milliseconds when it was last seen. */
  at: number;
}

export interface Replies {
  'data.clear': { cleared: true };
  'store.health': { problems: StoreProblem[] };
}
