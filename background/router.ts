/**
 * The background's side of messaging: validates every message, checks who sent it, and maps
 * `type` to a handler. A malformed message gets `{ ok: false, error }` back, never a throw.
 */

import * as v from 'valibot';
import type { Browser } from '#imports';
import {
  type Envelope,
  type Message,
  type MessageOf,
  type MessageType,
  OVERLAY_MESSAGE_TYPES,
  type Replies,
  type TestMessageType,
} from '../messaging/messages';

type Sender = Browser.runtime.MessageSender;

type Handler<T extends MessageType> = (message: MessageOf<T>, sender: Sender) => Promise<Replies[T]> | Replies[T];

/**
 * A handler for every message; those only the test builds answer (`debug.store`) are absent from
 * the others (`background/handlers/test-tools.ts`).
 */
export type Handlers = { [T in Exclude<MessageType, TestMessageType>]: Handler<T> } & {
  [T in TestMessageType]?: Handler<T>;
};

/** What a router accepts: `Message`, or in a production build `ProductMessage` (no test messages). */
export type Accepted = v.GenericSchema<unknown, Message>;

/**
 * Decides whether `sender` may send `type`. Only this extension's own contexts are heard; a page
 * message must come from an extension page (its URL is on our origin), never from a content script.
 */
export function senderAllowed(type: string, sender: Sender, extensionId: string, extensionOrigin: string): boolean {
  if (sender.id !== extensionId) return false;
  if (OVERLAY_MESSAGE_TYPES.has(type)) return true;
  // The browser sets `sender.url`: an extension page's is on our origin, a content script's is the
  // host page's, so a content script cannot pass for a page.
  return fromExtensionPage(sender, extensionOrigin);
}

/**
 * The address of the page a message came from when a content script sent it: the sending frame's
 * URL as the browser reports it, which the content script cannot choose. Undefined for an
 * extension page (its URL is on our origin).
 */
export function senderPage(sender: Sender, extensionOrigin: string): string | undefined {
  const url = sender.url;
  return url && !url.startsWith(extensionOrigin) ? url : undefined;
}

/** Whether two addresses share scheme, host and port (false when either is missing or not an address). */
export function sameOrigin(a: string, b: string | undefined): boolean {
  try {
    return b !== undefined && new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** True when `sender` is one of our extension pages (side panel, popup, options). */
export function fromExtensionPage(sender: Sender, extensionOrigin: string): boolean {
  return sender.url?.startsWith(extensionOrigin) ?? false;
}

/** Formats valibot issues as `path: message` lines. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * Each message's own schema by its `type`, taken from `accepted` (a `v.variant` on `type`, as
 * `Message` is). Valibot's variant tries its options in turn, and every option it passes over
 * costs a failed check with an issue built for it: with the contract's fifty-one messages, a third
 * of the time a `usage.record` spends in validation. Empty when `accepted` is not a variant on
 * `type`.
 */
export function schemasByType(accepted: Accepted): ReadonlyMap<unknown, v.GenericSchema<unknown, Message>> {
  const byType = new Map<unknown, v.GenericSchema<unknown, Message>>();
  const variant = accepted as Partial<v.VariantSchema<string, v.VariantOptions<string>, undefined>>;
  if (variant.type !== 'variant' || variant.key !== 'type' || !variant.options) return byType;
  for (const option of variant.options) {
    // A nested variant: nothing to look up by `type` alone.
    if (!('entries' in option)) return new Map();
    const type = option.entries.type as Partial<v.LiteralSchema<v.Literal, undefined>> | undefined;
    if (type?.type !== 'literal' || byType.has(type.literal)) return new Map();
    // One of `accepted`'s options: its output is one of `accepted`'s.
    byType.set(type.literal, option as unknown as v.GenericSchema<unknown, Message>);
  }
  return byType;
}

/**
 * Validates `raw` against `accepted`. A message whose `type` names one of its messages is checked
 * against that message's schema alone: the same result the variant gives (it runs only the option
 * whose `type` matches), without trying the others first. Anything else (no object, an unknown or
 * missing `type`) goes through the whole variant, whose error lists the types it expects.
 */
export function parseMessage(
  accepted: Accepted,
  byType: ReadonlyMap<unknown, v.GenericSchema<unknown, Message>>,
  raw: unknown,
): v.SafeParseResult<Accepted> {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  const own = type === undefined ? undefined : byType.get(type);
  return own ? v.safeParse(own, raw) : v.safeParse(accepted, raw);
}

/** Builds the `runtime.onMessage` listener for `handlers`, accepting the messages of `accepted`. */
export function createMessageRouter(
  handlers: Handlers,
  extensionId: string,
  extensionOrigin: string,
  accepted: Accepted,
) {
  const byType = schemasByType(accepted);
  return async (raw: unknown, sender: Sender): Promise<Envelope<unknown>> => {
    const parsed = parseMessage(accepted, byType, raw);
    if (!parsed.success) {
      return { ok: false, error: `Malformed message: ${describeIssues(parsed.issues)}` };
    }
    const message = parsed.output;
    if (!senderAllowed(message.type, sender, extensionId, extensionOrigin)) {
      return { ok: false, error: `"${message.type}" is not accepted from this sender` };
    }
    try {
      const handler = handlers[message.type] as ((m: Message, s: Sender) => unknown) | undefined;
      if (!handler) return { ok: false, error: `"${message.type}" is only available in test builds` };
      return { ok: true, value: await handler(message, sender) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}
