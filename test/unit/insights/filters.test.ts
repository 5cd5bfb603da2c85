import { describe, expect, it } from 'vitest';
import { filterFromSearch, searchOf } from '../../../pages/insights/Filters';

const NOW = Date.UTC(2026, 11, 2, 12);

describe('the Insights page’s filters in its address', () => {
  it.each([
    ['', '30', { from: '2026-11-03', to: '2026-12-02' }],
    ['?days=90', '90', { from: '2026-09-04', to: '2026-12-02' }],
    ['?days=7&run=3', '7', { from: '2026-11-26', to: '2026-12-02' }],
    ['?from=2026-01-01&to=2026-01-31', 'custom', { from: '2026-01-01', to: '2026-01-31' }],
    // Not a period it offers, not a day, or the wrong way round: the default.
    ['?days=12', '30', { from: '2026-11-03', to: '2026-12-02' }],
    ['?from=yesterday&to=2026-01-31', '30', { from: '2026-11-03', to: '2026-12-02' }],
    ['?from=2026-02-01&to=2026-01-31', '30', { from: '2026-11-03', to: '2026-12-02' }],
  ])('%s → %s days', (search, preset, range) => {
    expect(filterFromSearch(search, NOW)).toEqual({ preset, filter: { range } });
  });

  it('carries the pack and the rule, and writes them back with the page’s other parameters', () => {
    const state = filterFromSearch('?source=naive&days=90&pack=crm&rule=tour', NOW);
    expect(state.filter).toMatchObject({ packId: 'crm', ruleId: 'tour' });
    expect(searchOf(state, '?source=naive&days=90&pack=crm&rule=tour')).toBe(
      '?source=naive&days=90&pack=crm&rule=tour',
    );
    expect(searchOf({ preset: 'custom', filter: { range: { from: '2026-01-01', to: '2026-01-31' } } }, '?days=7')).toBe(
      '?from=2026-01-01&to=2026-01-31',
    );
  });
});
