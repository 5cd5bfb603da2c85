/**
 * What the Insights page's address says, read without the page's views (the entry reads it to ask
 * for the first report before they have loaded): the filters (`?days=7|30|90` or `?from=…&to=…`,
 * `pack`, `rule`) and the view (the hash).
 */
import { lastDays } from '../../insights/aggregate';
import type { InsightsFilter, ReportPart } from '../../insights/model';

export type Preset = '7' | '30' | '90' | 'custom';

export interface FilterState {
  preset: Preset;
  filter: InsightsFilter;
}

export const PRESETS: readonly Preset[] = ['7', '30', '90'];
const isDay = (value: string | null): value is string =>
  value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
/** The address's parameters that say the filters. */
const FILTER_PARAMS = ['days', 'from', 'to', 'pack', 'rule'];

/**
 * The filters an address asks for: `?days=7|30|90`, or `?from=YYYY-MM-DD&to=YYYY-MM-DD` (a custom
 * period), with `pack` and `rule`; the last 30 days where it says none (or nothing valid).
 */
export function filterFromSearch(search: string, now = Date.now()): FilterState {
  const q = new URLSearchParams(search);
  const pack = q.get('pack');
  const rule = q.get('rule');
  const ids = { ...(pack && { packId: pack }), ...(rule && { ruleId: rule }) };
  const from = q.get('from');
  const to = q.get('to');
  if (isDay(from) && isDay(to) && from <= to) return { preset: 'custom', filter: { range: { from, to }, ...ids } };
  const days = PRESETS.find((p) => p === q.get('days')) ?? '30';
  return { preset: days, filter: { range: lastDays(Number(days), now), ...ids } };
}

/** The address's query for `state`, the page's other parameters kept. */
export function searchOf(state: FilterState, search: string): string {
  const q = new URLSearchParams(search);
  for (const name of FILTER_PARAMS) q.delete(name);
  const { filter, preset } = state;
  if (preset === 'custom') {
    q.set('from', filter.range.from);
    q.set('to', filter.range.to);
  } else q.set('days', preset);
  if (filter.packId) q.set('pack', filter.packId);
  if (filter.ruleId) q.set('rule', filter.ruleId);
  return `?${q}`;
}

export const VIEWS = [
  ['outcomes', 'Outcomes'],
  ['walkthroughs', 'Walkthroughs'],
  ['health', 'Content health'],
  ['privacy', 'Privacy'],
] as const;
export type View = (typeof VIEWS)[number][0];

export const viewOf = (hash: string): View => VIEWS.find(([id]) => `#${id}` === hash)?.[0] ?? 'outcomes';

/** The part of the report each view shows (the privacy view reads its own figures). */
export const PART: Record<View, ReportPart | null> = {
  outcomes: 'outcomes',
  walkthroughs: 'funnels',
  health: 'health',
  privacy: null,
};
