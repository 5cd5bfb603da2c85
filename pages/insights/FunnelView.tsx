/**
 * One walkthrough's funnel: started, each step reached, completed, as a table whose bars show the
 * shares (so the chart and its accessible form are one), with the step where most people drop off
 * marked; its completion rate over time; helpfulness, comments and "I'm stuck" requests; and after
 * how many runs people outgrow it.
 */
import { useMemo } from 'preact/hooks';
import type { Funnel } from '../../insights/model';
import { count, percent, when } from './format';
import { TableBlock } from './TableBlock';
import { TimeChart } from './TimeChart';

export function FunnelView({ funnel }: { funnel: Funnel }) {
  const top = Math.max(1, ...funnel.stages.map((s) => s.count));
  const days = useMemo(() => funnel.daily.map((d) => d.day), [funnel]);
  const rate = useMemo(
    () => [
      {
        label: 'Completion rate',
        values: funnel.daily.map((d) => (d.started ? Math.min(1, d.completed / d.started) : null)),
        color: '--sw-ok',
      },
    ],
    [funnel],
  );
  const headingId = `funnel-${funnel.ruleId}`;
  return (
    <article class="funnel" aria-labelledby={headingId}>
      <h3 id={headingId}>{funnel.name}</h3>
      <p>
        {count(funnel.started, 'run started', 'runs started')}, {funnel.completed.toLocaleString()} completed (
        {percent(funnel.completionRate)}), {funnel.abandoned.toLocaleString()} abandoned.
        {funnel.dropOff && (
          <>
            {' '}
            Most people drop off at step {funnel.dropOff.stepIndex + 1}, <strong>{funnel.dropOff.title}</strong> (
            {count(funnel.dropOff.lost, 'run', 'runs')} lost).
          </>
        )}
      </p>
      <table class="funnel-table">
        <caption>Funnel of {funnel.name}</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Runs</th>
            <th scope="col">Share of starts</th>
            <th scope="col">Abandoned here</th>
            <th scope="col">Target not found</th>
          </tr>
        </thead>
        <tbody>
          {funnel.stages.map((stage) => {
            const step = stage.stepIndex === undefined ? undefined : funnel.steps[stage.stepIndex];
            const isDrop = funnel.dropOff !== null && stage.stepIndex === funnel.dropOff.stepIndex;
            return (
              <tr key={stage.key} class={isDrop ? 'drop-off' : undefined}>
                <th scope="row">
                  {stage.label}
                  {isDrop && <span class="badge warn"> Most drop off here</span>}
                </th>
                <td>{stage.count.toLocaleString()}</td>
                <td>
                  <span class="bar" aria-hidden="true">
                    <span style={{ width: `${(stage.count / top) * 100}%` }} />
                  </span>
                  {funnel.started ? percent(Math.min(1, stage.count / funnel.started)) : '–'}
                </td>
                <td>{step ? step.abandoned.toLocaleString() : ''}</td>
                <td>{step ? step.targetMissing.toLocaleString() : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <TimeChart
        label={`Completion rate of ${funnel.name} per day. The table below has the figures.`}
        days={days}
        series={rate}
        format={(v) => percent(v)}
        height={160}
      />
      <TableBlock
        caption={`Completion per day, ${funnel.name}`}
        file={`completion-${funnel.ruleId}`}
        header={['Day', 'Started', 'Completed']}
        rows={funnel.daily.map((d) => [d.day, d.started, d.completed])}
      />
      <h4>Was it helpful?</h4>
      <p>
        {funnel.helpful.toLocaleString()} yes, {funnel.unhelpful.toLocaleString()} no
        {funnel.helpful + funnel.unhelpful > 0 &&
          ` (${percent(funnel.helpful / (funnel.helpful + funnel.unhelpful))} yes)`}
        .
      </p>
      {funnel.comments.length > 0 ? (
        <ul class="notes" aria-label={`Comments on ${funnel.name}`}>
          {funnel.comments.map((c) => (
            <li key={`${c.at}-${c.text}`}>
              <q>{c.text}</q>{' '}
              <span class="muted">
                — {stepName(funnel, c.stepId)}, {when(c.at)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No comments in this period.</p>
      )}
      <h4>“I’m stuck” requests</h4>
      {funnel.stuck.length > 0 ? (
        <ul class="notes" aria-label={`“I’m stuck” requests on ${funnel.name}`}>
          {funnel.stuck.map((c) => (
            <li key={`${c.at}-${c.text}`}>
              <q>{c.text}</q>{' '}
              <span class="muted">
                — {stepName(funnel, c.stepId)}, {when(c.at)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">Nobody asked for help on it in this period.</p>
      )}
      <h4>How fast people outgrow it</h4>
      {funnel.outgrow.length ? (
        <p>
          {funnel.outgrow
            .map((o) => `${count(o.people, 'person', 'people')} after ${count(o.runs, 'run', 'runs')}`)
            .join('; ')}{' '}
          said “I know this”.
        </p>
      ) : (
        <p class="muted">Nobody has marked it known yet.</p>
      )}
    </article>
  );
}

function stepName(funnel: Funnel, stepId: string | undefined): string {
  const i = funnel.steps.findIndex((s) => s.stepId === stepId);
  return i < 0 ? 'the walkthrough' : `step ${i + 1}, ${funnel.steps[i]!.title}`;
}
