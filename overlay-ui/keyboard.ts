/**
 * Alt+Shift+H moves focus between the app and the overlay's card: into the card, and back to the
 * step's target (or wherever the user was). The card is announced as it appears, but never takes
 * focus from a field the user is typing in, so this is how a keyboard user reaches it.
 */
import type { OverlayController } from './controller';

/** True when `element` can take focus (a control, a link, or anything with a tabindex). */
export function focusable(element: Element): element is HTMLElement {
  const el = element as HTMLElement;
  if (typeof el.focus !== 'function' || (el as HTMLInputElement).disabled) return false;
  return el.tabIndex >= 0 || /^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(el.nodeName);
}

export function installFocusShortcut(root: ShadowRoot, controller: OverlayController, signal: AbortSignal): void {
  let returnTo: HTMLElement | null = null;
  const onKeyDown = (event: KeyboardEvent) => {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey || event.code !== 'KeyH') return;
    // Only the user's own keys: a page that dispatches this shortcut does not move focus for them.
    if (!event.isTrusted) return;
    const card = root.querySelector<HTMLElement>('.card');
    if (!card) return;
    event.preventDefault();
    event.stopPropagation();
    if (root.activeElement) {
      const target = controller.walkthrough?.target;
      const back = target && focusable(target) ? target : returnTo;
      back?.focus();
      return;
    }
    const active = document.activeElement;
    returnTo = active instanceof HTMLElement && active !== document.body ? active : null;
    card.focus();
  };
  window.addEventListener('keydown', onKeyDown, { capture: true, signal });
}
