import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { sendMessage } from '../../messaging/send';

/** Deletes everything Stepwise keeps in this browser, after a confirmation. */
export function ClearDataSection({ onCleared }: { onCleared: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const clear = async () => {
    setConfirming(false);
    try {
      await sendMessage({ type: 'data.clear' });
      setStatus({ ok: true, text: 'Local data cleared.' });
      onCleared();
    } catch (error) {
      setStatus({ ok: false, text: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <section aria-labelledby="clear-heading">
      <h2 id="clear-heading">Local data</h2>
      <p class="muted">
        Rule packs, walkthrough progress, usage counts and help requests are kept in this browser only, unless your team
        runs a Stepwise server.
      </p>
      <button type="button" class="danger" onClick={() => setConfirming(true)}>
        Clear local data…
      </button>
      <p role="status" class={status?.ok === false ? 'error' : 'muted'}>
        {status?.text}
      </p>
      {confirming && (
        <ConfirmDialog
          title="Clear all local data?"
          confirmLabel="Clear everything"
          onCancel={() => setConfirming(false)}
          onConfirm={() => void clear()}
        >
          <p>
            This deletes every rule pack, your progress in walkthroughs, usage counts and help requests not yet sent. It
            cannot be undone: export your packs and usage first if you need them. The sites Stepwise is on for stay as
            they are.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
