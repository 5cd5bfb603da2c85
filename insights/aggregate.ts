/**
 * Aggregation of usage counters and target probes into what the Insights page shows: funnels per
 * walkthrough, outcomes, content health. Pure functions over plain rows, tested in Node; the
 * background runs them on this browser's counters.
 */

import { healthOf, STATUS_ORDER } from './health';
import type {
  CounterRow,
  DayRange,
  Funnel,
  FunnelStage,
  FunnelStep,
  InsightsFilter,
  InsightsReport,
  Note,
  Outcomes,
  OutgrowRow,
  ProbeRow,
  ProbeState,
  ReportPart,
  RuleInfo,
} from './model';
import { emptyOutcomes } from './model';

export { AMBIGUOUS_SHARE, FAILING_SHARE, healthOf } from './health';

/** Events the overlay counts for outcomes beyond the rule model's core ones. */
export const HINT_CORRECTED = 'hint-corrected';
/** Counted (under the checklist's id) the first time all of a checklist's items are done. */
export const CHECKLIST_FINISHED = 'checklist-completed';

const DAY_MS = 86_400_000;

/** The UTC day of `time`. */
export const dayOf = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** Every day of `range`, oldest first (empty when `to` is before `from`). */
export function daysOf(range: DayRange): string[] {
  const out: string[] = [];
  const end = Date.parse(`${range.to}T00:00:00Z`);
  for (let t = Date.parse(`${range.from}T00:00:00Z`); t <= end; t += DAY_MS) out.push(dayOf(t));
  return out;
}

/** The last `days` days up to and including the day of `now`. */
export function lastDays(days: number, now: number): DayRange {
  return { from: dayOf(now - (days - 1) * DAY_MS), to: dayOf(now) };
}

export const inRange = (day: string, range: DayRange): boolean => day >= range.from && day <= range.to;

/**
 * One rule's counters over a report's range. Two kinds give the same answers: grouped from counter
 * rows (`groupCounters`, the plain way) or from the day totals (`groupDayTotals`, a record per day).
 */
export interface RuleCounts {
  /** One step's event, summed over the range. */
  step(stepId: string, event: string): number;
  /** An event on every step, summed over the range. */
  total(event: string): number;
  /** An event on every step, per day of the range (oldest first). */
  daily(event: string): ArrayLike<number>;
  /** One step's event per day of the range (oldest first). */
  stepDaily(stepId: string, event: string): ArrayLike<number>;
}

type Nested = Map<string, Map<string, number>>;

function bump(map: Nested, key: string, event: string, count: number): void {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  inner.set(event, (inner.get(event) ?? 0) + count);
}

const get = (map: Nested | undefined, key: string, event: string): number => map?.get(key)?.get(event) ?? 0;

/** A rule's counters grouped in maps: by step and event, by day and event, by step, event and day. */
class MapCounts implements RuleCounts {
  readonly byStep: Nested = new Map();
  readonly byDay: Nested = new Map();
  readonly byStepDay = new Map<string, Nested>();
  constructor(private readonly days: readonly string[]) {}
  add(row: CounterRow): void {
    bump(this.byStep, row.stepId, row.event, row.count);
    bump(this.byDay, row.day, row.event, row.count);
    let step = this.byStepDay.get(row.stepId);
    if (!step) {
      step = new Map();
      this.byStepDay.set(row.stepId, step);
    }
    bump(step, row.event, row.day, row.count);
  }
  step(stepId: string, event: string): number {
    return get(this.byStep, stepId, event);
  }
  total(event: string): number {
    let total = 0;
    for (const events of this.byStep.values()) total += events.get(event) ?? 0;
    return total;
  }
  daily(event: string): number[] {
    return this.days.map((day) => get(this.byDay, day, event));
  }
  stepDaily(stepId: string, event: string): number[] {
    return this.days.map((day) => get(this.byStepDay.get(stepId), event, day));
  }
}

/**
 * A rule's counters as a database sums them: totals per (step, event) over the range, and the
 * day-by-day sums asked for (the team server's aggregate queries fill these).
 */
