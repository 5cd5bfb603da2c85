/**
 * Events that start in the overlay's UI stay there. An app's modal dialog closes on a `pointerdown`
 * outside it and pulls focus back when it moves outside (Radix, Headless UI, MUI, Bootstrap,
 * focus-trap…), listening on `document` or `window`, often in the capture phase. An event from
 * inside the overlay's closed shadow root reaches those listeners retargeted to the overlay's host
 * element, outside the dialog: a click on Next would close the app's dialog.
 *
 * So the content script listens first, on `window` in the capture phase, from `document_start`
 * (before any page script can add a listener there), and stops every such event: those whose target
 * is the host, and the `focusout` of a page element that loses focus to the overlay. The two the
 * UI itself handles, `click` and `keydown`, are delivered again inside the shadow root only (a copy
 * that is not `composed`, on the element that was clicked or has focus): the page never hears them.
 * Default actions are the browser's and still happen (focus moves, a link opens, Tab moves on), and
 * a copy whose default the UI prevented prevents the original's.
 */

/** What the UI's controls need: delivered again inside the shadow root. */
const REDELIVERED = new Set(['click', 'keydown']);

/** Everything an app listens to for outside clicks, focus traps, hover and keyboard shortcuts. */
const STOPPED = [
  'pointerdown',
  'pointerup',
  'pointermove',
  'pointerover',
  'pointerout',
  'pointercancel',
  'mousedown',
  'mouseup',
  'mousemove',
  'mouseover',
  'mouseout',
  'dblclick',
  'auxclick',
  'contextmenu',
  'touchstart',
  'touchmove',
  'touchend',
  'touchcancel',
  'wheel',
  'keyup',
  'keypress',
  'focus',
  'blur',
  'focusin',
  'focusout',
  ...REDELIVERED,
];

/** Keeps the events of one overlay UI away from the page. */
export interface EventShield {
  /**
   * From now on, events that start in `root` (under `host`) stay there; `pressed` hears when the
   * pointer goes down on the UI and when that press is over.
   */
  guard(host: Element, root: ShadowRoot, pressed?: (down: boolean) => void): void;
}

/** Starts listening on `win` until `signal` aborts; `guard` names the UI once it is on the page. */
export function createEventShield(signal: AbortSignal, win: Window = window): EventShield {
  let host: Element | null = null;
  let root: ShadowRoot | null = null;
  let pressed: ((down: boolean) => void) | undefined;
  // What the press went down and came up on, inside the root: a click is for what both are in, as
  // the browser decides it (from the window, the closed root hides the real target).
  let down: Element | null = null;
  let up: Element | null = null;
  const release = () => {
    if (down) pressed?.(false);
    down = up = null;
  };
  const at = (event: Event) =>
    root?.elementFromPoint((event as MouseEvent).clientX, (event as MouseEvent).clientY) ?? null;
  const onEvent = (event: Event) => {
    if (!host) return;
    const type = event.type;
    const fromUi = event.target === host;
    if (!fromUi && (type === 'pointerup' || type === 'pointercancel')) release();
    // A page element losing focus to the overlay: a focus trap would pull focus straight back.
    if (!fromUi && !(type === 'focusout' && (event as FocusEvent).relatedTarget === host)) return;
    event.stopImmediatePropagation();
    if (!fromUi || !root || !event.isTrusted) return;
    if (type === 'mousedown') {
      down = at(event);
      pressed?.(true);
    } else if (type === 'mouseup') up = at(event);
    if (!REDELIVERED.has(type)) return;
    const inner =
      type === 'keydown' || (event as MouseEvent).detail === 0 ? root.activeElement : (clicked(down, up) ?? at(event));
    if (type === 'click') release();
    // A link follows itself (its default action); delivering a copy would open it twice.
    if (!inner || inner.closest('a[href]')) return;
    const copy = copyOf(event);
    inner.dispatchEvent(copy);
    if (copy.defaultPrevented) event.preventDefault();
  };
  for (const type of STOPPED) win.addEventListener(type, onEvent, { capture: true, signal });
  win.addEventListener('blur', release, { signal });
  return {
    guard(h, r, onPress) {
      host = h;
      root = r;
      pressed = onPress;
    },
  };
}

/** The innermost element containing both `a` and `b` (where a click lands). */
function clicked(a: Element | null, b: Element | null): Element | null {
  if (!a || !b) return a ?? b;
  for (let el: Element | null = a; el; el = el.parentElement) if (el.contains(b)) return el;
  return null;
}

/** The fields of a key press the UI reads. */
const KEY_FIELDS = [
  'key',
  'code',
  'location',
  'repeat',
  'isComposing',
  'altKey',
  'ctrlKey',
  'metaKey',
  'shiftKey',
] as const;

/**
 * A copy of `event` that bubbles inside the shadow root and goes no further. A key press is copied
 * as a plain `Event` carrying the key's fields: Firefox does not deliver a `KeyboardEvent` made by
 * a content script to the content script's own listeners (the UI would never hear Esc or the
 * focus shortcut), while a plain event reaches them in both browsers.
 */
function copyOf(event: Event): Event {
  const base = { bubbles: true, cancelable: true, composed: false };
  if (event.type === 'keydown') {
    const e = event as KeyboardEvent;
    const copy = new Event(e.type, base);
    for (const field of KEY_FIELDS) Object.defineProperty(copy, field, { value: e[field], enumerable: true });
    return copy;
  }
  const e = event as MouseEvent;
  return new MouseEvent(e.type, {
    ...base,
    detail: e.detail,
    clientX: e.clientX,
    clientY: e.clientY,
    screenX: e.screenX,
    screenY: e.screenY,
    button: e.button,
    buttons: e.buttons,
    altKey: e.altKey,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    shiftKey: e.shiftKey,
  });
}
