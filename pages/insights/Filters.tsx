/**
 * The Insights filters: range (7, 30, 90 days or custom), pack and rule. Native controls only. The
 * page's address says them too (`?days=90`, `?from=…&to=…`, `pack`, `rule`): a link opens the same view.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { lastDays } from '../../insights/aggregate';
import type { InsightsFilter, InsightsReport } from '../../insights/model';
import type { FilterState, Preset } from './address';

export { type FilterState, filterFromSearch, type Preset, searchOf } from './address';

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