export class SummedCounts implements RuleCounts {
  private readonly totals = new Map<string, number>();
  private readonly perEvent = new Map<string, Float64Array>();
  private readonly perStep = new Map<string, Float64Array>();
  /** Day → position, made on the first `addDay` (a thousand rules' totals need none). */
  private index: Map<string, number> | undefined;
  constructor(private readonly days: readonly string[]) {}
  addTotal(stepId: string, event: string, count: number): void {
    const key = `${stepId}\u0000${event}`;
    this.totals.set(key, (this.totals.get(key) ?? 0) + count);
  }
  addDay(day: string, stepId: string, event: string, count: number): void {
    this.index ??= new Map(this.days.map((d, i) => [d, i]));
    const i = this.index.get(day);
    if (i === undefined) return;
    const line = (map: Map<string, Float64Array>, key: string) => {
      let values = map.get(key);
      if (!values) {
        values = new Float64Array(this.days.length);
        map.set(key, values);
      }
      return values;
    };
    line(this.perEvent, event)[i]! += count;
    line(this.perStep, `${stepId}\u0000${event}`)[i]! += count;
  }
  step(stepId: string, event: string): number {
    return this.totals.get(`${stepId}\u0000${event}`) ?? 0;
  }
  total(event: string): number {
    let n = 0;
    for (const [key, count] of this.totals) if (key.endsWith(`\u0000${event}`)) n += count;
    return n;
  }
  daily(event: string): ArrayLike<number> {
    return this.perEvent.get(event) ?? [];
  }
  stepDaily(stepId: string, event: string): ArrayLike<number> {
    return this.perStep.get(`${stepId}\u0000${event}`) ?? [];
  }
}

/** Groups counters in `range` by rule, one row at a time: the plain way, the day totals' yardstick. */
export function groupCounters(rows: Iterable<CounterRow>, range: DayRange): Map<string, RuleCounts> {
  const days = daysOf(range);
  const out = new Map<string, MapCounts>();
  for (const row of rows) {
    if (!inRange(row.day, range) || !(row.count > 0)) continue;
    let counts = out.get(row.ruleId);
    if (!counts) {
      counts = new MapCounts(days);
      out.set(row.ruleId, counts);
    }
    counts.add(row);
  }
  return out;
}

/** A walkthrough's runs started (its first step shown) and completed, per day of `range`. */
export function funnelDaily(rule: RuleInfo, counts: RuleCounts | undefined, range: DayRange): Funnel['daily'] {
  const first = rule.steps[0]?.id ?? '';
  const started = counts?.stepDaily(first, 'shown');
  const completed = counts?.daily('completed');
  return daysOf(range).map((day, i) => ({ day, started: started?.[i] ?? 0, completed: completed?.[i] ?? 0 }));
}

/**
 * A walkthrough's funnel: runs started (its first step shown), each step reached, completed. The
 * drop-off is the step after which the most runs were lost (reached it, never reached the next).
 */
