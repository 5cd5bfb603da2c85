/**
 * The insights benchmarks' local data: the bench pack imported as the options page does, then
 * `days` days of counters for each of its walkthroughs written through the background's own write
 * path (`debug.usage`, e2e build only: counters, day totals, outbox, as a flush writes them).
 */
import type { StepwiseBrowser } from '../browser-harness/harness';
import { insightsBenchPack } from './insights-pack';

/** Imports the pack and writes the counters; returns how many counters were written. */
export async function seedInsights(sw: StepwiseBrowser, rules: number, days: number, now: number): Promise<number> {
  const imported = await sw.importPack(insightsBenchPack(rules));
  if (imported.imported !== rules) throw new Error(`Imported ${imported.imported} of ${rules} rules`);
  let rows = 0;
  // Day by day: shown on each step (fewer further on), completions and closes.
  for (let d = 0; d < days; d++) {
    const day = new Date(now - d * 86_400_000).toISOString().slice(0, 10);
    const deltas: { ruleId: string; stepId: string; event: string; day: string; count: number }[] = [];
    for (let i = 0; i < rules; i++) {
      const base = 5 + (i % 7);
      const put = (stepId: string, event: string, count: number) =>
        deltas.push({ ruleId: `w${i}`, stepId, event, day, count });
      put('open', 'shown', base + 4);
      put('fill', 'shown', base + 2);
      put('save', 'shown', base);
      put('fill', 'dismissed', 2);
      put('save', 'completed', base - 1);
    }
    rows += (await sw.send({ type: 'debug.usage', deltas })).written;
  }
  return rows;
}
