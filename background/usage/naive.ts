/**
 * The store benchmark's baseline, and only that: every event is its own read-and-put transaction,
 * as a first cut of usage counting would do. The e2e and bench builds can switch to it.
 */
import type { CountedEvent } from '../../rules/index';
import type { StepwiseDatabase } from '../db/database';
import { utcDay } from '../db/usage';

export async function recordOneByOne(
  db: StepwiseDatabase,
  events: readonly { ruleId: string; stepId?: string; event: CountedEvent }[],
  now: number,
): Promise<{ counted: number }> {
  const day = utcDay(now);
  for (const e of events) {
    const key: [string, string, string, string] = [e.ruleId, e.stepId ?? '', e.event, day];
    await db.transaction('rw', db.usage, async () => {
      const before = await db.usage.get(key);
      await db.usage.put({
        ruleId: e.ruleId,
        stepId: e.stepId ?? '',
        event: e.event,
        day,
        count: (before?.count ?? 0) + 1,
      });
    });
  }
  return { counted: events.length };
}
