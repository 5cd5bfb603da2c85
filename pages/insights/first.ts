/**
 * The Insights page's first requests, sent by its entry as soon as it runs: the report the address
 * asks for and whether a team server is connected. The page's views (Preact, the charts' code, the
 * tables) load meanwhile, rather than before the background is asked (its answer was most of the
 * wait for the first chart).
 */
import type { InsightsReport, ReportPart } from '../../insights/model';
import type { Replies } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import { type FilterState, filterFromSearch, PART, viewOf } from './address';
import type { InsightsSource } from './source';

export interface FirstRequests {
  /** The filters the address says, as the page starts with them (the same range as the report's). */
  filters: FilterState;
  part: ReportPart;
  /** `source`'s report for them, at revision 0. */
  report: Promise<InsightsReport>;
  status: Promise<Replies['sync.status']>;
}

export function firstRequests(source: InsightsSource, address: { search: string; hash: string }): FirstRequests {
  const filters = filterFromSearch(address.search);
  const part = PART[viewOf(address.hash)] ?? 'outcomes';
  const report = source.report(filters.filter, part);
  const status = sendMessage({ type: 'sync.status' });
  // Followed by the page once it has loaded; a failure is shown there.
  report.catch(() => undefined);
  status.catch(() => undefined);
  return { filters, part, report, status };
}
