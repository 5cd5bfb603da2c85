/** Checklists: items ticked by the user or by the overlay. */
import * as v from 'valibot';
import { Id } from '../fields';

/** Sent by the overlay content script (extension pages may send them too). */
export const fromOverlay = [
  /** A checklist item was done (or undone). */
  v.object({ type: v.literal('checklist.item'), checklistId: Id, itemId: Id, done: v.boolean() }),
] as const;

export interface Replies {
  'checklist.item': { saved: true };
}
