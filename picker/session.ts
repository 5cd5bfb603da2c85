/**
 * One run of the element picker in a page: the pointer or the keyboard moves a highlight over the
 * page's elements, Enter or a click picks, Esc or a right-click cancels. While it runs, nothing the
 * page does on a click or a key runs: capture listeners on the window (of this isolated world, the
 * first to hear any event of the page) stop those events and their default actions, in the top
 * frame and in every same-origin frame. Everything ends with the session's signal.
 */
import { summarize } from '../rules/authoring';
import { childrenOf, focusables, frameDocument, parentOf, screenRect, snapToControl, targetOf } from './tree';
import { PickerView } from './view';

/** Events of the page that must not reach it while the author is picking. */
const STOPPED = [
  'pointerdown',
  'pointerup',
  'mousedown',
  'mouseup',
  'click',
  'dblclick',
  'auxclick',
  'contextmenu',
  'touchstart',
  'touchend',
  'dragstart',
  'selectstart',
  'submit',
  'keydown',
  'keyup',
  'keypress',
  'beforeinput',
  'input',
] as const;

export interface PickerSessionOptions {
  css: string;
  signal: AbortSignal;
  /** The author picked `element`; the session shows what `describe` answers until it ends. */
  onPick(element: Element): void;
  onCancel(): void;
  doc?: Document;
}

export class PickerSession {
  readonly view: PickerView;
  readonly #options: PickerSessionOptions;
  readonly #doc: Document;
  readonly #listening = new WeakSet<Window>();
  #current: Element | null = null;
  /** Elements Down returns to: where Up came from. */
  #trail: Element[] = [];
  #state: 'picking' | 'ending' | 'done' = 'picking';
  #frame = 0;

