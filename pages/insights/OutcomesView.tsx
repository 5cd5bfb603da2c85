/** Outcomes, not views: walkthroughs completed and abandoned, checklists finished, hints followed. */
import { useMemo } from 'preact/hooks';
import type { Outcomes } from '../../insights/model';
import { TableBlock } from './TableBlock';
import { TimeChart } from './TimeChart';

export function OutcomesView({ outcomes }: { outcomes: Outcomes }) {
  const tiles: [string, number, string][] = [
    ['Walkthroughs completed', outcomes.completed, 'People went through to the last step.'],
    ['Walkthroughs abandoned', outcomes.abandoned, 'Closed before the last step.'],
    ['Checklists finished', outcomes.checklistsFinished, 'Every item done, counted once per person.'],
    ['Hints followed', outcomes.hintsCorrected, 'A field hint shown on a wrong value, and the field right afterwards.'],
    ['Found helpful', outcomes.helpful, '“Helpful? Yes” on a step.'],
    ['Not helpful', outcomes.unhelpful, '“Helpful? No” on a step.'],
    ['“I’m stuck” requests', outcomes.stuck, 'Requests for help raised on this help.'],
  ];
  const days = useMemo(() => outcomes.daily.map((d) => d.day), [outcomes]);
  const series = useMemo(
    () => [
      { label: 'Completed', values: outcomes.daily.map((d) => d.completed), color: '--sw-ok' },
      { label: 'Abandoned', values: outcomes.daily.map((d) => d.abandoned), color: '--sw-danger' },
      { label: 'Hints followed', values: outcomes.daily.map((d) => d.hintsCorrected), color: '--sw-accent' },
      { label: 'Checklists finished', values: outcomes.daily.map((d) => d.checklistsFinished), color: '--sw-muted' },
    ],
    [outcomes],
  );
  return (
    <section aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">Outcomes</h2>
      <ul class="tiles">
        {tiles.map(([name, value, hint]) => (
          <li key={name} title={hint}>
            <span class="tile-value">{value.toLocaleString()}</span>
            <span class="tile-name">{name}</span>
          </li>
        ))}
      </ul>
      <TimeChart
        label={`Outcomes per day: ${outcomes.completed} completed, ${outcomes.abandoned} abandoned, ${outcomes.hintsCorrected} hints followed, ${outcomes.checklistsFinished} checklists finished. The table below has the figures per day.`}
        days={days}
        series={series}
      />
      <TableBlock
        caption="Outcomes per day"
        file="outcomes"
        header={['Day', 'Completed', 'Abandoned', 'Hints followed', 'Checklists finished']}
        rows={outcomes.daily.map((d) => [d.day, d.completed, d.abandoned, d.hintsCorrected, d.checklistsFinished])}
      />
    </section>
  );
}
