/**
 * The sending side of messaging, for extension pages. Imports types only, so a page does not carry
 * the schema library. (The overlay content script sends through the browser's own API instead:
 * `overlay/extension.ts`.)
 */
import { browser } from '#imports';
import { envelopeSender } from './envelope';
import type { MessageOf, MessageType, Replies } from './messages';

/** Sends a typed message to the background and unwraps its envelope; rejects with its error. */
export function sendMessage<T extends MessageType>(message: MessageOf<T>): Promise<Replies[T]> {
  return envelopeSender((m) => browser.runtime.sendMessage(m))(message);
}
