/**
 * The overlay on a page: its start-up state, loading its UI, and what the user does with a
 * walkthrough or a tip.
 */
import * as v from 'valibot';
import type { Checklist, PageParts, Rule } from '../../rules/index';
import { Id, Url } from '../fields';
import type { TestingMark } from './testing';

/** Sent by the overlay content script (extension pages may send them too). */
export const fromOverlay = [
  /**
   * The overlay started on a page: it gets the rules and the user's state for it. From a content
   * script the page is the sender's frame, whose address the browser sets (`url` is ignored); an
   * extension page names the page it asks about.
   */
  v.object({ type: v.literal('overlay.hello'), url: v.optional(Url) }),
  /**
   * The app moved to another address of the page's origin (an app's own navigation): the rules
   * for it, as the greeting gives them, which the page adds to those it has.
   */
  v.object({ type: v.literal('overlay.rules'), url: Url }),
  /** The overlay needs its UI: the background injects the UI bundle into the sender's frame. */
  v.object({ type: v.literal('overlay.loadUi') }),
  /** A rule that tests a pattern applies: the background injects the pattern engine into the sender's frame. */
  v.object({ type: v.literal('overlay.loadPatterns') }),
  /** A walkthrough moved: the resume pointer, or its end (completed or dismissed). */
  v.object({
    type: v.literal('progress.update'),
    ruleId: Id,
    stepIndex: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)),
    status: v.picklist(['active', 'completed', 'dismissed']),
    url: v.optional(Url),
    /** The steps shown in this run (by index): a run that comes back to a page does not count them again. */
    shown: v.optional(
      v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))), v.maxLength(50)),
    ),
  }),
  /** "I know this": the walkthrough no longer starts by itself for this user (or again, with false). */
  v.object({ type: v.literal('rule.known'), ruleId: Id, known: v.boolean() }),
  /** A tip was closed for good. */
  v.object({ type: v.literal('tip.dismissed'), ruleId: Id }),
] as const;

/** Where a user is in one walkthrough. */
export interface RuleProgress {
  stepIndex: number;
  status: 'active' | 'completed' | 'dismissed';
  /** Epoch milliseconds of the last change. */
  updatedAt: number;
  /** The steps (by index) shown in this run. */
  shown?: number[];
}

/**
 * The rules for one address and the person's state for them. A page gets the rules of its origin
 * whose URL patterns match its address; `more` says there are others on the origin, for other
 * addresses, and which parts of an address their patterns read: the page asks again
 * (`overlay.rules`) when the app moves to an address that differs in one of those parts.
 */
export interface PageRules {
  /** Published rules of the enabled packs (and the person's own tips) whose URL patterns match the address. */
  rules: Rule[];
  /** Other rules of the origin are for other addresses; the path always tells them apart, and these parts may. */
  more?: PageParts;
  /**
   * Resume pointers by rule id. A completion of an earlier version of a rule (another pack version
   * or `updatedAt`) is left out, so the new version starts by itself again.
   */
  progress: Record<string, RuleProgress>;
  /** Completed walkthroughs: how many times, by rule id. */
  completions: Record<string, number>;
  /** Rules the user said they know ("I know this"): no auto-start. */
  known: string[];
  /** Tips closed for good. */
  dismissedTips: string[];
}

/** What the overlay needs to start on a page: the page's rules (`PageRules`) and the rest. */
export interface OverlayState extends PageRules {
  enabled: boolean;
  settings: {
    /** After this many completions a walkthrough shows its brief form and stops starting by itself. */
    expertAfter: number;
  };
  /** Checklists of the packs that are on that can apply on this origin: evaluated on the page. */
  checklists?: Checklist[];
  /** A draft is being tested in this tab: it is among `rules`, and the page shows a marker. */
  testing?: TestingMark;
}

export interface Replies {
  'overlay.hello': OverlayState;
  'overlay.rules': PageRules;
  'overlay.loadUi': { loaded: boolean };
  'overlay.loadPatterns': { loaded: boolean };
  'progress.update': { saved: true };
  'rule.known': { saved: true };
  'tip.dismissed': { saved: true };
}
