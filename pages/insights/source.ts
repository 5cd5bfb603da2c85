/**
 * Where the Insights page reads its figures: this browser's counters through the background, or
 * (with the same shapes) a team server's aggregate endpoints.
 */
import { buildReport } from '../../insights/aggregate';
import type { InsightsFilter, InsightsReport, ReportPart, RuleInfo } from '../../insights/model';
import { sendMessage } from '../../messaging/send';

export interface InsightsSource {
  /** Words for the page's header: whose figures these are. */
  label: string;
  /** Whether a report holds only the part asked for (otherwise it holds every part). */
  byPart?: boolean;
  /**
   * The report for `filter`: at least `part` (the view on screen), perhaps every part (the report
   * says which it holds).
   */
  report(filter: InsightsFilter, part: ReportPart): Promise<InsightsReport>;
}

/** This browser's counters: the background reads and sends only the part asked for. */
export const localSource: InsightsSource = {
  label: 'This browser',
  byPart: true,
  report: ({ range, packId, ruleId }, part) =>
    sendMessage({
      type: 'insights.local',
      from: range.from,
      to: range.to,
      ...(packId && { packId }),
      ...(ruleId && { ruleId }),
      parts: [part],
    }),
};

/** How many reports the page keeps (the latest asked for). */
const KEPT_REPORTS = 8;

/** A report already asked for (the page's first, asked for by its entry): the cache starts with it. */
export interface AskedReport {
  source: InsightsSource;
  filter: InsightsFilter;
  part: ReportPart;
  revision: number;
  report: Promise<InsightsReport>;
}

/**
 * Reports asked for once per source, filter, part and `revision`, the latest few kept: a view seen
 * again is not asked for again, nor is the local report that the page asks for before it knows
 * whether a team server is connected, nor the one its entry asked for (`asked`). A failed request
 * is forgotten, so the next asks again.
 */
export function reportCache(asked?: AskedReport) {
  const kept = new Map<string, Promise<InsightsReport>>();
  const keyOf = (source: InsightsSource, filter: InsightsFilter, part: ReportPart, revision: number) =>
    JSON.stringify([
      source.label,
      filter.range,
      filter.packId,
      filter.ruleId,
      source.byPart ? part : 'every',
      revision,
    ]);
  const keep = (key: string, report: Promise<InsightsReport>) => {
    report.catch(() => {
      if (kept.get(key) === report) kept.delete(key);
    });
    kept.set(key, report);
  };
  if (asked) keep(keyOf(asked.source, asked.filter, asked.part, asked.revision), asked.report);
  return (source: InsightsSource, filter: InsightsFilter, part: ReportPart, revision: number) => {
    const key = keyOf(source, filter, part, revision);
    let report = kept.get(key);
    if (report) {
      // The most recently used last: the oldest goes first.
      kept.delete(key);
      kept.set(key, report);
    } else {
      report = source.report(filter, part);
      keep(key, report);
    }
    while (kept.size > KEPT_REPORTS) kept.delete(kept.keys().next().value!);
    return report;
  };
}

/** The team's counters, from the connected team server (`workspace`: its name). */
export const teamSource = (workspace: string): InsightsSource => ({
  label: `Team: ${workspace}`,
  report: ({ range, packId, ruleId }) =>
    sendMessage({
      type: 'insights.team',
      from: range.from,
      to: range.to,
      ...(packId && { packId }),
      ...(ruleId && { ruleId }),
    }),
});

/**
 * The benchmark's baseline (`?source=naive`, not in production builds): every counter and pack
 * shipped to the page, then aggregated there, as an export-and-chart page would.
 */
export const naiveSource: InsightsSource = {
  label: 'This browser (baseline)',
  async report(filter) {
    const [{ counters }, { packs }] = await Promise.all([
      sendMessage({ type: 'usage.export' }),
      sendMessage({ type: 'packs.export' }),
    ]);
    const rules: RuleInfo[] = packs.flatMap((pack) =>
      pack.rules.map((rule) => ({
        id: rule.id,
        name: rule.name,
        kind: rule.kind,
        packId: pack.id,
        packName: pack.name,
        steps: rule.steps.map((step, i) => ({ id: step.id ?? String(i), title: step.title })),
      })),
    );
    return buildReport(
      { rules, counters, probes: [], probeStates: [], comments: [], stuck: [], outgrow: [], now: Date.now() },
      filter,
    );
  },
};
