/**
 * The team's insights: walkthrough funnels, outcomes and content health over the usage the server
 * gathered (daily counters plus what the ledger still holds), summed by the database, for a range
 * of days and optionally one pack or rule. The same Kysely queries run on PGlite and PostgreSQL;
 * their sums go through the same pure functions as this browser's (`insights/aggregate.ts`).
 */
import { type Kysely, sql } from 'kysely';
import {
  CHECKLIST_FINISHED,
  daysOf,
  FUNNELS_WITH_DAILY,
  funnelOf,
  HINT_CORRECTED,
  healthOf,
  SummedCounts,
} from '../../insights/aggregate';
import {
  type DayRange,
  emptyOutcomes,
  type Funnel,
  type Note,
  type Outcomes,
  type RuleHealth,
  type RuleInfo,
} from '../../insights/model';
import { ruleInfosOf } from '../../insights/rule-infos';
import type { Database } from '../db/schema';
import { currentPacks, packsRevision } from '../packs/service';
import { runDays } from '../usage/step-days';
import { type RangeSum, rangeSums } from '../usage/totals';

export interface InsightsQuery {
  from: string;
  to: string;
  packId?: string;
  ruleId?: string;
  /** Funnels only: the most started this many (by default, every one). */
  limit?: number;
  /**
   * Health only: `full` (the default) gives every step of each rule; `summary` what the Insights
   * page draws: the status, the worst step (`step`) and, in `steps`, only the steps with a
   * selector to suggest (a fraction of the bytes for a thousand rules).
   */
  detail?: 'full' | 'summary';
}

/** Workspaces whose rules are kept parsed, the most recently read ones. */
const RULES_KEPT = 32;
const kept = new Map<string, { revision: number; rules: ReturnType<typeof ruleInfosOf> }>();

/**
 * The workspace's published rules and checklists, read again only when its packs revision moved
 * (every publish, roll-back or withdrawal raises it): the packs' bodies are large (a 1,000-rule
 * pack is ~400 kB of JSON) and reading them was most of an insights request's time.
 */
async function workspaceRules(db: Kysely<Database>, workspaceId: string) {
  const known = kept.get(workspaceId);
  if (known && known.revision === (await packsRevision(db, workspaceId))) {
    kept.delete(workspaceId);
    kept.set(workspaceId, known);
    return known.rules;
  }
  const { revision, packs } = await currentPacks(db, workspaceId);
  const rules = ruleInfosOf(packs.map((pack) => ({ id: pack.id, name: pack.name, pack })));
  kept.delete(workspaceId);
  kept.set(workspaceId, { revision, rules });
  if (kept.size > RULES_KEPT) kept.delete(kept.keys().next().value!);
  return rules;
}

/** The workspace's published rules that the query selects, and its checklists. */
async function selectedRules(db: Kysely<Database>, workspaceId: string, q: InsightsQuery) {
  const all = await workspaceRules(db, workspaceId);
  const rules = all.rules.filter((r) => (!q.packId || r.packId === q.packId) && (!q.ruleId || r.id === q.ruleId));
  const checklists = q.ruleId ? [] : all.checklists.filter((c) => !q.packId || c.packId === q.packId);
  // No filter: every counter of the workspace is wanted (a rule no longer published is looked up
  // by no one), so the sums need no rule list.
  const every = !q.packId && !q.ruleId;
  return { all: all.rules, rules, checklists: checklists.map((c) => c.id), every };
}

/**
 * Counts of the workspace in the range, ledger and counters together, for `ruleIds` (none: no
 * row) and `events`: the rows of both tables, to be grouped by the caller's query.
 */
function usageIn(
  db: Kysely<Database>,
  workspaceId: string,
  range: DayRange,
  ruleIds: readonly string[],
  events: readonly string[],
) {
  const part = <T extends 'usage_counters' | 'usage_deltas'>(table: T) =>
    db
      .selectFrom(table as 'usage_counters')
      .select(['day', 'rule_id', 'step_id', 'event', 'count'])
      .where('workspace_id', '=', workspaceId)
      .where('day', '>=', range.from)
      .where('day', '<=', range.to)
      .where('rule_id', 'in', ruleIds.length ? [...ruleIds] : [''])
      .where('event', 'in', [...events]);
  return db.selectFrom(part('usage_counters').unionAll(part('usage_deltas')).as('u'));
}

