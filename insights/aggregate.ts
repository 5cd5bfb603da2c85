/**
 * Aggregation of usage counters and target probes into what the Insights page shows: funnels per
 * walkthrough, outcomes, content health. Pure functions over plain rows, tested in Node; the
 * background runs them on this browser's counters.
 */
import type {
  CounterRow,
  DayRange,
  Funnel,
  FunnelStage,
  FunnelStep,
  HealthStatus,
  InsightsFilter,
  InsightsReport,
  Note,
  Outcomes,
  OutgrowRow,
  ProbeRow,
  ProbeState,
  RuleHealth,
  RuleInfo,
  StepHealth,
} from './model';

/** A step whose target was missing on at least this share of the pages probed is failing. */
export const FAILING_SHARE = 0.2;
/** …and ambiguous (several matches) on at least this share. */
export const AMBIGUOUS_SHARE = 0.2;

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

/** Sums of one rule's counters, by step and event, and by day and event. */
interface RuleCounts {
  byStep: Map<string, Map<string, number>>;
  byDay: Map<string, Map<string, number>>;
  /** `shown` per step and day (a funnel's starts per day are its first step's). */
  shownByStep: Map<string, Map<string, number>>;
}

function bump(map: Map<string, Map<string, number>>, key: string, event: string, count: number): void {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  inner.set(event, (inner.get(event) ?? 0) + count);
}

/** Groups counters in `range` by rule (one pass over the rows). */
export function groupCounters(rows: Iterable<CounterRow>, range: DayRange): Map<string, RuleCounts> {
  const out = new Map<string, RuleCounts>();
  for (const row of rows) {
    if (!inRange(row.day, range) || !(row.count > 0)) continue;
    let counts = out.get(row.ruleId);
    if (!counts) {
      counts = { byStep: new Map(), byDay: new Map(), shownByStep: new Map() };
      out.set(row.ruleId, counts);
    }
    bump(counts.byStep, row.stepId, row.event, row.count);
    bump(counts.byDay, row.day, row.event, row.count);
    if (row.event === 'shown') bump(counts.shownByStep, row.stepId, row.day, row.count);
  }
  return out;
}

const get = (map: Map<string, Map<string, number>> | undefined, key: string, event: string): number =>
  map?.get(key)?.get(event) ?? 0;

function eventTotal(counts: RuleCounts | undefined, event: string): number {
  let total = 0;
  for (const events of counts?.byStep.values() ?? []) total += events.get(event) ?? 0;
  return total;
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
): Funnel {
  const steps: FunnelStep[] = rule.steps.map((step) => ({
    stepId: step.id,
    title: step.title,
    reached: get(counts?.byStep, step.id, 'shown'),
    abandoned: get(counts?.byStep, step.id, 'dismissed'),
    targetMissing: get(counts?.byStep, step.id, 'target-missing'),
    helpful: get(counts?.byStep, step.id, 'helpful'),
    unhelpful: get(counts?.byStep, step.id, 'unhelpful'),
  }));
  const started = steps[0]?.reached ?? 0;
  const completed = eventTotal(counts, 'completed');
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
  const first = rule.steps[0]?.id ?? '';
  const daily = daysOf(range).map((day) => ({
    day,
    started: get(counts?.shownByStep, first, day),
    completed: get(counts?.byDay, day, 'completed'),
  }));
  return {
    ruleId: rule.id,
    name: rule.name,
    packId: rule.packId,
    started,
    completed,
    abandoned: eventTotal(counts, 'dismissed'),
    completionRate: started ? Math.min(1, completed / started) : 0,
    stages,
    steps,
    dropOff,
    helpful: eventTotal(counts, 'helpful'),
    unhelpful: eventTotal(counts, 'unhelpful'),
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
  checklists?: RuleCounts,
): Outcomes {
  const days = daysOf(range);
  const daily = days.map((day) => ({ day, completed: 0, abandoned: 0, hintsCorrected: 0, checklistsFinished: 0 }));
  const index = new Map(days.map((d, i) => [d, i]));
  const out: Outcomes = {
    completed: 0,
    abandoned: 0,
    checklistsFinished: 0,
    hintsCorrected: 0,
    helpful: 0,
    unhelpful: 0,
    stuck,
    daily,
  };
  for (const rule of rules) {
    const counts = grouped.get(rule.id);
    if (!counts) continue;
    for (const [day, events] of counts.byDay) {
      const at = daily[index.get(day) ?? -1];
      const completed = rule.kind === 'walkthrough' ? (events.get('completed') ?? 0) : 0;
      const abandoned = rule.kind === 'walkthrough' ? (events.get('dismissed') ?? 0) : 0;
      const corrected = events.get(HINT_CORRECTED) ?? 0;
      out.completed += completed;
      out.abandoned += abandoned;
      out.hintsCorrected += corrected;
      out.helpful += events.get('helpful') ?? 0;
      out.unhelpful += events.get('unhelpful') ?? 0;
      if (at) {
        at.completed += completed;
        at.abandoned += abandoned;
        at.hintsCorrected += corrected;
      }
    }
  }
  for (const [day, events] of checklists?.byDay ?? []) {
    const finished = events.get(CHECKLIST_FINISHED) ?? 0;
    out.checklistsFinished += finished;
    const at = daily[index.get(day) ?? -1];
    if (at) at.checklistsFinished += finished;
  }
  return out;
}

const STATUS_ORDER: Record<HealthStatus, number> = { failing: 0, ambiguous: 1, working: 2, unchecked: 3 };

/**
 * One rule's content health from its probes in the range, the latest probe state, and the
 * `target-missing` counts of real runs (a run that could not find a step's target is a miss too).
 */
export function healthOf(
  rule: RuleInfo,
  probes: readonly ProbeRow[],
  states: ReadonlyMap<string, ProbeState>,
  counts: RuleCounts | undefined,
): RuleHealth {
  const steps: StepHealth[] = rule.steps.map((step) => {
    let found = 0;
    let ambiguous = 0;
    let missing = get(counts?.byStep, step.id, 'target-missing');
    // A run that showed the step found its target (or the step has none).
    const shown = get(counts?.byStep, step.id, 'shown');
    const via = new Map<string, number>();
    for (const p of probes) {
      if (p.stepId !== step.id) continue;
      found += p.found;
      ambiguous += p.ambiguous;
      missing += p.missing;
      for (const [way, n] of Object.entries(p.via)) via.set(way, (via.get(way) ?? 0) + n);
    }
    const probesTotal = found + ambiguous + missing;
    const state = states.get(step.id);
    const missingShare = probesTotal ? missing / probesTotal : 0;
    let status: HealthStatus;
    if (!step.selector && !probesTotal) status = shown ? 'working' : 'unchecked';
    else if (!probesTotal) status = 'unchecked';
    else if (missingShare >= FAILING_SHARE || state?.missingSince !== undefined) status = 'failing';
    else if (ambiguous / probesTotal >= AMBIGUOUS_SHARE) status = 'ambiguous';
    else status = 'working';
    let suggestion: StepHealth['suggestion'];
    for (const [way, pages] of via) {
      if (way === step.selector) continue;
      if (!suggestion || pages > suggestion.pages) suggestion = { via: way, pages };
    }
    return {
      stepId: step.id,
      title: step.title,
      status,
      probes: probesTotal,
      found,
      ambiguous,
      missing,
      missingShare,
      lastFoundAt: state?.lastFoundAt,
      missingSince: state?.missingSince,
      suggestion,
    };
  });
  const worst = [...steps].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status])[0];
  const checked = steps.filter((s) => s.status !== 'unchecked');
  const status: HealthStatus = worst && checked.length ? worst.status : 'unchecked';
  const lastWorkedAt = steps.reduce<number | undefined>(
    (latest, s) =>
      s.lastFoundAt !== undefined && (latest === undefined || s.lastFoundAt > latest) ? s.lastFoundAt : latest,
    undefined,
  );
  return {
    ruleId: rule.id,
    name: rule.name,
    kind: rule.kind,
    packId: rule.packId,
    status,
    step: status === 'failing' || status === 'ambiguous' ? worst : undefined,
    steps,
    lastWorkedAt,
    brokenSince: status === 'failing' ? worst?.missingSince : undefined,
  };
}

