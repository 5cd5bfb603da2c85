/**
 * Which of the page's events are steps: a click on a button or link (or anything acting as one),
 * and typing in a field. Only trusted events count (the page cannot make steps up), and nothing
 * here stops or changes an event: the app's own handlers run as they always do.
 */

/** A control whose click is a step. */
const CONTROL = [
  'a[href]',
  'button',
  'summary',
  'input[type="submit"]',
  'input[type="button"]',
  'input[type="reset"]',
  'input[type="image"]',
  'input[type="checkbox"]',
  'input[type="radio"]',
  ...[
    'button',
    'link',
    'tab',
    'menuitem',
    'menuitemcheckbox',
    'menuitemradio',
    'option',
    'checkbox',
    'radio',
    'switch',
  ].map((role) => `[role="${role}"]`),
].join(', ');

/** A field whose filling is a step (the controls above excepted). */
const FIELD =
  'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"]';

const isElement = (node: unknown): node is Element =>
  typeof node === 'object' && node !== null && (node as Node).nodeType === 1;

/** Elements on the event's path, innermost first (inside open shadow roots), up to `body`. */
function* path(event: Event): Generator<Element> {
  for (const node of event.composedPath()) {
    if (!isElement(node) || node.localName === 'body' || node.localName === 'html') return;
    yield node;
  }
}

/** Whether the event started in `host` (Stepwise's own UI). */
export function fromHost(event: Event, host: Element): boolean {
  return event.composedPath().includes(host);
}

/** The button or link a click was on, or null when it was not on one (or it is disabled). */
export function clickedControl(event: Event): Element | null {
  if (!event.isTrusted) return null;
  for (const el of path(event)) {
    if (el.matches(CONTROL))
      return (el as HTMLButtonElement).disabled || el.getAttribute('aria-disabled') === 'true' ? null : el;
  }
  return null;
}

/** The field that the author typed in or changed, or null. */
export function filledField(event: Event): Element | null {
  if (!event.isTrusted) return null;
  for (const el of path(event)) {
    if (el.matches(CONTROL)) return null;
    if (el.matches(FIELD)) return el;
  }
  return null;
}

/** A field whose value is secret: a password, a one-time code, a card number or its code. */
export function secretField(el: Element): boolean {
  if (el.localName === 'input' && (el as HTMLInputElement).type === 'password') return true;
  const autocomplete = el.getAttribute('autocomplete') ?? '';
  return /\b(current-password|new-password|one-time-code|cc-number|cc-csc)\b/.test(autocomplete);
}
