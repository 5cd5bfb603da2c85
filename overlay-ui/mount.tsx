/**
 * The UI bundle's entry: puts the overlay's shadow root on the page, starts the controller and
 * renders it with Preact. Everything ends with the content script's signal.
 */

import { render } from 'preact';
import type { OverlayHost } from '../overlay/bridge';
import { OverlayController } from './controller';
import { installFocusShortcut } from './keyboard';
import { OverlayApp } from './OverlayApp';
import { OrphanCheck } from './orphan-check';
import css from './overlay.css?inline';
import { createOverlayRoot, raise } from './shadow-host';

/** Mounts the overlay UI for `host`; returns its controller. */
export function mountOverlayUi(host: OverlayHost): OverlayController {
  const signal = host.ctx.signal;
  const { host: element, root, container } = createOverlayRoot(css, signal);
  const controller = new OverlayController(host);
  // Clicks, keys and focus changes in the UI stay in it: an app's dialog must not hear them. While
  // the pointer is pressed on a card, nothing moves under it.
  host.guard(element, root, (down) => controller.layout.hold(down));
  render(<OverlayApp controller={controller} />, container);
  signal.addEventListener('abort', () => render(null, container), { once: true });
  installFocusShortcut(element, root, controller, signal);
  // A native modal <dialog> (or popover) the app opened after the overlay sits above it in the top
  // layer: help inside it must stay on top.
  let modal: Element | null = null;
  const unsubscribe = controller.subscribe(() => {
    if (controller.modal === modal) return;
    modal = controller.modal;
    if (modal?.matches(':modal, :popover-open')) raise(element);
  });
  signal.addEventListener('abort', unsubscribe, { once: true });
  // An extension reload leaves this script orphaned: noticed on the next touch of the page, and by
  // checks that come more often while the UI changes (`orphan-check.ts`).
  const orphan = new OrphanCheck(host.ctx);
  signal.addEventListener(
    'abort',
    controller.subscribe(() => orphan.changed()),
    { once: true },
  );
  return controller;
}
