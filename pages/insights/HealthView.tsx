/**
 * Content health: every rule with its status — working, failing (its target missing on a share of
 * the pages where it applies, with the step), ambiguous, or not checked yet — when it last worked,
 * since when it is broken, and the fallback to promote when one found the element.
 */
import { useState } from 'preact/hooks';
import type { HealthStatus, RuleHealth } from '../../insights/model';
import { count, percent, when } from './format';
import { TableBlock } from './TableBlock';

const WORDS: Record<HealthStatus, string> = {
  failing: 'Failing',
  ambiguous: 'Ambiguous',
  working: 'Working',
  unchecked: 'Not checked yet',
};

function problem(h: RuleHealth): string {
  const step = h.step;
  if (!step) return h.status === 'unchecked' ? 'No page where it applies has been visited yet.' : '';
  const where = `Step “${step.title}”`;
  if (h.status === 'failing')
    return `${where}: target not found on ${percent(step.missingShare)} of ${count(step.probes, 'page', 'pages')}${
      h.brokenSince ? `, since ${when(h.brokenSince)}` : ''
    }.`;
  return `${where}: several elements match on ${percent(step.ambiguous / Math.max(1, step.probes))} of ${count(step.probes, 'page', 'pages')}.`;
}

function suggestion(h: RuleHealth): string {
  const s = h.steps.find((x) => x.suggestion);
  return s?.suggestion
    ? `Step “${s.title}”: make ${s.suggestion.via} the selector (found it on ${s.suggestion.pages} pages).`
    : '';
}

export function HealthView({ health }: { health: RuleHealth[] }) {
  const [brokenOnly, setBrokenOnly] = useState(false);
  const broken = health.filter((h) => h.status === 'failing' || h.status === 'ambiguous');
  const shown = brokenOnly ? broken : health;
  const rows = shown.map((h) => [h.name, WORDS[h.status], problem(h), when(h.lastWorkedAt), suggestion(h)]);
  return (
    <section aria-labelledby="health-heading">
      <h2 id="health-heading">Content health</h2>
      <p>
        {broken.length
          ? `${broken.length} of ${health.length} rules need attention.`
          : health.length
            ? `No broken rule among ${health.length}.`
            : 'No rules in this selection.'}{' '}
        <span class="muted">
          Rules are checked in idle time on the pages people visit, and whenever a walkthrough cannot find its target.
        </span>
      </p>
      <label class="inline">
        <input type="checkbox" checked={brokenOnly} onChange={(e) => setBrokenOnly(e.currentTarget.checked)} /> Only
        rules that need attention
      </label>
      <TableBlock
        open
        caption="Rules and their health"
        file="content-health"
        header={['Rule', 'Status', 'What is wrong', 'Last worked', 'Suggestion']}
        rows={rows}
        render={(row, i) => (
          <tr key={shown[i]!.ruleId} class={`health-${shown[i]!.status}`}>
            <th scope="row">{row[0]}</th>
            <td>
              <span class={`badge status-${shown[i]!.status}`}>{row[1]}</span>
            </td>
            <td>{row[2]}</td>
            <td>{row[3]}</td>
            <td>{row[4] || <span class="muted">–</span>}</td>
          </tr>
        )}
      />
    </section>
  );
}
