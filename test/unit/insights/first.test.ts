/**
 * The Insights page's entry asks for the first report before the page's views load
 * (`pages/insights/first.ts`); the page then takes that report from its cache instead of asking again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InsightsReport } from '../../../insights/model';
import { firstRequests } from '../../../pages/insights/first';
import { type InsightsSource, reportCache } from '../../../pages/insights/source';

const sent = vi.hoisted(() => [] as unknown[]);
vi.mock('../../../messaging/send', () => ({
  sendMessage: async (message: unknown) => {
    sent.push(message);
    return { connected: false };
  },
}));
afterEach(() => {
  sent.length = 0;
});

const sourceOf = (answer: () => Promise<InsightsReport>) => {
  const asked: unknown[][] = [];
  const source: InsightsSource = {
    label: 'Test',
    byPart: true,
    report: (...args) => {
      asked.push(args);
      return answer();
    },
  };
  return { source, asked };
};
const report = { parts: ['funnels'] } as unknown as InsightsReport;

describe('the Insights page’s first requests', () => {
  it('ask for the address’s filters and view at once, and the page’s cache answers with that report', async () => {
    const { source, asked } = sourceOf(async () => report);
    const first = firstRequests(source, { search: '?days=7&pack=crm', hash: '#walkthroughs' });
    expect(first.filters.preset).toBe('7');
    expect(first.filters.filter.packId).toBe('crm');
    expect(first.part).toBe('funnels');
    expect(asked).toEqual([[first.filters.filter, 'funnels']]);
    expect(sent).toEqual([{ type: 'sync.status' }]);
    expect(await first.status).toEqual({ connected: false });

    const cache = reportCache({
      source,
      filter: first.filters.filter,
      part: first.part,
      revision: 0,
      report: first.report,
    });
    expect(cache(source, first.filters.filter, 'funnels', 0)).toBe(first.report);
    expect(asked).toHaveLength(1);
    // Another part, filter or revision is asked for.
    cache(source, first.filters.filter, 'health', 0);
    cache(source, first.filters.filter, 'funnels', 1);
    expect(asked).toHaveLength(3);
  });

  it('forget a first report that failed, so the page asks again', async () => {
    let fail = true;
    const { source, asked } = sourceOf(async () => {
      if (fail) throw new Error('The background did not answer');
      return report;
    });
    const first = firstRequests(source, { search: '', hash: '' });
    expect(first.part).toBe('outcomes');
    const cache = reportCache({
      source,
      filter: first.filters.filter,
      part: first.part,
      revision: 0,
      report: first.report,
    });
    await expect(first.report).rejects.toThrow('did not answer');
    fail = false;
    expect(await cache(source, first.filters.filter, 'outcomes', 0)).toBe(report);
    expect(asked).toHaveLength(2);
  });
});