/** Sums per rule, step and event over the range, from the range totals (`usage/totals.ts`). */
async function totals(
  db: Kysely<Database>,
  workspaceId: string,
  range: DayRange,
  ruleIds: readonly string[] | null,
  events: readonly string[],
): Promise<Map<string, SummedCounts>> {
  const rows = await rangeSums(db, workspaceId, range, ruleIds, events);
  const days = daysOf(range);
  const out = new Map<string, SummedCounts>();
  for (const r of rows) {
    let counts = out.get(r.rule_id);
    if (!counts) {
      counts = new SummedCounts(days);
      out.set(r.rule_id, counts);
    }
    counts.addTotal(r.step_id, r.event, r.count);
  }
  return out;
}

/** Comments ("No") and "I'm stuck" requests on `ruleIds` received in the range, newest first. */
async function notes(db: Kysely<Database>, workspaceId: string, range: DayRange, ruleIds: readonly string[]) {
  const rows = ruleIds.length
    ? await db
        .selectFrom('inbox_items')
        .select(['kind', 'rule_id', 'step_id', 'text', 'created_at'])
        .where('workspace_id', '=', workspaceId)
        .where('kind', 'in', ['comment', 'help'])
        .where('rule_id', 'in', [...ruleIds])
        .where('created_at', '>=', new Date(`${range.from}T00:00:00Z`))
        .where('created_at', '<', sql<Date>`${range.to}::date + 1`)
        .orderBy('created_at', 'desc')
        .execute()
    : [];
  const comments = new Map<string, Note[]>();
  const stuck = new Map<string, Note[]>();
  for (const r of rows) {
    if (!r.rule_id) continue;
    const note: Note = {
      ruleId: r.rule_id,
      ...(r.step_id && { stepId: r.step_id }),
      text: r.text ?? '',
      at: new Date(r.created_at).getTime(),
    };
    const into = r.kind === 'comment' ? comments : stuck;
    const list = into.get(r.rule_id);
    if (list) list.push(note);
    else into.set(r.rule_id, [note]);
  }
  return { comments, stuck };
}

/**
 * Per walkthrough and day, runs started (its first step shown) and completed, from the step days
 * (`usage/step-days.ts`): a row per walkthrough and day.
 */
async function startsAndCompletions(
  db: Kysely<Database>,
  workspaceId: string,
  range: DayRange,
  walkthroughs: readonly { ruleId: string; firstStep: string }[],
): Promise<Map<string, Funnel['daily']>> {
  const rows = await runDays(db, workspaceId, range, walkthroughs);
  const days = daysOf(range);
  const index = new Map(days.map((d, i) => [d, i]));
  const out = new Map<string, Funnel['daily']>();
  for (const r of rows) {
    let series = out.get(r.rule_id);
    if (!series) {
      series = days.map((day) => ({ day, started: 0, completed: 0 }));
      out.set(r.rule_id, series);
    }
    const at = series[index.get(r.day) ?? -1];
    if (!at) continue;
    at.started += r.started;
    at.completed += r.completed;
  }
  return out;
}

const FUNNEL_EVENTS = ['shown', 'completed', 'dismissed', 'target-missing', 'helpful', 'unhelpful'];

/**
 * Runs started per walkthrough over the range (its first step shown): what the funnels are ranked
 * by, read alone when only the most started are wanted (one counter per walkthrough, where a
 * whole funnel is a dozen).
 */
async function startsOf(
  rows: Promise<RangeSum[]>,
  walkthroughs: ReadonlyMap<string, RuleInfo>,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of await rows) {
    const rule = walkthroughs.get(r.rule_id);
    if (rule && r.step_id === (rule.steps[0]?.id ?? '')) out.set(r.rule_id, (out.get(r.rule_id) ?? 0) + r.count);
  }
  return out;
}

export interface TeamFunnels {
  /** The funnels, most started first: all of them, or the `limit` most started. */
  funnels: Funnel[];
  /** How many walkthroughs the query selects (more than `funnels` holds when limited). */
  walkthroughs: number;
}

/**
 * The selected walkthroughs' funnels, most started first (all, or the `limit` most started); the
 * 50 most started carry their days.
 */
