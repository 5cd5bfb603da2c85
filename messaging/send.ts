/**
 * The sending side of messaging, for the overlay and extension pages. Imports types only, so the
 * content script does not carry the schema library.
 */
import { browser } from '#imports';
import type { Envelope, MessageOf, MessageType, Replies } from './messages';

/** Sends a typed message to the background and unwraps its envelope; rejects with its error. */
export async function sendMessage<T extends MessageType>(message: MessageOf<T>): Promise<Replies[T]> {
  const envelope = (await browser.runtime.sendMessage(message)) as Envelope<Replies[T]> | undefined;
  if (!envelope) throw new Error(`No reply to "${message.type}"`);
  if (!envelope.ok) throw new Error(envelope.error);
  return envelope.value;
}
