import type { SaveState } from './save-queue';

/** Where a draft's saving stands, announced politely: saving, saved, or why it was not. */
export function SaveStatus({ state, saved = 'Draft saved.' }: { state: SaveState; saved?: string }) {
  return (
    <p class="muted" aria-live="polite">
      {state.status === 'saving' ? 'Saving…' : state.status === 'error' ? `Not saved: ${state.error}` : saved}
    </p>
  );
}
