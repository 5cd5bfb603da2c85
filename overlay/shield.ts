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
  /** From now on, events that start in `root` (under `host`) stay there. */
  guard(host: Element, root: ShadowRoot): void;
}

/** Starts listening on `win` until `signal` aborts; `guard` names the UI once it is on the page. */
export function createEventShield(signal: AbortSignal, win: Window = window): EventShield {
  let host: Element | null = null;
  let root: ShadowRoot | null = null;
  const onEvent = (event: Event) => {
    if (!host) return;
    const fromUi = event.target === host;
    // A page element losing focus to the overlay: a focus trap would pull focus straight back.
    if (!fromUi && !(event.type === 'focusout' && (event as FocusEvent).relatedTarget === host)) return;
    event.stopImmediatePropagation();
    if (!fromUi || !root || !event.isTrusted || !REDELIVERED.has(event.type)) return;
    const inner = innerTarget(event, root);
    // A link follows itself (its default action); delivering a copy would open it twice.
    if (!inner || inner.closest('a[href]')) return;
    const copy = copyOf(event);
    inner.dispatchEvent(copy);
    if (copy.defaultPrevented) event.preventDefault();
  };
  for (const type of STOPPED) win.addEventListener(type, onEvent, { capture: true, signal });
  return {
    guard(h, r) {
      host = h;
      root = r;
    },
  };
}

/** The element inside the shadow root the event was for: what has focus, or what was clicked. */
function innerTarget(event: Event, root: ShadowRoot): Element | null {
  const mouse = event as MouseEvent;
  // A click from the keyboard (Enter or Space on a button) has no position: it is for the focus.
  if (event.type === 'keydown' || mouse.detail === 0) return root.activeElement;
  return root.elementFromPoint(mouse.clientX, mouse.clientY) ?? root.activeElement;
}

/** A copy of `event` that bubbles inside the shadow root and goes no further. */
function copyOf(event: Event): Event {
  const base = { bubbles: true, cancelable: true, composed: false };
  if (event.type === 'keydown') {
    const e = event as KeyboardEvent;
    return new KeyboardEvent(e.type, {
      ...base,
      key: e.key,
      code: e.code,
      location: e.location,
      repeat: e.repeat,
      isComposing: e.isComposing,
      altKey: e.altKey,
      ctrlKey: e.ctrlKey,
      metaKey: e.metaKey,
      shiftKey: e.shiftKey,
    });
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