  constructor(options: PickerSessionOptions) {
    this.#options = options;
    this.#doc = options.doc ?? document;
    this.view = new PickerView(options.css, options.signal, this.#doc);
    const win = this.#doc.defaultView!;
    this.#listen(win);
    for (const frame of this.#doc.querySelectorAll('iframe, frame')) this.#listenToFrame(frame);
    win.addEventListener('scroll', () => this.#redraw(), { capture: true, passive: true, signal: options.signal });
    win.addEventListener('resize', () => this.#redraw(), { passive: true, signal: options.signal });
    // A keyboard user starts where the focus is (or the main content).
    const active = this.#deepActive();
    this.#set(active ?? this.#doc.querySelector('main') ?? this.#doc.body, false);
  }

  /** The element highlighted now. */
  get current(): Element | null {
    return this.#current;
  }

  #deepActive(): Element | null {
    let el: Element | null = this.#doc.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    for (
      let doc = el && frameDocument(el);
      doc?.activeElement && doc.activeElement !== doc.body;
      doc = frameDocument(doc.activeElement)
    )
      el = doc.activeElement;
    return el && el !== this.#doc.body && el !== this.#doc.documentElement ? el : null;
  }

  #listenToFrame(frame: Element): void {
    const win = frameDocument(frame)?.defaultView;
    if (win) this.#listen(win);
  }

  #listen(win: Window): void {
    if (this.#listening.has(win)) return;
    this.#listening.add(win);
    const signal = this.#options.signal;
    const options = { capture: true, signal };
    for (const type of STOPPED) win.addEventListener(type, (e) => this.#stop(e), options);
    win.addEventListener('pointermove', (e) => this.#hover(e), { ...options, passive: true });
    win.addEventListener('wheel', (e) => this.#wheel(e), { ...options, passive: false });
  }

  /** Stops a page event while picking; a few of them are the picker's own commands. */
  #stop(event: Event): void {
    if (!event.isTrusted || this.#state === 'done') return;
    if (this.#state === 'ending') {
      // The rest of the gesture that picked (the click after pointerup, the key's keyup).
      event.stopImmediatePropagation();
      event.preventDefault();
      if (event.type === 'click' || event.type === 'keyup') this.#end();
      return;
    }
    event.stopImmediatePropagation();
    event.preventDefault();
    if (event.type === 'pointerup' && (event as PointerEvent).button === 0) {
      const el = targetOf(event);
      if (el && el !== this.view.host) this.#set(snapToControl(el), false);
      this.#pick();
    } else if (event.type === 'contextmenu') this.#cancel();
    else if (event.type === 'keydown') this.#key(event as KeyboardEvent);
  }

  #hover(event: PointerEvent): void {
    if (!event.isTrusted || this.#state !== 'picking') return;
    const el = targetOf(event);
    if (!el || el === this.view.host) return;
    if (el.localName === 'iframe' || el.localName === 'frame') this.#listenToFrame(el);
    this.#set(snapToControl(el), false);
  }

  #wheel(event: WheelEvent): void {
    if (!event.isTrusted || this.#state !== 'picking' || !event.altKey) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.deltaY < 0) this.#up();
    else if (event.deltaY > 0) this.#down();
  }

  #key(event: KeyboardEvent): void {
    const cur = this.#current;
    if (event.key === 'Escape') this.#cancel();
    else if (event.key === 'Enter') this.#pick();
    else if (event.key === 'ArrowUp') this.#up();
    else if (event.key === 'ArrowDown') this.#down();
    else if (event.key === 'Tab') this.#tab(event.shiftKey ? -1 : 1);
    else if (cur && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      const sibling = event.key === 'ArrowLeft' ? cur.previousElementSibling : cur.nextElementSibling;
      if (sibling) this.#set(sibling, true);
    }
  }

  #up(): void {
    const cur = this.#current;
    const parent = cur && parentOf(cur);
    if (!cur || !parent) return;
    this.#trail.push(cur);
    this.#set(parent, true, true);
  }

  #down(): void {
    const cur = this.#current;
    if (!cur) return;
    const back = this.#trail.pop();
    const child = back && parentOf(back) === cur ? back : childrenOf(cur)[0];
    if (child) {
      if (child.localName === 'iframe') this.#listenToFrame(child);
      this.#set(child, true, true);
    }
  }

  #tab(direction: 1 | -1): void {
    const list = focusables(this.#doc);
    if (!list.length) return;
    const cur = this.#current;
    let index = cur ? list.indexOf(cur) : -1;
    if (index < 0 && cur) {
      // Not a field itself: the first field after it (or before it, going back).
      const after = list.findIndex((el) => cur.compareDocumentPosition(el) & 4);
      index = direction > 0 ? (after < 0 ? list.length : after) - 1 : after < 0 ? list.length : after;
    }
    const next = list[(index + direction + list.length) % list.length]!;
    if (next.localName === 'iframe') this.#listenToFrame(next);
    this.#set(next, true);
  }

  /** Highlights `el`; from the keyboard it also scrolls it into view and announces it. */
  #set(el: Element, keyboard: boolean, keepTrail = false): void {
    if (!keepTrail) this.#trail = [];
    if (el === this.#current && !keyboard) return;
    this.#current = el;
    if (keyboard) el.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    this.view.highlight(el, summarize(el).phrase, keyboard);
  }

  /** Keeps the box on its element while the page scrolls or resizes, once a frame. */
  #redraw(): void {
    if (this.#frame || this.#state !== 'picking') return;
    const win = this.#doc.defaultView!;
    this.#frame = win.requestAnimationFrame(() => {
      this.#frame = 0;
      const el = this.#current;
      if (el?.isConnected) this.view.highlight(el, summarize(el).phrase, false);
    });
  }

  #pick(): void {
    const el = this.#current;
    if (this.#state !== 'picking' || !el?.isConnected) return;
    this.#ending();
    this.#options.onPick(el);
  }

  #cancel(): void {
    if (this.#state !== 'picking') return;
    this.#ending();
    this.view.highlight(null, '', false);
    this.#options.onCancel();
  }

  /** Swallows what is left of the gesture that ended the session, then lets the page have events. */
  #ending(): void {
    this.#state = 'ending';
    // The click after a pointerup, the keyup after a key: both come at once, but never wait long.
    this.#doc.defaultView!.setTimeout(() => this.#end(), 600);
  }

  #end(): void {
    if (this.#state === 'ending') this.#state = 'done';
  }

  /** Where the highlight is on the top frame's screen (for tests and the view). */
  rect() {
    return this.#current ? screenRect(this.#current) : null;
  }
}
