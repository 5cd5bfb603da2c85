/**
 * The recorder's indicator: "Recording — N steps", what is and is not recorded, and Stop. Plain DOM
 * in a closed shadow root (reachable by its ARIA roles and names), in the top layer; its events
 * never reach the page (the overlay's event shield), and no key stops it: only its button does, so
 * an Esc meant for the app's dialog does not end a recording.
 */
import { createEventShield } from '../overlay/shield';
import { createOverlayRoot } from '../overlay-ui/shadow-host';

/** The recorder's element on the page (its closed shadow root holds the indicator). */
export const RECORDER_TAG = 'stepwise-recorder';

const stepsText = (n: number) => `Recording — ${n} ${n === 1 ? 'step' : 'steps'}`;

export class RecorderIndicator {
  readonly host: HTMLElement;
  readonly #count: HTMLElement;
  readonly #problem: HTMLElement;

  constructor(css: string, signal: AbortSignal, onStop: () => void, doc: Document = document) {
    const win = doc.defaultView!;
    // First, so it hears the indicator's events before anyone on the page does.
    const shield = createEventShield(signal, win);
    const { host, root, container } = createOverlayRoot(css, signal, doc, RECORDER_TAG);
    this.host = host;
    const panel = doc.createElement('div');
    panel.className = 'recorder';
    container.append(panel);
    const el = (tag: string, className: string): HTMLElement => {
      const made = doc.createElement(tag);
      if (className) made.className = className;
      panel.append(made);
      return made;
    };
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', 'Stepwise recording');
    this.#count = el('p', 'count');
    this.#count.setAttribute('role', 'status');
    el('p', 'note').textContent =
      'Each click on a button or link and each field you fill becomes a step. What you type is never recorded: a field, password or not, is only noted as filled.';
    this.#problem = el('p', 'problem');
    this.#problem.setAttribute('role', 'alert');
    const stop = el('button', '') as HTMLButtonElement;
    stop.type = 'button';
    stop.textContent = 'Stop recording';
    stop.addEventListener('click', () => onStop(), { signal });
    shield.guard(host, root);
    this.steps(0);
  }

  /** Shows the recording's step count. */
  steps(n: number): void {
    const text = stepsText(n);
    if (this.#count.textContent !== text) this.#count.textContent = text;
  }

  /** Says what went wrong (empty: nothing). */
  problem(text: string): void {
    this.#problem.textContent = text;
  }
}