export function funnelOf(
  rule: RuleInfo,
  counts: RuleCounts | undefined,
  range: DayRange,
  notes: { comments: Note[]; stuck: Note[]; outgrow: OutgrowRow[] } = { comments: [], stuck: [], outgrow: [] },
  withDaily = true,
): Funnel {
  const steps: FunnelStep[] = rule.steps.map((step) => ({
    stepId: step.id,
    title: step.title,
    reached: counts?.step(step.id, 'shown') ?? 0,
    abandoned: counts?.step(step.id, 'dismissed') ?? 0,
    targetMissing: counts?.step(step.id, 'target-missing') ?? 0,
    helpful: counts?.step(step.id, 'helpful') ?? 0,
    unhelpful: counts?.step(step.id, 'unhelpful') ?? 0,
  }));
  const started = steps[0]?.reached ?? 0;
  const completed = counts?.total('completed') ?? 0;
  const stages: FunnelStage[] = [
    ...steps.map((s, i) => ({ key: s.stepId, label: `${i + 1}. ${s.title}`, count: s.reached, stepIndex: i })),
    { key: 'completed', label: 'Completed', count: completed },
  ];
  let dropOff: Funnel['dropOff'] = null;
  for (let i = 0; i < steps.length; i++) {
    // A run resumed mid-way can show a later step more often than an earlier one: no negative loss.
    const lost = Math.max(0, stages[i]!.count - stages[i + 1]!.count);
    if (lost > 0 && (!dropOff || lost > dropOff.lost)) {
      dropOff = { stepIndex: i, stepId: steps[i]!.stepId, title: steps[i]!.title, lost };
    }
  }
  const daily = withDaily ? funnelDaily(rule, counts, range) : [];
  return {
    ruleId: rule.id,
    name: rule.name,
    packId: rule.packId,
    started,
    completed,
    abandoned: counts?.total('dismissed') ?? 0,
    completionRate: started ? Math.min(1, completed / started) : 0,
    stages,
    steps,
    dropOff,
    helpful: counts?.total('helpful') ?? 0,
    unhelpful: counts?.total('unhelpful') ?? 0,
    comments: notes.comments,
    stuck: notes.stuck,
    daily,
    outgrow: notes.outgrow.map(({ runs, people }) => ({ runs, people })).sort((a, b) => a.runs - b.runs),
  };
}

/** Outcomes over every rule in `rules` (counters of other rules are left out). */
export function outcomesOf(
  rules: readonly RuleInfo[],
  grouped: Map<string, RuleCounts>,
  range: DayRange,
  stuck: number,
  checklists: readonly RuleCounts[] = [],
): Outcomes {
  const days = daysOf(range);
  const completed = new Float64Array(days.length);
  const abandoned = new Float64Array(days.length);
  const corrected = new Float64Array(days.length);
  const finished = new Float64Array(days.length);
  const add = (into: Float64Array, from: ArrayLike<number>) => {
    for (let i = 0; i < into.length; i++) into[i]! += from[i] ?? 0;
  };
  const out = emptyOutcomes(stuck);
  for (const rule of rules) {
    const counts = grouped.get(rule.id);
    if (!counts) continue;
    if (rule.kind === 'walkthrough') {
      out.completed += counts.total('completed');
      out.abandoned += counts.total('dismissed');
      add(completed, counts.daily('completed'));
      add(abandoned, counts.daily('dismissed'));
    }
    out.hintsCorrected += counts.total(HINT_CORRECTED);
    add(corrected, counts.daily(HINT_CORRECTED));
    out.helpful += counts.total('helpful');
    out.unhelpful += counts.total('unhelpful');
  }
  for (const counts of checklists) {
    out.checklistsFinished += counts.total(CHECKLIST_FINISHED);
    add(finished, counts.daily(CHECKLIST_FINISHED));
  }
  out.daily = days.map((day, i) => ({
    day,
    completed: completed[i]!,
    abandoned: abandoned[i]!,
    hintsCorrected: corrected[i]!,
    checklistsFinished: finished[i]!,
  }));
  return out;
}

/** Names in the reader's order (one collator: `localeCompare` per pair is slow on thousands of rules). */
const byName = new Intl.Collator().compare;

/** How many funnels (the most started) carry their day-by-day figures: the page lists as many. */
export const FUNNELS_WITH_DAILY = 50;

/** Everything the Insights page needs, for one filter. */
export interface InsightsInput {
  rules: readonly RuleInfo[];
  /**
   * The usage counters: as rows, or already grouped by rule over the filter's range (from the
   * day totals, `groupDayTotals`), which gives the same report.
   */
  counters: readonly CounterRow[] | { grouped: Map<string, RuleCounts> };
  probes: readonly ProbeRow[];
  probeStates: readonly ProbeState[];
  comments: readonly Note[];
  stuck: readonly Note[];
  outgrow: readonly OutgrowRow[];
  /** Checklists by pack: their completions are counted under their id. */
  checklists?: readonly { id: string; packId: string }[];
  /**
   * Whether any probe result exists in the range, when `probes` was not read (a report without
   * the health part needs only this of them).
   */
  probed?: boolean;
  now: number;
}

