/**
 * Insights: the report the Insights page draws from this browser's counters, what idle probes of
 * rules' targets found, and clearing the counts.
 */
import * as v from 'valibot';
import { type InsightsReport, REPORT_PARTS } from '../../insights/model';
import type { Target, Where } from '../../rules/index';
import { Id } from '../fields';

const Day = v.pipe(v.string(), v.isoDate('must be a day as YYYY-MM-DD'));

/** Sent by the overlay content script and the on-demand probe bundle, which runs as one. */
export const fromOverlay = [
  /**
   * The overlay's page moved within the app (history API or hash): the background injects the
   * probe bundle again where rules are due on the new page. The origin is the sender's frame's; the
   * browser may still give the address the document loaded at, so the path and hash are `url`'s.
   */
  v.object({ type: v.literal('insights.pageChanged'), url: v.pipe(v.string(), v.maxLength(8192), v.url()) }),
  /** The rules whose targets are due for a probe on the sender's page. */
  v.object({ type: v.literal('insights.probeRules'), url: v.pipe(v.string(), v.maxLength(8192), v.url()) }),
  /** What the probe found: per step, the target once, several times or not at all, and by which way. */
  v.object({
    type: v.literal('insights.probeReport'),
    results: v.pipe(
      v.array(
        v.object({
          ruleId: Id,
          stepId: v.pipe(v.string(), v.maxLength(200)),
          status: v.picklist(['found', 'ambiguous', 'missing']),
          via: v.optional(v.pipe(v.string(), v.maxLength(2000))),
          /** Which of the rule's URL patterns matched the page. */
          pattern: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)),
        }),
      ),
      v.maxLength(2000),
    ),
  }),
] as const;

/** Sent by extension pages only. */
export const fromPages = [
  /** Funnels, outcomes and content health over a range of days, for one pack or rule or all. */
  v.object({
    type: v.literal('insights.local'),
    from: Day,
    to: Day,
    packId: v.optional(Id),
    ruleId: v.optional(Id),
    /** Only these parts (the view on screen); every part when absent. */
    parts: v.optional(v.pipe(v.array(v.picklist(REPORT_PARTS)), v.minLength(1), v.maxLength(REPORT_PARTS.length))),
  }),
  /** The same, for the team: from the connected team server's aggregate endpoints (admin tokens). */
  v.object({
    type: v.literal('insights.team'),
    from: Day,
    to: Day,
    packId: v.optional(Id),
    ruleId: v.optional(Id),
  }),
  /** What this browser keeps, for the privacy page. */
  v.object({ type: v.literal('insights.kept') }),
  /** Deletes every usage counter, probe result and comment (rules, packs and progress stay). */
  v.object({ type: v.literal('insights.clearCounts') }),
] as const;

/** A rule whose targets are due for a probe, with what the probe needs. */
export interface ProbeRule {
  id: string;
  where: Where;
  /** The steps to probe: their id and target (steps after a step that moves to another page are left out). */
  steps: { id: string; target: Target }[];
}

/** What this browser keeps (no record's content, only how much). */
export interface KeptData {
  counters: number;
  probes: number;
  helpRequests: number;
  comments: number;
  /** The oldest and newest day with a counter. */
  firstDay?: string;
  lastDay?: string;
}

export interface Replies {
  'insights.pageChanged': { probing: boolean };
  'insights.probeRules': { rules: ProbeRule[] };
  'insights.probeReport': { recorded: number };
  'insights.local': InsightsReport;
  'insights.team': InsightsReport;
  'insights.kept': KeptData;
  'insights.clearCounts': { cleared: true };
}

export type { InsightsReport };
