/**
 * The picker's view: a box around the element under the pointer with a label (its role and
 * name), a bar that says which keys do what, and after the pick a short note of what was picked.
 * Plain DOM in a closed shadow root: the box follows the pointer every frame, with no render pass
 * in between.
 */
import { createOverlayRoot } from '../overlay-ui/shadow-host';
import type { GeneratedTarget } from '../rules/authoring';
import { screenRect } from './tree';

/** The picker's element on the page (its closed shadow root holds the view). */
export const PICKER_TAG = 'stepwise-picker';

export class PickerView {
  readonly host: HTMLElement;
  readonly #box: HTMLElement;
  readonly #label: HTMLElement;
  readonly #bar: HTMLElement;
  readonly #live: HTMLElement;
  readonly #container: HTMLElement;
  readonly #doc: Document;

  constructor(css: string, signal: AbortSignal, doc: Document = document) {
    this.#doc = doc;
    const { host, container } = createOverlayRoot(css, signal, doc, PICKER_TAG);
    this.host = host;
    this.#container = container;
    container.className = 'picker';
    this.#box = this.#el('div', 'box');
    this.#label = this.#el('div', 'label');
    this.#bar = this.#el('div', 'bar');
    this.#bar.setAttribute('role', 'status');
    const title = this.#el('strong', '', this.#bar);
    title.textContent = 'Pick an element';
    const keys = this.#el('span', 'keys', this.#bar);
    this.#keys(keys, [
      ['Click', 'or'],
      ['Enter', 'picks;'],
      ['↑', ''],
      ['↓', 'parent or child;'],
      ['←', ''],
      ['→', 'siblings;'],
      ['Tab', 'next field;'],
      ['Esc', 'or a right-click cancels.'],
    ]);
    // Screen readers hear which element a key moved to.
    this.#live = this.#el('div', 'live');
    this.#live.setAttribute('aria-live', 'polite');
    container.append(this.#box, this.#label, this.#bar, this.#live);
  }

  #el(tag: string, className: string, parent?: HTMLElement): HTMLElement {
    const el = this.#doc.createElement(tag);
    if (className) el.className = className;
    parent?.append(el);
    return el;
  }

  #keys(parent: HTMLElement, keys: [string, string][]): void {
    for (const [key, words] of keys) {
      this.#el('kbd', '', parent).textContent = key;
      parent.append(words ? ` ${words} ` : ' ');
    }
  }

  /** Puts the box and the label on `el` (or hides them); `announce` tells screen readers too. */
  highlight(el: Element | null, label: string, announce = false): void {
    if (announce && this.#live.textContent !== label) this.#live.textContent = label;
    if (!el) {
      this.#box.style.display = 'none';
      this.#label.style.display = 'none';
      return;
    }
    const r = screenRect(el);
    const box = this.#box.style;
    box.display = 'block';
    box.transform = `translate(${Math.round(r.x)}px, ${Math.round(r.y)}px)`;
    box.width = `${Math.max(2, Math.round(r.width))}px`;
    box.height = `${Math.max(2, Math.round(r.height))}px`;
    if (this.#label.textContent !== label) this.#label.textContent = label;
    const above = r.y >= 26;
    const top = above ? r.y - 24 : Math.min(r.y + r.height + 4, (this.#doc.defaultView?.innerHeight ?? 600) - 24);
    const s = this.#label.style;
    s.display = 'block';
    s.transform = `translate(${Math.max(0, Math.round(r.x))}px, ${Math.max(0, Math.round(top))}px)`;
  }

  /** After the pick: what was picked and how it will be found, until the note times out. */
  showResult(result: GeneratedTarget | null, error?: string): void {
    this.highlight(null, '');
    this.#bar.remove();
    this.#live.remove();
    const note = this.#el('div', 'result', this.#container);
    note.setAttribute('role', 'status');
    const title = this.#el('strong', '', note);
    if (error || !result) {
      title.textContent = 'Nothing was picked';
      this.#el('span', 'problem', note).textContent = error ?? '';
      return;
    }
    title.textContent = `Picked the ${result.element.phrase}`;
    const best = result.candidates.find((c) => c.target.selector === result.target.selector);
    this.#el('span', '', note).textContent = result.unique
      ? `${best?.explanation ?? ''} Open Stepwise from the toolbar to see every way to find it.`
      : 'Nothing on the page finds it alone. Open Stepwise from the toolbar to see the candidates.';
    for (const problem of result.problems) this.#el('div', 'problem', note).textContent = problem;
  }
}
