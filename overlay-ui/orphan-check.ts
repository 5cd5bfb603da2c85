/**
 * Notices that the extension went away (reloaded, updated, removed) while the UI is on the page.
 * Nothing tells an orphaned content script: reading `isValid` (the extension's id, not the DOM) is
 * what notices, and ends the lifetime, which takes the UI away.
 *
 * It reads on every touch of the page (before any of the UI's own handlers run, so an orphaned
 * card or beacon never acts), every two seconds after the UI changed, and less often the longer
 * nothing happens (doubling up to half a minute): each check is a task in the page, and an idle
 * page with help on it should not be woken five times in ten seconds for an answer that matters
 * once someone looks or touches.
 */
import type { OverlayContext } from '../overlay/bridge';

export const FIRST_CHECK_MS = 2_000;
export const LONGEST_CHECK_MS = 30_000;

export class OrphanCheck {
  #wait = FIRST_CHECK_MS;
  #cancel: (() => void) | undefined;
  #due = 0;

  constructor(private readonly ctx: OverlayContext) {
    const check = () => void ctx.isValid;
    const options = { capture: true, passive: true, signal: ctx.signal } as const;
    window.addEventListener('pointerdown', check, options);
    window.addEventListener('keydown', check, options);
    this.#schedule();
  }

  /** The UI changed: someone may be looking, so checks come every two seconds again. */
  changed(): void {
    this.#wait = FIRST_CHECK_MS;
    if (this.#due - performance.now() > FIRST_CHECK_MS) this.#schedule();
  }

  #schedule(): void {
    this.#cancel?.();
    this.#due = performance.now() + this.#wait;
    this.#cancel = this.ctx.timers.timeout(() => this.#tick(), this.#wait);
  }

  #tick(): void {
    if (!this.ctx.isValid) return;
    this.#wait = Math.min(this.#wait * 2, LONGEST_CHECK_MS);
    this.#schedule();
  }
}
