/**
 * The Insights filters: range (7, 30, 90 days or custom), pack and rule. Native controls only. The
 * page's address says them too (`?days=90`, `?from=…&to=…`, `pack`, `rule`): a link opens the same view.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { lastDays } from '../../insights/aggregate';
import type { InsightsFilter, InsightsReport } from '../../insights/model';

export type Preset = '7' | '30' | '90' | 'custom';

export interface FilterState {
  preset: Preset;
  filter: InsightsFilter;
}

const PRESETS: readonly Preset[] = ['7', '30', '90'];
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

interface Props {
  state: FilterState;
  report: InsightsReport | null;
  onChange: (state: FilterState) => void;
}

export function Filters({ state, report, onChange }: Props) {
  const id = useId();
  const { filter, preset } = state;
  const set = (change: Partial<InsightsFilter>, nextPreset = preset) =>
    onChange({ preset: nextPreset, filter: { ...filter, ...change } });
  const rules = (report?.rules ?? []).filter((r) => !filter.packId || r.packId === filter.packId);
  // A thousand rules are a thousand options to make and lay out: the list is filled once the page
  // is idle after its figures are drawn (or at once when the control is reached), holding only the
  // chosen rule until then.
  const [listed, setListed] = useState(false);
  const listAll = () => setListed(true);
  useEffect(() => {
    if (listed || !report) return;
    const idle = requestIdleCallback(listAll, { timeout: 1_000 });
    return () => cancelIdleCallback(idle);
  }, [listed, report]);
  const options = listed ? rules : rules.filter((r) => r.id === filter.ruleId);
  return (
    <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label for={`${id}-range`}>
        Period
        <select
          id={`${id}-range`}
          value={preset}
          onChange={(e) => {
            const value = (e.currentTarget as HTMLSelectElement).value as Preset;
            if (value === 'custom') set({}, 'custom');
            else set({ range: lastDays(Number(value), Date.now()) }, value);
          }}
        >
          <option value="7">Last 7 days</option>
          <option value="30">Last 30 days</option>
          <option value="90">Last 90 days</option>
          <option value="custom">Custom…</option>
        </select>
      </label>
      {preset === 'custom' && (
        <>
          <label for={`${id}-from`}>
            From
            <input
              id={`${id}-from`}
              type="date"
              value={filter.range.from}
              max={filter.range.to}
              required
              onChange={(e) => {
                const from = (e.currentTarget as HTMLInputElement).value;
                if (from) set({ range: { ...filter.range, from } });
              }}
            />
          </label>
          <label for={`${id}-to`}>
            To
            <input
              id={`${id}-to`}
              type="date"
              value={filter.range.to}
              min={filter.range.from}
              required
              onChange={(e) => {
                const to = (e.currentTarget as HTMLInputElement).value;
                if (to) set({ range: { ...filter.range, to } });
              }}
            />
          </label>
        </>
      )}
      <label for={`${id}-pack`}>
        Pack
        <select
          id={`${id}-pack`}
          value={filter.packId ?? ''}
          onChange={(e) =>
            set({ packId: (e.currentTarget as HTMLSelectElement).value || undefined, ruleId: undefined })
          }
        >
          <option value="">All packs</option>
          {report?.packs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label for={`${id}-rule`}>
        Rule
        <select
          id={`${id}-rule`}
          value={filter.ruleId ?? ''}
          onFocus={listAll}
          onPointerDown={listAll}
          onChange={(e) => set({ ruleId: (e.currentTarget as HTMLSelectElement).value || undefined })}
        >
          <option value="">All rules</option>
          {options.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
