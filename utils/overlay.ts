/**
 * The overlay content script's start: announces itself to the background. Everything it starts
 * hangs off `ctx`, so an extension update or reload leaves nothing behind.
 */
import type { ContentScriptContext } from '#imports';
import { sendMessage } from './send-message';

export async function startOverlay(ctx: ContentScriptContext): Promise<void> {
  if (ctx.isInvalid) return;
  await sendMessage({ type: 'overlay.hello', url: location.href });
}
