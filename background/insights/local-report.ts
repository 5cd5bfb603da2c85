/**
 * The Insights report from this browser's database: rules and their packs, counters and probe
 * results in the range, comments, "I'm stuck" requests and who outgrew which walkthrough, handed
 * to the pure aggregation in `insights/`.
 */
import { buildReport } from '../../insights/aggregate';
import { groupDayTotals } from '../../insights/day-totals';
import type { InsightsFilter, InsightsReport, Note, OutgrowRow, ReportPart, RuleInfo } from '../../insights/model';
import { ruleInfosOf } from '../../insights/rule-infos';
import type { StepwiseDatabase } from '../db/database';
import { packsWithRules } from '../db/packs';
import { forgetCounterKeys, readDayTotals } from '../db/usage';

/** A table that a later schema version adds (comments, checklist completions), if this database has it. */
function optionalTable(db: StepwiseDatabase, name: string) {
  return db.tables.find((t) => t.name === name);
}

type RuleInfos = { rules: RuleInfo[]; checklists: { id: string; packId: string }[] };
const rulesInMemory = new WeakMap<StepwiseDatabase, { writes: number; infos: Promise<RuleInfos> }>();

/**
 * Rules as the insights need them, with their pack's name: read once, and again only after a
 * write to the packs (`packsWrites`). A thousand rules' packs are a large record to read and
 * clone on every report, and the packs seldom change.
 */
export function ruleInfos(db: StepwiseDatabase): Promise<RuleInfos> {
  const kept = rulesInMemory.get(db);
  if (kept && kept.writes === db.packsWrites) return kept.infos;
  const writes = db.packsWrites;
  const infos = packsWithRules(db).then(ruleInfosOf);
  rulesInMemory.set(db, { writes, infos });
  // A failed read is not kept.
  infos.catch(() => {
    if (rulesInMemory.get(db)?.infos === infos) rulesInMemory.delete(db);
  });
  return infos;
}

/** After how many completed runs each person said "I know this", per rule. */
async function outgrowRows(db: StepwiseDatabase): Promise<OutgrowRow[]> {
  const [known, completions] = await Promise.all([db.knownRules.toArray(), db.completions.toArray()]);
  const runs = new Map(completions.map((c) => [`${c.userId}\u0000${c.ruleId}`, c.count]));
  const out = new Map<string, OutgrowRow>();
  for (const k of known) {
    const n = runs.get(`${k.userId}\u0000${k.ruleId}`) ?? 0;
    const key = `${k.ruleId}\u0000${n}`;
    const row = out.get(key) ?? { ruleId: k.ruleId, runs: n, people: 0 };
    row.people++;
    out.set(key, row);
  }
  return [...out.values()];
}

const asNote = (r: { ruleId?: string; stepId?: string; text?: unknown; createdAt?: unknown }): Note[] =>
  typeof r.ruleId === 'string' && typeof r.text === 'string' && typeof r.createdAt === 'number'
    ? [{ ruleId: r.ruleId, ...(r.stepId && { stepId: r.stepId }), text: r.text, at: r.createdAt }]
    : [];

/**
 * Builds the report for `filter` from the database: every part, or only `parts` (what the view on
 * screen shows), reading only the tables those need.
 */
export async function localReport(
  db: StepwiseDatabase,
  filter: InsightsFilter,
  now: number,
  parts?: readonly ReportPart[],
): Promise<InsightsReport> {
  const { from, to } = filter.range;
  const wants = (part: ReportPart) => !parts || parts.includes(part);
  const none = Promise.resolve([]);
  const probesInRange = db.probes.where('day').between(from, to, true, true);
  // The day totals: a record a day, however many counters (the counters give the same report:
  // test/unit/insights/day-totals.test.ts).
  const comments = optionalTable(db, 'comments');
  const [{ rules, checklists }, totals, probes, probed, probeStates, requests, commentRows, outgrow] =
    await Promise.all([
      ruleInfos(db),
      readDayTotals(db, filter.range),
      wants('health') ? probesInRange.toArray() : none,
      // Without the health part, only whether any probe result exists (for the empty state).
      wants('health') ? undefined : probesInRange.first(),
      wants('health') ? db.probeStates.toArray() : none,
      // "I'm stuck" requests are counted in the outcomes and listed in the funnels.
      wants('outcomes') || wants('funnels') ? db.helpRequests.toArray() : none,
      comments && wants('funnels') ? comments.toArray() : none,
      wants('funnels') ? outgrowRows(db) : none,
    ]);
  return buildReport(
    {
      rules,
      checklists,
      counters: { grouped: groupDayTotals(totals.keys, totals.days, filter.range) },
      probes,
      probeStates,
      stuck: requests.flatMap(asNote),
      comments: (commentRows as Parameters<typeof asNote>[0][]).flatMap(asNote),
      outgrow,
      probed: probed !== undefined,
      now,
    },
    filter,
    parts,
  );
}

/** Deletes every usage counter, probe result and comment, and the counts still waiting to be sent. */
export async function clearCounts(db: StepwiseDatabase): Promise<void> {
  const comments = optionalTable(db, 'comments');
  const tables = [
    db.usage,
    db.usageKeys,
    db.usageDays,
    db.probes,
    db.probeStates,
    db.outbox,
    ...(comments ? [comments] : []),
  ];
  await db.transaction('rw', tables, async () => {
    await Promise.all([
      db.usage.clear(),
      db.usageKeys.clear(),
      db.usageDays.clear(),
      db.probes.clear(),
      db.probeStates.clear(),
      comments?.clear(),
    ]);
    await db.outbox.where('kind').anyOf('usage', 'comment').delete();
  });
  forgetCounterKeys(db);
}
