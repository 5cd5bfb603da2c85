/**
 * Unwrapping the background's replies, for any sender: extension pages pass the polyfilled
 * `browser.runtime.sendMessage`, the overlay content script the browser's own (it carries no
 * polyfill). Imports types only.
 */
import type { Envelope, MessageOf, MessageType, Replies } from './messages';

/** Sends a typed message and resolves to its reply's value; rejects with the background's error. */
export type TypedSend = <T extends MessageType>(message: MessageOf<T>) => Promise<Replies[T]>;

/** A typed sender over `sendMessage`, which delivers a message and resolves to the raw reply. */
export function envelopeSender(sendMessage: (message: unknown) => Promise<unknown>): TypedSend {
  return async (message) => {
    const envelope = (await sendMessage(message)) as Envelope<Replies[typeof message.type]> | undefined;
    if (!envelope) throw new Error(`No reply to "${message.type}"`);
    if (!envelope.ok) throw new Error(envelope.error);
    return envelope.value;
  };
}