export async function teamFunnels(db: Kysely<Database>, workspaceId: string, q: InsightsQuery): Promise<TeamFunnels> {
  const range = { from: q.from, to: q.to };
  // Over the whole workspace, the ranking's sums need no rule list: asked for while the rules are
  // read (and not used when there are no more walkthroughs than the limit).
  const wholeWorkspace = !q.packId && !q.ruleId;
  const everyStart =
    q.limit !== undefined && wholeWorkspace ? rangeSums(db, workspaceId, range, null, ['shown']) : null;
  everyStart?.catch(() => {});
  const { rules, every } = await selectedRules(db, workspaceId, q);
  const walkthroughs = new Map(rules.filter((r) => r.kind === 'walkthrough').map((r) => [r.id, r]));
  const firstStep = (ruleId: string) => walkthroughs.get(ruleId)!.steps[0]?.id ?? '';
  const withDays = (listed: readonly string[]) =>
    startsAndCompletions(
      db,
      workspaceId,
      range,
      listed.map((ruleId) => ({ ruleId, firstStep: firstStep(ruleId) })),
    );
  let chosen = [...walkthroughs.values()];
  let everyChosen = every;
  let daily: Promise<Map<string, Funnel['daily']>> | undefined;
  if (q.limit !== undefined && q.limit < chosen.length) {
    // Ranked by runs started alone, then only the most started are summed in full: the same
    // order and figures as ranking every funnel, for a twelfth of the counters. Their order
    // known, their days are read meanwhile.
    const starts = await startsOf(
      everyStart ?? rangeSums(db, workspaceId, range, every ? null : [...walkthroughs.keys()], ['shown']),
      walkthroughs,
    );
    const started = (rule: RuleInfo) => starts.get(rule.id) ?? 0;
    chosen = chosen.sort((a, b) => started(b) - started(a) || byName(a.name, b.name)).slice(0, q.limit);
    everyChosen = false;
    daily = withDays(chosen.slice(0, FUNNELS_WITH_DAILY).map((r) => r.id));
  }
  const ids = chosen.map((r) => r.id);
  const [counts, { comments, stuck }] = await Promise.all([
    totals(db, workspaceId, range, everyChosen ? null : ids, FUNNEL_EVENTS),
    notes(db, workspaceId, range, ids),
  ]);
  const funnels = chosen
    .map((rule) =>
      funnelOf(
        rule,
        counts.get(rule.id),
        range,
        { comments: comments.get(rule.id) ?? [], stuck: stuck.get(rule.id) ?? [], outgrow: [] },
        false,
      ),
    )
    .sort((a, b) => b.started - a.started || byName(a.name, b.name));
  const listed = funnels.slice(0, FUNNELS_WITH_DAILY);
  if (listed.length) {
    const days = await (daily ?? withDays(listed.map((f) => f.ruleId)));
    for (const f of listed)
      f.daily = days.get(f.ruleId) ?? daysOf(range).map((day) => ({ day, started: 0, completed: 0 }));
  }
  return { funnels, walkthroughs: walkthroughs.size };
}

