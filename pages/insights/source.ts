/**
 * Where the Insights page reads its figures: this browser's counters through the background, or
 * (with the same shapes) a team server's aggregate endpoints.
 */
import { buildReport } from '../../insights/aggregate';
import type { InsightsFilter, InsightsReport, RuleInfo } from '../../insights/model';
import { sendMessage } from '../../messaging/send';

export interface InsightsSource {
  /** Words for the page's header: whose figures these are. */
  label: string;
  report(filter: InsightsFilter): Promise<InsightsReport>;
}

/** This browser's counters. */
export const localSource: InsightsSource = {
  label: 'This browser',
  report: ({ range, packId, ruleId }) =>
    sendMessage({
      type: 'insights.local',
      from: range.from,
      to: range.to,
      ...(packId && { packId }),
      ...(ruleId && { ruleId }),
    }),
};

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
