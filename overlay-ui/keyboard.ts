/**
 * Alt+Shift+H moves focus between the app and the overlay's card: into the card, and back to the
 * step's target (or wherever the user was). The card is announced as it appears, but never takes
 * focus from a field the user is typing in, so this is how a keyboard user reaches it — also while
 * an app's modal dialog traps focus: the content script's event shield keeps the dialog from
 * hearing focus leave it, and "back" then means back into the dialog. A card that closes while it
 * has focus (Esc, ×) gives focus back the same way.
 */
import { insideModal } from '../overlay/app-modal';
import type { OverlayController } from './controller';

/** True when `element` can take focus (a control, a link, or anything with a tabindex). */
export function focusable(element: Element): element is HTMLElement {
  const el = element as HTMLElement;
  if (typeof el.focus !== 'function' || (el as HTMLInputElement).disabled) return false;
  return el.tabIndex >= 0 || /^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(el.nodeName);
}

const isShortcut = (event: KeyboardEvent) =>
  event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyH';

export function installFocusShortcut(
  host: HTMLElement,
  root: ShadowRoot,
  controller: OverlayController,
  signal: AbortSignal,
): void {
  let returnTo: HTMLElement | null = null;
  /** The card that had focus when the user last acted in the overlay. */
  let focusedCard: Element | null = null;

  /** Where focus goes back to in the app: the step's target, else where the user was; inside an open app modal. */
  const back = (): HTMLElement | null => {
    const modal = controller.modal;
    const target = controller.walkthrough?.target;
    for (const candidate of [target && focusable(target) ? target : null, returnTo]) {
      if (candidate?.isConnected && (!modal || insideModal(modal, candidate))) return candidate;
    }
    return null;
  };

  // From the app: the user's own keys only (a page could dispatch the shortcut).
  const fromPage = (event: KeyboardEvent) => {
    if (!isShortcut(event) || !event.isTrusted || event.target === host) return;
    const card = root.querySelector<HTMLElement>('.card');
    if (!card) return;
    event.preventDefault();
    event.stopPropagation();
    const active = document.activeElement;
    returnTo = active instanceof HTMLElement && active !== document.body && active !== host ? active : null;
    card.focus();
    focusedCard = card;
  };
  window.addEventListener('keydown', fromPage, { capture: true, signal });

  // From inside the overlay (where the event shield delivers the UI's keys and clicks).
  const noteFocus = () => {
    focusedCard = root.activeElement?.closest('.card') ?? null;
  };
  root.addEventListener('click', noteFocus, { capture: true, signal });
  root.addEventListener(
    'keydown',
    (event) => {
      noteFocus();
      if (!isShortcut(event as KeyboardEvent) || !root.activeElement) return;
      event.preventDefault();
      event.stopPropagation();
      back()?.focus();
    },
    { capture: true, signal },
  );

  // The focused card went away: focus would drop to <body>, outside an app's dialog.
  const cards = new MutationObserver(() => {
    if (root.activeElement) noteFocus();
    if (!focusedCard || focusedCard.isConnected) return;
    focusedCard = null;
    const active = document.activeElement;
    if (active && active !== document.body && active !== host) return;
    back()?.focus({ preventScroll: true });
  });
  cards.observe(root, { childList: true, subtree: true });
  signal.addEventListener('abort', () => cards.disconnect(), { once: true });
}
