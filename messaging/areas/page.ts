/**
 * The page in a tab: what holds there (the overlay reports it), and what the background asks of
 * the overlay for the side panel (start a walkthrough, describe where the person is).
 */
import * as v from 'valibot';
import type { UsageEvent } from '../../rules/model';
import { Id, Url } from '../fields';

/** Sent by the overlay content script (extension pages may send them too). */
export const fromOverlay = [
  /**
   * What holds on the page now, sent a moment after it changed: the rules that apply, the
   * checklists that apply and, for each, the items whose condition is met. The background keeps
   * the checklist progress it implies and tells the side panel.
   */
  v.object({
    type: v.literal('page.report'),
    url: Url,
    rules: v.pipe(v.array(Id), v.maxLength(10_000)),
    checklists: v.pipe(
      v.array(v.object({ id: Id, met: v.pipe(v.array(Id), v.maxLength(100)) })),
      v.maxLength(1000),
    ),
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

/**
 * Messages the background sends to the overlay of a tab's top frame (`tabs.sendMessage`); the
 * overlay answers each with an `Envelope` of its `PageReplies` entry.
 */
export type ToPage = { type: 'overlay.start'; ruleId: string } | { type: 'overlay.context' };

/** Whether a walkthrough started; when not, why (in a word the panel turns into a sentence). */
export type StartOutcome =
  | { started: true }
  /** `elsewhere`: the rule does not apply on this page; `unknown`: no such rule for this site. */
  | { started: false; reason: 'elsewhere' | 'unknown' | 'unreachable' };

/** Where the step's target stands: on the page once, several times, not found, or no target. */
export type TargetState = 'found' | 'ambiguous' | 'missing' | 'waiting' | 'none';

/** A help event on the page (the same events usage counts), with its time. */
export interface HelpEvent {
  /** Epoch milliseconds. */
  at: number;
  ruleId: string;
  stepId?: string;
  event: UsageEvent;
}

/** Where the person is on the page, for an "I'm stuck" request. */
export interface PageContext {
  url: string;
  /** The help on screen, if any (the walkthrough at its current step, or an open tip). */
  active?: { ruleId: string; stepIndex: number; stepId: string; target: TargetState };
  /** The last few help events on this page, oldest first. */
  events: HelpEvent[];
}

export interface PageReplies {
  'overlay.start': StartOutcome;
  'overlay.context': PageContext;
}

export interface Replies {
  'page.report': { saved: true };
}
