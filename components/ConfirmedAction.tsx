import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  /** The button that opens the confirmation, e.g. "Clear local data…". */
  label: string;
  /** The confirmation's title and its confirming button. */
  title: string;
  confirmLabel: string;
  /** What the confirmation says will happen. */
  children: ComponentChildren;
  /** Does it; resolves to what the status line then says, or throws what went wrong. */
  run: () => Promise<string>;
  /** The id of what the button is described by (e.g. the figures it would delete). */
  describedBy?: string;
}

/**
 * A destructive action behind a confirmation (Cancel has the focus first), with a status line that
 * says what happened or, in words, what went wrong.
 */
export function ConfirmedAction({ label, title, confirmLabel, children, run, describedBy }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const confirm = async () => {
    setConfirming(false);
    try {
      setStatus({ ok: true, text: await run() });
    } catch (error) {
      setStatus({ ok: false, text: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <>
      <button type="button" class="danger" aria-describedby={describedBy} onClick={() => setConfirming(true)}>
        {label}
      </button>
      <p role="status" class={status?.ok === false ? 'error' : 'muted'}>
        {status?.text}
      </p>
      {confirming && (
        <ConfirmDialog
          title={title}
          confirmLabel={confirmLabel}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void confirm()}
        >
          {children}
        </ConfirmDialog>
      )}
    </>
  );
}
