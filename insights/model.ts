/**
 * What the Insights page shows, as plain data: the same shapes come from this browser's counters
 * (the background aggregates them) and from a team server's aggregate endpoints.
 *
 * `insights/` is pure TypeScript like `rules/`: no browser API, no Dexie, no Preact.
 */

/** An inclusive range of UTC days, `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

/** One usage counter (as the database and the server keep them). `stepId` is `''` for the rule. */
export interface CounterRow {
  ruleId: string;
  stepId: string;
  event: string;
  day: string;
  count: number;
}

/**
 * What idle probes found for one step's target on one day: how many pages where the rule's URL
 * matched had it once, several times or not at all, and which of its ways (the selector, a
 * fallback, the text filter) found it.
 */
export interface ProbeRow {
  ruleId: string;
  stepId: string;
  day: string;
  found: number;
  ambiguous: number;
  missing: number;
  /** Pages on which each way found the target: the selector itself, a fallback, `text:…`. */
  via: Record<string, number>;
}

/** The latest probe of a step's target, kept across days. */
export interface ProbeState {
  ruleId: string;
  stepId: string;
  /** Epoch ms of the last probe that found the target (once or several times). */
  lastFoundAt?: number;
  /** Epoch ms of the first probe of the current run of misses; absent while the target is found. */
  missingSince?: number;
  lastProbeAt: number;
  /** The way that found it last. */
  lastVia?: string;
  /** Which of the rule's URL patterns the target was found on (a walkthrough's steps span pages). */
  seenOn?: number[];
}

/** A step of a rule, as the insights need it. */
export interface StepInfo {
  id: string;
  title: string;
  /** The target's primary selector; a way other than it that finds the element is a suggestion. */
  selector?: string;
}

/** A rule, as the insights need it. */
export interface RuleInfo {
  id: string;
  name: string;
  kind: 'walkthrough' | 'tip' | 'hint';
  packId: string;
  packName: string;
  steps: StepInfo[];
}

/** A comment left after "Helpful? No", or an "I'm stuck" request on a rule. */
export interface Note {
  ruleId: string;
  stepId?: string;
  text: string;
  /** Epoch ms. */
  at: number;
}

/** Per rule: after how many completed runs people marked it known ("I know this"). */
export interface OutgrowRow {
  ruleId: string;
  /** Completed runs before "I know this" → how many people. */
  runs: number;
  people: number;
}

/** One stage of a walkthrough's funnel. */
export interface FunnelStage {
  /** `shown`, a step id, or `completed`. */
  key: string;
  label: string;
  count: number;
  /** Step index (0-based) for step stages. */
  stepIndex?: number;
}

/** One step's own figures in the funnel. */
export interface FunnelStep {
  stepId: string;
  title: string;
  reached: number;
  /** Runs closed (abandoned) on this step. */
  abandoned: number;
  /** Runs in which the step's target was not found. */
  targetMissing: number;
  helpful: number;
  unhelpful: number;
}

export interface Funnel {
  ruleId: string;
  name: string;
  packId: string;
  started: number;
  completed: number;
  abandoned: number;
  /** Completed ÷ started, 0 when nothing started. */
  completionRate: number;
  stages: FunnelStage[];
  steps: FunnelStep[];
  /** The step after which most runs were lost (null when none was lost). */
  dropOff: { stepIndex: number; stepId: string; title: string; lost: number } | null;
  helpful: number;
  unhelpful: number;
  comments: Note[];
  stuck: Note[];
  /**
   * Runs started and completed per day of the range; empty past the 50 most started funnels of a
   * report (`FUNNELS_WITH_DAILY`: the page lists those), filter by the rule for another's.
   */
  daily: { day: string; started: number; completed: number }[];
  outgrow: { runs: number; people: number }[];
}

export interface Outcomes {
  /** Walkthroughs completed. */
  completed: number;
  /** Walkthroughs closed before their end. */
  abandoned: number;
  /** Checklists finished (each person's first completion). */
  checklistsFinished: number;
  /** Field hints shown on an invalid value, after which the field became valid. */
  hintsCorrected: number;
  helpful: number;
  unhelpful: number;
  stuck: number;
  /** Per day of the range. */
  daily: { day: string; completed: number; abandoned: number; hintsCorrected: number; checklistsFinished: number }[];
}

/** Outcomes with nothing counted yet: `stuck` requests, and the `daily` rows given. */
export function emptyOutcomes(stuck: number, daily: Outcomes['daily'] = []): Outcomes {
  return {
    completed: 0,
    abandoned: 0,
    checklistsFinished: 0,
    hintsCorrected: 0,
    helpful: 0,
    unhelpful: 0,
    stuck,
    daily,
  };
}

export type HealthStatus = 'working' | 'failing' | 'ambiguous' | 'unchecked';

/** A step's target health. */
export interface StepHealth {
  stepId: string;
  title: string;
  status: HealthStatus;
  probes: number;
  found: number;
  ambiguous: number;
  missing: number;
  /** Missing ÷ probes (walkthrough runs that could not find it counted as probes too). */
  missingShare: number;
  lastFoundAt?: number;
  missingSince?: number;
  /** A way other than the primary selector that found the element: promote it. */
  suggestion?: { via: string; pages: number };
}

export interface RuleHealth {
  ruleId: string;
  name: string;
  kind: RuleInfo['kind'];
  packId: string;
  status: HealthStatus;
  /** The worst step (failing first, then ambiguous). */
  step?: StepHealth;
  steps: StepHealth[];
  lastWorkedAt?: number;
  /** Since when the worst step has been failing. */
  brokenSince?: number;
}

/**
 * The parts of a report, one per view of the Insights page: a page asks for the part of the view
 * it shows (a report of every part for 1,000 walkthroughs is megabytes; the outcomes are a few
 * kilobytes).
 */
export const REPORT_PARTS = ['outcomes', 'funnels', 'health'] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

/** Everything the Insights page shows for one range and filter. */
export interface InsightsReport {
  /**
   * The parts this report holds (absent: all of them); a part left out is empty (`funnels` and
   * `health` `[]`, `outcomes` zeros).
   */
  parts?: ReportPart[];
  range: DayRange;
  generatedAt: number;
  /** Packs and rules to filter by. */
  packs: { id: string; name: string }[];
  rules: { id: string; name: string; kind: RuleInfo['kind']; packId: string }[];
  funnels: Funnel[];
  /**
   * How many walkthroughs the selection holds, when `funnels` lists only the most started (the
   * team server's answer); absent, `funnels` lists every one.
   */
  walkthroughs?: number;
  outcomes: Outcomes;
  health: RuleHealth[];
  /** Whether any counter or probe result exists in the range (for the empty state). */
  hasData: boolean;
}

export interface InsightsFilter {
  range: DayRange;
  packId?: string;
  ruleId?: string;
}

/** Whether `report` holds `part`. */
export const hasPart = (report: InsightsReport, part: ReportPart): boolean =>
  !report.parts || report.parts.includes(part);
