/**
 * Every message between Stepwise's contexts, declared once. Each is a member of a discriminated
 * union on `type`, checked with valibot on receipt (see `utils/message-router.ts`).
 *
 * `to` says who may send it: `background` messages come from the overlay content script or an
 * extension page; `page` messages only from extension pages (never a content script, which runs
 * beside untrusted page code).
 */
import * as v from 'valibot';

const Url = v.pipe(v.string(), v.maxLength(8192), v.url());
const Origin = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.regex(/^(https?):\/\/(\*|(\*\.)?[^/*]+)\/\*$/, 'must be a match pattern like https://crm.example.com/*'),
);

/** Messages the overlay content script may send. */
const overlayMessages = [v.object({ type: v.literal('overlay.hello'), url: Url })] as const;

/** Messages only extension pages (side panel, popup, options) may send. */
const pageMessages = [
  v.object({ type: v.literal('sites.list') }),
  v.object({ type: v.literal('sites.disable'), origin: Origin }),
] as const;

/** The `type`s a content script may send; every other message is for extension pages only. */
export const OVERLAY_MESSAGE_TYPES: ReadonlySet<string> = new Set(overlayMessages.map((m) => m.entries.type.literal));

export const Message = v.variant('type', [...overlayMessages, ...pageMessages]);
export type Message = v.InferOutput<typeof Message>;
export type MessageType = Message['type'];
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

/** What each message answers with. */
export interface Replies {
  'overlay.hello': { enabled: boolean };
  'sites.list': { origins: string[] };
  'sites.disable': { removed: boolean };
}

/** The envelope every reply travels in: a malformed or refused message gets `ok: false`. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };
