import { useMemo, useState } from 'preact/hooks';
import { useAsync } from '../../components/useAsync';
import type { HelpComment, HelpRequest } from '../../messaging/areas/help';
import { sendMessage } from '../../messaging/send';
import { downloadText, fileDate } from '../lib/download';
import { csvCell } from '../lib/usage-csv';

type Entry = ({ kind: 'request' } & HelpRequest) | ({ kind: 'comment' } & HelpComment);

const TARGET_WORDS = {
  found: 'element found',
  ambiguous: 'element found several times',
  missing: 'element not found',
  waiting: 'element not there yet',
  none: 'no element',
} as const;

const HEADER = ['kind', 'created', 'rule', 'step', 'text', 'url', 'stepTitle', 'target', 'browser', 'status'];

/** Requests and comments as CSV (RFC 4180), one row each, newest first. */
export function helpCsv(entries: readonly Entry[]): string {
  const rows = entries.map((e) => {
    const context = e.kind === 'request' ? e.context : undefined;
    return [
      e.kind,
      new Date(e.createdAt).toISOString(),
      e.ruleId ?? '',
      e.stepId ?? '',
      e.text,
      e.url ?? '',
      context?.stepTitle ?? '',
      context?.target ?? '',
      context?.browser ?? '',
      e.status,
    ]
      .map(csvCell)
      .join(',');
  });
  return `${[HEADER.join(','), ...rows].join('\r\n')}\r\n`;
}

/** Whether `entry` matches the filter: kind, rule, and words anywhere in it. */
function matches(entry: Entry, kind: string, rule: string, words: string): boolean {
  if (kind && entry.kind !== kind) return false;
  if (rule && entry.ruleId !== rule) return false;
  const text = words.trim().toLowerCase();
  return !text || JSON.stringify(entry).toLowerCase().includes(text);
}

/**
 * "I'm stuck" requests and comments written after "Helpful? No", for the people who keep the help
 * current: filterable, with comments counted per step, and exportable.
 */
export function HelpSection({ revision }: { revision: number }) {
  const [list] = useAsync(() => sendMessage({ type: 'help.list' }), [revision]);
  const [kind, setKind] = useState('');
  const [rule, setRule] = useState('');
  const [words, setWords] = useState('');

  const entries = useMemo<Entry[]>(() => {
    if (list.status !== 'ready') return [];
    return [
      ...list.value.requests.map((r) => ({ ...r, kind: 'request' as const })),
      ...list.value.comments.map((c) => ({ ...c, kind: 'comment' as const })),
    ].sort((a, b) => b.createdAt - a.createdAt);
  }, [list]);
  const rules = useMemo(() => [...new Set(entries.flatMap((e) => (e.ruleId ? [e.ruleId] : [])))].sort(), [entries]);
  const perStep = useMemo(() => {
    const counts = new Map<string, number>();
    for (const e of entries) {
      if (e.kind === 'comment')
        counts.set(`${e.ruleId} · ${e.stepId ?? '—'}`, (counts.get(`${e.ruleId} · ${e.stepId ?? '—'}`) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1]);
  }, [entries]);
  const shown = entries.filter((e) => matches(e, kind, rule, words));

  const save = (format: 'csv' | 'json') => {
    const name = `stepwise-help-requests-${fileDate()}.${format}`;
    if (format === 'csv') downloadText(name, helpCsv(shown), 'text/csv');
    else downloadText(name, `${JSON.stringify(shown, null, 2)}\n`, 'application/json');
  };

  return (
    <section aria-labelledby="help-heading">
      <h2 id="help-heading">Help requests and comments</h2>
      <p class="muted">
        What people sent with “I'm stuck” in the help panel, and what they wrote after answering “No” to “Helpful?”.
      </p>
      {list.status === 'loading' && <p class="muted">Loading…</p>}
      {list.status === 'error' && (
        <p class="error" role="alert">
          {list.error}
        </p>
      )}
      {list.status === 'ready' && entries.length === 0 && (
        <p class="muted">Nothing yet. Requests and comments appear here as people send them.</p>
      )}
      {entries.length > 0 && (
        <>
          {perStep.length > 0 && (
            <details>
              <summary>Comments per step ({perStep.length})</summary>
              <ul>
                {perStep.map(([step, n]) => (
                  <li key={step}>
                    <code>{step}</code>: {n}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <fieldset class="filters">
            <legend>Filter</legend>
            <label>
              Kind
              <select value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
                <option value="">Both</option>
                <option value="request">Requests</option>
                <option value="comment">Comments</option>
              </select>
            </label>
            <label>
              Rule
              <select value={rule} onChange={(e) => setRule(e.currentTarget.value)}>
                <option value="">Any rule</option>
                {rules.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Words
              <input type="search" value={words} onInput={(e) => setWords(e.currentTarget.value)} />
            </label>
          </fieldset>
          <p class="muted small" role="status">
            {shown.length} of {entries.length}
          </p>
          <ul class="help-list" aria-label="Help requests and comments">
            {shown.map((e) => (
              <li key={e.id}>
                <p>
                  <strong>{e.kind === 'request' ? 'Stuck' : 'Comment'}</strong>{' '}
                  <span class="muted small">{new Date(e.createdAt).toLocaleString()}</span>
                </p>
                <p>{e.text}</p>
                <p class="muted small">
                  {e.ruleId && (
                    <>
                      Rule <code>{e.ruleId}</code>
                      {e.stepId && (
                        <>
                          , step <code>{e.stepId}</code>
                        </>
                      )}
                      {e.kind === 'request' && e.context?.stepTitle && ` “${e.context.stepTitle}”`}
                      {e.kind === 'request' && e.context?.target && ` (${TARGET_WORDS[e.context.target]})`}
                      {' · '}
                    </>
                  )}
                  {e.url && <code>{e.url}</code>}
                  {e.kind === 'request' && e.context?.browser && ` · ${e.context.browser}`}
                  {` · ${e.status === 'sent' ? 'sent to the team server' : 'not sent to a server yet'}`}
                </p>
              </li>
            ))}
          </ul>
          <p class="actions">
            <button type="button" class="secondary" onClick={() => save('csv')}>
              Export as CSV
            </button>
            <button type="button" class="secondary" onClick={() => save('json')}>
              Export as JSON
            </button>
          </p>
        </>
      )}
    </section>
  );
}