/** Everything the Insights page needs, for one filter. */
export interface InsightsInput {
  rules: readonly RuleInfo[];
  counters: readonly CounterRow[];
  probes: readonly ProbeRow[];
  probeStates: readonly ProbeState[];
  comments: readonly Note[];
  stuck: readonly Note[];
  outgrow: readonly OutgrowRow[];
  /** Checklists by pack: their completions are counted under their id. */
  checklists?: readonly { id: string; packId: string }[];
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

/** Builds the report: funnels for walkthroughs, outcomes, and every rule's health. */
export function buildReport(input: InsightsInput, filter: InsightsFilter): InsightsReport {
  const { range } = filter;
  const rules = input.rules.filter(
    (r) => (!filter.packId || r.packId === filter.packId) && (!filter.ruleId || r.id === filter.ruleId),
  );
  const grouped = groupCounters(input.counters, range);
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
  const funnels = rules
    .filter((r) => r.kind === 'walkthrough')
    .map((rule) =>
      funnelOf(rule, grouped.get(rule.id), range, {
        comments: (comments.get(rule.id) ?? []).sort((a, b) => b.at - a.at),
        stuck: (stuck.get(rule.id) ?? []).sort((a, b) => b.at - a.at),
        outgrow: outgrow.get(rule.id) ?? [],
      }),
    );
  const health = rules
    .map((rule) => healthOf(rule, probes.get(rule.id) ?? [], states.get(rule.id) ?? new Map(), grouped.get(rule.id)))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.name.localeCompare(b.name));
  const checklistIds = filter.ruleId
    ? []
    : (input.checklists ?? []).filter((c) => !filter.packId || c.packId === filter.packId).map((c) => c.id);
  const checklists = mergeCounts(checklistIds.flatMap((id) => grouped.get(id) ?? []));
  const stuckCount = rules.reduce((n, r) => n + (stuck.get(r.id)?.length ?? 0), 0);
  const packs = new Map<string, string>();
  for (const r of input.rules) packs.set(r.packId, r.packName);
  return {
    range,
    generatedAt: input.now,
    packs: [...packs].map(([id, name]) => ({ id, name })),
    rules: input.rules.map(({ id, name, kind, packId }) => ({ id, name, kind, packId })),
    funnels: funnels.sort((a, b) => b.started - a.started || a.name.localeCompare(b.name)),
    outcomes: outcomesOf(rules, grouped, range, stuckCount, checklists),
    health,
    hasData: grouped.size > 0 || input.probes.length > 0,
  };
}

function mergeCounts(list: RuleCounts[]): RuleCounts | undefined {
  if (!list.length) return undefined;
  const out: RuleCounts = { byStep: new Map(), byDay: new Map(), shownByStep: new Map() };
  for (const counts of list) {
    for (const [day, events] of counts.byDay) for (const [e, n] of events) bump(out.byDay, day, e, n);
  }
  return out;
}
