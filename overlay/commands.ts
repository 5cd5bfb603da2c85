/**
 * What the background asks of the overlay for the side panel: start a walkthrough, or describe
 * where the person is. Only this extension's own messages are heard (a web page cannot send to a
 * content script); the listener goes with the content script's context.
 */
import { browser, type ContentScriptContext } from '#imports';
import type { PageReplies, ToPage } from '../messaging/areas/panel';
import type { Envelope } from '../messaging/messages';

type Handler = (message: ToPage) => Promise<PageReplies[ToPage['type']]>;

/** Answers the background's `ToPage` messages with `handle` until the content script ends. */
export function listenForPanel(ctx: ContentScriptContext, handle: Handler): void {
  const listener = (
    message: { type?: unknown },
    sender: { id?: string },
    respond: (reply: Envelope<unknown>) => void,
  ): true | undefined => {
    const type = message?.type;
    if (sender.id !== browser.runtime.id || (type !== 'overlay.start' && type !== 'overlay.context')) return;
    // Chromium hands the browser's own object here: the answer goes through `respond`.
    handle(message as ToPage).then(
      (value) => respond({ ok: true, value }),
      (error: unknown) => respond({ ok: false, error: String(error) }),
    );
    return true;
  };
  browser.runtime.onMessage.addListener(listener as never);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener as never));
}
