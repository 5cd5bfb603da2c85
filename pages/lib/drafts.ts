/**
 * Drafts for extension pages (the popup's quick editor, the editor page): each edit is saved at
 * once, in order, so closing the popup (it closes when the page is clicked) loses nothing.
 */
import type { Draft } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';

export type SaveState = { status: 'saved'; at: number } | { status: 'saving' } | { status: 'error'; error: string };

/** Saves one draft's edits one after another (never an older edit over a newer one). */
export class DraftSaver {
  #queue: Promise<unknown> = Promise.resolve();
  #latest: unknown;
  #pending = false;

  constructor(
    readonly draft: Pick<Draft, 'id' | 'packId' | 'url'>,
    private readonly onState: (state: SaveState) => void,
  ) {}

  /** Saves `rule` (after any save under way); only the newest waiting edit is written. */
  save(rule: unknown): Promise<void> {
    this.#latest = rule;
    this.onState({ status: 'saving' });
    if (this.#pending) return this.#queue.then(() => undefined);
    this.#pending = true;
    const run = this.#queue.then(async () => {
      this.#pending = false;
      const { id, packId, url } = this.draft;
      try {
        const { updatedAt } = await sendMessage({
          type: 'drafts.save',
          id,
          rule: this.#latest,
          ...(packId && { packId }),
          ...(url && { url }),
        });
        if (!this.#pending) this.onState({ status: 'saved', at: updatedAt });
      } catch (error) {
        this.onState({ status: 'error', error: error instanceof Error ? error.message : String(error) });
      }
    });
    this.#queue = run;
    return run;
  }

  /** Resolves once every edit made so far is written (publishing or deleting waits for it). */
  async flush(): Promise<void> {
    for (;;) {
      const queue = this.#queue;
      await queue;
      if (queue === this.#queue && !this.#pending) return;
    }
  }
}

/** Which draft the quick editor had open, so reopening the popup shows it where it was. */
const OPEN_KEY = 'stepwise.quick-editor.open';
export const openDraftId = {
  get: (): string | null => localStorage.getItem(OPEN_KEY),
  set: (id: string | null) => (id ? localStorage.setItem(OPEN_KEY, id) : localStorage.removeItem(OPEN_KEY)),
};
