import { ConfirmedAction } from '../../components/ConfirmedAction';
import { sendMessage } from '../../messaging/send';

/** Deletes everything Stepwise keeps in this browser, after a confirmation. */
export function ClearDataSection({ onCleared }: { onCleared: () => void }) {
  const clear = async () => {
    await sendMessage({ type: 'data.clear' });
    onCleared();
    return 'Local data cleared.';
  };

  return (
    <section aria-labelledby="clear-heading">
      <h2 id="clear-heading">Local data</h2>
      <p class="muted">
        Rule packs, walkthrough progress, usage counts and help requests are kept in this browser only, unless your team
        runs a Stepwise server.
      </p>
      <ConfirmedAction
        label="Clear local data…"
        title="Clear all local data?"
        confirmLabel="Clear everything"
        run={clear}
      >
        <p>
          This deletes every rule pack, your progress in walkthroughs, usage counts and help requests not yet sent. It
          cannot be undone: export your packs and usage first if you need them. The sites Stepwise is on for stay as
          they are.
        </p>
      </ConfirmedAction>
    </section>
  );
}
