/**
 * Where the Insights page reads its figures: this browser's counters through the background, or
 * (with the same shapes) a team server's aggregate endpoints.
 */
import type { InsightsFilter, InsightsReport } from '../../insights/model';
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
