/**
 * Checklists, and what holds on a page. The overlay evaluates the checklists' conditions on the
 * page and reports what holds there; the background keeps the progress it implies (an item is
 * never ticked by a click) and the side panel shows it.
 */
import * as v from 'valibot';
import { Id, Url } from '../fields';

/** Sent by the overlay content script (extension pages may send them too). */
export const fromOverlay = [
  /** The page has checklists: the background injects the panel bundle (their probes) into the sender's frame. */
  v.object({ type: v.literal('overlay.loadPanel') }),
  /**
   * What holds on the page now, sent a moment after it changed: the rules that apply, the
   * checklists that apply and, for each, the items whose condition is met. Only the top frame of
   * a tab reports.
   */
  v.object({
    type: v.literal('page.report'),
    url: Url,
    rules: v.pipe(v.array(Id), v.maxLength(10_000)),
    checklists: v.pipe(v.array(v.object({ id: Id, met: v.pipe(v.array(Id), v.maxLength(100)) })), v.maxLength(1000)),
  }),
] as const;

/** What holds on a page (the body of `page.report`). */
export interface PageReport {
  url: string;
  /** Ids of the rules that apply on the page now (URL and `when`). */
  rules: string[];
  /** The checklists that apply on the page, each with the ids of its items met now. */
  checklists: { id: string; met: string[] }[];
}

/** A checklist as the side panel shows it, with the person's progress. */
export interface ChecklistView {
  id: string;
  title: string;
  items: ChecklistItemView[];
  /** When all its items were first done (epoch milliseconds), if they were. */
  completedAt?: number;
}

export interface ChecklistItemView {
  id: string;
  title: string;
  done: boolean;
  /** "Done when seen once": stays done once its condition has held. */
  once: boolean;
  /** The walkthrough that shows how ("Show me"). */
  startsRule?: string;
}

export interface Replies {
  'overlay.loadPanel': { loaded: boolean };
  'page.report': { saved: true };
}
