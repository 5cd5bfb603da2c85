/**
 * What people tell the help's authors: "I'm stuck here" requests with the page's context, and
 * comments written after "Helpful? No" on a card. Both are kept, listed for admins in the options
 * page, and queued for the team's server.
 */
import * as v from 'valibot';
import type { RuleKind } from '../../rules/index';
import { Id, TabId, Url, UsageEventName, Words } from '../fields';
import type { HelpEvent, TargetState } from './panel';

const Short = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** The context a person chose to send with a request (every part may be left out). */
const HelpContextSchema = v.object({
  ruleName: v.optional(Short(200)),
  ruleKind: v.optional(v.picklist(['walkthrough', 'tip', 'hint'])),
  stepIndex: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
  stepTitle: v.optional(Short(200)),
  target: v.optional(v.picklist(['found', 'ambiguous', 'missing', 'waiting', 'none'])),
  events: v.optional(
    v.pipe(
      v.array(v.object({ at: v.number(), ruleId: Id, stepId: v.optional(Id), event: UsageEventName })),
      v.maxLength(20),
    ),
  ),
  browser: v.optional(Short(100)),
  extensionVersion: v.optional(Short(50)),
});

/** Sent by the overlay content script (extension pages may send them too). */
export const fromOverlay = [
  /** What the person wrote after "Helpful? No" on a card: kept, and queued for the team's server. */
  v.object({
    type: v.literal('help.comment'),
    ruleId: Id,
    stepId: v.optional(Id),
    text: Words(2000, 'must say what was missing or wrong'),
    url: v.optional(Url),
  }),
] as const;

/** Sent by extension pages only. */
export const fromPages = [
  /** What an "I'm stuck" request would attach for the tab's page, for the person to look at first. */
  v.object({ type: v.literal('help.context'), tabId: TabId }),
  /** "I'm stuck here" (from the side panel): kept, and queued for the team's server. */
  v.object({
    type: v.literal('help.request'),
    text: Words(5000, 'must say what you are stuck on'),
    url: v.optional(Url),
    ruleId: v.optional(Id),
    stepId: v.optional(Id),
    context: v.optional(HelpContextSchema),
  }),
  /** Every request and comment, newest first (the options page lists them for admins). */
  v.object({ type: v.literal('help.list') }),
] as const;

/** The context of a request beyond its page, rule and step. */
export type HelpContext = v.InferOutput<typeof HelpContextSchema>;

/** What an "I'm stuck" request can attach, before the person removes anything. */
export interface StuckContext {
  /** The page's address without its query string. */
  url?: string;
  /** The whole address, when the query string (which can name records or searches) was taken off. */
  fullUrl?: string;
  /** The help on screen, at its step. */
  help?: {
    ruleId: string;
    ruleName: string;
    ruleKind: RuleKind;
    stepId: string;
    stepIndex: number;
    stepTitle: string;
    target: TargetState;
  };
  /** The last help events on the page, oldest first, with their rules' names. */
  events: (HelpEvent & { ruleName?: string })[];
  /** e.g. `Chrome 131`. */
  browser: string;
  extensionVersion: string;
}

/** A request as admins see it. */
export interface HelpRequest {
  id: string;
  createdAt: number;
  text: string;
  url?: string;
  ruleId?: string;
  stepId?: string;
  context?: HelpContext;
  status: 'pending' | 'sent';
}

/** A comment as admins see it. */
export interface HelpComment {
  id: string;
  createdAt: number;
  ruleId: string;
  stepId?: string;
  url?: string;
  text: string;
  status: 'pending' | 'sent';
}

export interface Replies {
  'help.comment': { id: string };
  'help.context': StuckContext;
  'help.request': { id: string };
  'help.list': { requests: HelpRequest[]; comments: HelpComment[] };
}