/** Outcomes of the selected rules: completions, abandons, hints followed, checklists finished, per day. */
export async function teamOutcomes(db: Kysely<Database>, workspaceId: string, q: InsightsQuery): Promise<Outcomes> {
  const range = { from: q.from, to: q.to };
  const { rules, checklists } = await selectedRules(db, workspaceId, q);
  const walkthroughs = new Set(rules.filter((r) => r.kind === 'walkthrough').map((r) => r.id));
  const ids = rules.map((r) => r.id);
  const walkthroughIds = [...walkthroughs];
  const [sums, rows, checklistRows, { stuck }] = await Promise.all([
    rangeSums(db, workspaceId, range, ids, ['completed', 'dismissed', HINT_CORRECTED, 'helpful', 'unhelpful']),
    // The days, summed over rules by the database: walkthroughs apart (only theirs count as completed or abandoned).
    usageIn(db, workspaceId, range, ids, ['completed', 'dismissed', HINT_CORRECTED])
      .select(['day', 'event'])
      .select((eb) => [
        eb('rule_id', 'in', walkthroughIds.length ? walkthroughIds : ['']).as('walkthrough'),
        eb.fn.sum<string>('count').as('count'),
      ])
      .groupBy(['day', 'event', 'walkthrough'])
      .execute(),
    usageIn(db, workspaceId, range, checklists, [CHECKLIST_FINISHED])
      .select(['day'])
      .select((eb) => eb.fn.sum<string>('count').as('count'))
      .groupBy(['day'])
      .execute(),
    notes(db, workspaceId, range, ids),
  ]);
  const days = daysOf(range);
  const index = new Map(days.map((d, i) => [d, i]));
  const out = emptyOutcomes(
    [...stuck.values()].reduce((n, list) => n + list.length, 0),
    days.map((day) => ({ day, completed: 0, abandoned: 0, hintsCorrected: 0, checklistsFinished: 0 })),
  );
  for (const r of sums) {
    const walkthrough = walkthroughs.has(r.rule_id);
    if (r.event === 'completed' && walkthrough) out.completed += r.count;
    else if (r.event === 'dismissed' && walkthrough) out.abandoned += r.count;
    else if (r.event === HINT_CORRECTED) out.hintsCorrected += r.count;
    else if (r.event === 'helpful') out.helpful += r.count;
    else if (r.event === 'unhelpful') out.unhelpful += r.count;
  }
  for (const r of rows) {
    const n = Number(r.count);
    const at = out.daily[index.get(dayText(r.day)) ?? -1];
    if (!at) continue;
    if (r.event === 'completed' && r.walkthrough) at.completed += n;
    else if (r.event === 'dismissed' && r.walkthrough) at.abandoned += n;
    else if (r.event === HINT_CORRECTED) at.hintsCorrected += n;
  }
  for (const r of checklistRows) {
    const n = Number(r.count);
    out.checklistsFinished += n;
    const at = out.daily[index.get(dayText(r.day)) ?? -1];
    if (at) at.checklistsFinished += n;
  }
  return out;
}

const STATUS_ORDER = { failing: 0, ambiguous: 1, working: 2, unchecked: 3 } as const;

/**
 * Every selected rule's health from its members' runs: a step shown found its target, a
 * `target-missing` count did not (the server gets no idle probes: they stay in each browser).
 */
export async function teamHealth(db: Kysely<Database>, workspaceId: string, q: InsightsQuery): Promise<RuleHealth[]> {
  const range = { from: q.from, to: q.to };
  const { rules, every } = await selectedRules(db, workspaceId, q);
  const counts = await totals(db, workspaceId, range, every ? null : rules.map((r) => r.id), [
    'shown',
    'target-missing',
  ]);
  const health = rules
    .map((rule) => teamRuleHealth(rule, counts.get(rule.id)))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || byName(a.name, b.name));
  return q.detail === 'summary' ? health.map(summaryOf) : health;
}

/** A rule's health as the Insights page draws it: no step but the worst and those with a suggestion. */
function summaryOf(h: RuleHealth): RuleHealth {
  const { step, lastWorkedAt, brokenSince, ...rest } = h;
  return {
    ...rest,
    ...(step && { step }),
    ...(lastWorkedAt !== undefined && { lastWorkedAt }),
    ...(brokenSince !== undefined && { brokenSince }),
    steps: h.steps.filter((s) => s.suggestion),
  };
}

/** A rule's health from runs: shown steps are found targets (probes of their own, on the server). */
function teamRuleHealth(rule: RuleInfo, counts: SummedCounts | undefined): RuleHealth {
  const probes = rule.steps.map((step) => ({
    ruleId: rule.id,
    stepId: step.id,
    day: '',
    found: counts?.step(step.id, 'shown') ?? 0,
    ambiguous: 0,
    missing: 0,
    via: {},
  }));
  return healthOf(rule, probes, new Map(), counts);
}

/** The packs and rules to filter by. */
export async function teamRules(db: Kysely<Database>, workspaceId: string) {
  const { all } = await selectedRules(db, workspaceId, { from: '', to: '' });
  const packs = new Map(all.map((r) => [r.packId, r.packName]));
  return {
    packs: [...packs].map(([id, name]) => ({ id, name })),
    rules: all.map(({ id, name, kind, packId }) => ({ id, name, kind, packId })),
  };
}

const byName = new Intl.Collator().compare;

/** A `date` column as `YYYY-MM-DD` (PGlite and pg may hand back a Date or text). */
function dayText(day: unknown): string {
  return day instanceof Date ? day.toISOString().slice(0, 10) : String(day).slice(0, 10);
}
