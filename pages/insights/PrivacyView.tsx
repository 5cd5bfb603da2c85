/** Privacy you can see: what Stepwise records, what it never records, how much is kept, and clearing it. */
import { LoadError, Loading } from '../../components/Async';
import { ConfirmedAction } from '../../components/ConfirmedAction';
import { useAsync } from '../../components/useAsync';
import { sendMessage } from '../../messaging/send';
import { count } from './format';

async function kept() {
  const [figures, estimate] = await Promise.all([
    sendMessage({ type: 'insights.kept' }),
    navigator.storage?.estimate?.().catch(() => undefined),
  ]);
  return { figures, bytes: estimate?.usage };
}

function size(bytes: number | undefined): string {
  if (bytes === undefined) return 'unknown';
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function PrivacyView({ onCleared }: { onCleared: () => void }) {
  const [state, reload] = useAsync(kept, []);
  const clear = async () => {
    await sendMessage({ type: 'insights.clearCounts' });
    reload();
    onCleared();
    return 'Usage counts, probe results and comments cleared.';
  };
  return (
    <section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">What Stepwise records</h2>
      <div class="columns">
        <div>
          <h3>Recorded</h3>
          <ul>
            <li>
              Counters: how many times each step of each rule was shown, completed, closed, found helpful or not, or
              could not find its target — one number per rule, step, event and day.
            </li>
            <li>
              Whether each rule’s targets were found on the pages where the rule applies (per rule, step and day), to
              spot help that broke.
            </li>
            <li>
              Requests for help (“I’m stuck”) and comments after “Helpful? No”, only when someone chose to send them,
              with the page’s address.
            </li>
            <li>Your own progress in walkthroughs and checklists, so they resume where you left off.</li>
          </ul>
        </div>
        <div>
          <h3>Never recorded</h3>
          <ul>
            <li>What you type into the app’s fields.</li>
            <li>Which records (accounts, customers, tickets) you open.</li>
            <li>A log of what any one person did and when: counts have no names and no times beyond the day.</li>
          </ul>
        </div>
      </div>
      <h3>Kept in this browser</h3>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <LoadError error={state.error} />}
      {state.status === 'ready' && (
        <p id="kept-summary">
          {count(state.value.figures.counters, 'counter', 'counters')}
          {state.value.figures.firstDay && ` (${state.value.figures.firstDay} to ${state.value.figures.lastDay})`},{' '}
          {count(state.value.figures.probes, 'probe result', 'probe results')},{' '}
          {count(state.value.figures.helpRequests, 'help request', 'help requests')},{' '}
          {count(state.value.figures.comments, 'comment', 'comments')}. All of Stepwise’s data here takes{' '}
          {size(state.value.bytes)}.
        </p>
      )}
      <ConfirmedAction
        label="Clear usage counts…"
        title="Clear usage counts?"
        confirmLabel="Clear counts"
        describedBy="kept-summary"
        run={clear}
      >
        <p>
          This deletes every usage counter, probe result and comment kept in this browser, and the counts not yet sent
          to your team’s server. Rule packs, your progress and help requests stay.
        </p>
      </ConfirmedAction>
    </section>
  );
}