function byRule<T extends { ruleId?: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    if (item.ruleId === undefined) continue;
    const list = out.get(item.ruleId);
    if (list) list.push(item);
    else out.set(item.ruleId, [item]);
  }
  return out;
}

/**
 * Builds the report: funnels for walkthroughs, outcomes, and every rule's health — or only the
 * `parts` asked for (the others are left empty and the report says which it holds).
 */
export function buildReport(
  input: InsightsInput,
  filter: InsightsFilter,
  parts?: readonly ReportPart[],
): InsightsReport {
  const wants = (part: ReportPart) => !parts || parts.includes(part);
  const { range } = filter;
  const rules = input.rules.filter(
    (r) => (!filter.packId || r.packId === filter.packId) && (!filter.ruleId || r.id === filter.ruleId),
  );
  const grouped =
    'grouped' in input.counters ? input.counters.grouped : groupCounters(input.counters as CounterRow[], range);
  const inDays = (n: Note) => inRange(dayOf(n.at), range);
  const comments = byRule(input.comments.filter(inDays));
  const stuck = byRule(input.stuck.filter(inDays));
  const outgrow = byRule(input.outgrow);
  const probes = byRule(input.probes.filter((p) => inRange(p.day, range)));
  const states = new Map<string, Map<string, ProbeState>>();
  for (const s of input.probeStates) {
    let inner = states.get(s.ruleId);
    if (!inner) {
      inner = new Map();
      states.set(s.ruleId, inner);
    }
    inner.set(s.stepId, s);
  }
  const walkthroughs = new Map(
    wants('funnels') ? rules.filter((r) => r.kind === 'walkthrough').map((r) => [r.id, r]) : [],
  );
  const funnels = [...walkthroughs.values()]
    .map((rule) =>
      funnelOf(
        rule,
        grouped.get(rule.id),
        range,
        {
          comments: (comments.get(rule.id) ?? []).sort((a, b) => b.at - a.at),
          stuck: (stuck.get(rule.id) ?? []).sort((a, b) => b.at - a.at),
          outgrow: outgrow.get(rule.id) ?? [],
        },
        false,
      ),
    )
    .sort((a, b) => b.started - a.started || byName(a.name, b.name));
  // The page lists the most started: they carry their day-by-day figures; past them, a funnel's
  // days are left out (a report stays small with thousands of walkthroughs) and filtering by its
  // rule gives them.
  for (const funnel of funnels.slice(0, FUNNELS_WITH_DAILY)) {
    funnel.daily = funnelDaily(walkthroughs.get(funnel.ruleId)!, grouped.get(funnel.ruleId), range);
  }
  const health = (wants('health') ? rules : [])
    .map((rule) => healthOf(rule, probes.get(rule.id) ?? [], states.get(rule.id) ?? new Map(), grouped.get(rule.id)))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || byName(a.name, b.name));
  const checklistIds = filter.ruleId
    ? []
    : (input.checklists ?? []).filter((c) => !filter.packId || c.packId === filter.packId).map((c) => c.id);
  const checklists = checklistIds.flatMap((id) => grouped.get(id) ?? []);
  const stuckCount = rules.reduce((n, r) => n + (stuck.get(r.id)?.length ?? 0), 0);
  const packs = new Map<string, string>();
  for (const r of input.rules) packs.set(r.packId, r.packName);
  return {
    ...(parts && { parts: [...parts] }),
    range,
    generatedAt: input.now,
    packs: [...packs].map(([id, name]) => ({ id, name })),
    rules: input.rules.map(({ id, name, kind, packId }) => ({ id, name, kind, packId })),
    funnels,
    outcomes: wants('outcomes') ? outcomesOf(rules, grouped, range, stuckCount, checklists) : emptyOutcomes(stuckCount),
    health,
    hasData: grouped.size > 0 || input.probes.length > 0 || input.probed === true,
  };
}
