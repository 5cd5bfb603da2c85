/**
 * Edits saved at once and in order, for extension pages whose work must survive their closing (the
 * popup closes as soon as the page is clicked): a draft's JSON, a personal tip's words.
 */

export type SaveState = { status: 'saved'; at: number } | { status: 'saving' } | { status: 'error'; error: string };

/** What one write did: when it was saved, and what to do once no newer edit waits. */
export interface Written {
  at: number;
  afterSaved?: () => void;
}

/** Saves one thing's edits one after another: only the newest waiting edit is written, never an older over a newer. */
export class SaveQueue<T> {
  #queue: Promise<unknown> = Promise.resolve();
  #latest: T | undefined;
  #pending = false;

  constructor(
    private readonly write: (value: T) => Promise<Written>,
    private readonly onState: (state: SaveState) => void,
  ) {}

  /** Saves `value` (after any save under way); only the newest waiting edit is written. */
  save(value: T): Promise<void> {
    this.#latest = value;
    this.onState({ status: 'saving' });
    if (this.#pending) return this.#queue.then(() => undefined);
    this.#pending = true;
    const run = this.#queue.then(async () => {
      this.#pending = false;
      try {
        const written = await this.write(this.#latest as T);
        if (!this.#pending) {
          this.onState({ status: 'saved', at: written.at });
          written.afterSaved?.();
        }
      } catch (error) {
        this.onState({ status: 'error', error: error instanceof Error ? error.message : String(error) });
      }
    });
    this.#queue = run;
    return run;
  }

  /** Resolves once every edit made so far is written (publishing, suggesting or deleting waits for it). */
  async flush(): Promise<void> {
    for (;;) {
      const queue = this.#queue;
      await queue;
      if (queue === this.#queue && !this.#pending) return;
    }
  }
}

/** An id a page keeps in its own storage (which draft or tip was open), so reopening shows it where it was. */
export function rememberedId(key: string) {
  return {
    get: (): string | null => localStorage.getItem(key),
    set: (id: string | null) => (id ? localStorage.setItem(key, id) : localStorage.removeItem(key)),
  };
}
