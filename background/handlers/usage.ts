/** Usage counting and its export. */
import type { UsageCounter } from '../../messaging/messages';
import type { UsageCounterRecord } from '../db/records';
import { readUsage } from '../db/usage';
import type { Handlers } from '../router';
import type { Store } from '../store';

const toCounter = ({ ruleId, stepId, event, day, count }: UsageCounterRecord): UsageCounter => ({
  ruleId,
  stepId,
  event,
  day,
  count,
});

export function usageHandlers(store: Store): Pick<Handlers, 'usage.record' | 'usage.export'> {
  return {
    'usage.record': async ({ events, batchId }) => {
      const { counted } = await store.usage.record(events, batchId);
      return { counted };
    },
    'usage.export': () =>
      store.guard('usage', async () => {
        await store.usage.flush();
        const counters = (await readUsage(store.db)).map(toCounter);
        return { counters, exportedAt: new Date(store.now()).toISOString() };
      }),
  };
}
