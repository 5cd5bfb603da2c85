import { useState } from 'preact/hooks';
import { Async } from '../../components/Async';
import { useAsync } from '../../components/useAsync';
import type { UsageCounter } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import { downloadText, fileDate } from '../lib/download';
import { usageCsv } from '../lib/usage-csv';

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** "1,234 events counted for 5 rules over 3 days." */
function summary(counters: readonly UsageCounter[]): string {
  const events = counters.reduce((n, c) => n + c.count, 0);
  const rules = new Set(counters.map((c) => c.ruleId)).size;
  const days = new Set(counters.map((c) => c.day)).size;
  return `${count(events, 'event', 'events')} counted for ${count(rules, 'rule', 'rules')} over ${count(days, 'day', 'days')}.`;
}

/** How often help was shown, completed, dismissed…: a summary and the counts as CSV or JSON. */
export function UsageSection({ revision }: { revision: number }) {
  const [usage] = useAsync(() => sendMessage({ type: 'usage.export' }), [revision]);
  const [problem, setProblem] = useState<string | null>(null);

  const save = async (format: 'csv' | 'json') => {
    setProblem(null);
    try {
      const fresh = await sendMessage({ type: 'usage.export' });
      const name = `stepwise-usage-${fileDate()}.${format}`;
      if (format === 'csv') downloadText(name, usageCsv(fresh.counters), 'text/csv');
      else downloadText(name, `${JSON.stringify(fresh, null, 2)}\n`, 'application/json');
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage counts</h2>
      <p class="muted">
        Stepwise counts how often each step is shown, completed, dismissed or marked helpful, per day. It keeps counts,
        not a log of what you did.
      </p>
      <Async state={usage}>
        {(value) =>
          value.counters.length === 0 ? (
            <p class="muted" id="usage-summary">
              Nothing counted yet. Counts appear once Stepwise has shown help on one of your sites.
            </p>
          ) : (
            <p id="usage-summary">{summary(value.counters)}</p>
          )
        }
      </Async>
      <p class="actions">
        <button type="button" class="secondary" aria-describedby="usage-summary" onClick={() => void save('csv')}>
          Export as CSV
        </button>
        <button type="button" class="secondary" aria-describedby="usage-summary" onClick={() => void save('json')}>
          Export as JSON
        </button>
      </p>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
