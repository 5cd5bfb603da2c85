/**
 * Every message between Stepwise's contexts: a discriminated union on `type`, checked with valibot
 * on receipt (`background/router.ts`), and what each one answers with.
 *
 * Each area declares its messages and reply types in its own file under `areas/` (a new area is a
 * new file, listed below). Overlay messages may come from the overlay content script (or an
 * extension page); page messages only from extension pages — never from a content script, which
 * runs beside untrusted page code. The contract stands alone: reply types are its own, and the
 * background maps its records to them. Nothing secret (a server token, say) is ever in an overlay
 * reply.
 */
import * as v from 'valibot';
import * as authoring from './areas/authoring';
import * as catalog from './areas/catalog';
import * as checklists from './areas/checklists';
import * as data from './areas/data';
// Named, not a namespace: a build that never uses the test messages then drops them.
import { type Replies as DebugReplies, fromPages as testFromPages } from './areas/debug';
import * as help from './areas/help';
import * as insights from './areas/insights';
import * as overlay from './areas/overlay';
import * as packs from './areas/packs';
import * as panel from './areas/panel';
import * as picker from './areas/picker';
import * as recording from './areas/recording';
import * as settings from './areas/settings';
import * as sites from './areas/sites';
import * as sync from './areas/sync';
import * as testing from './areas/testing';
import * as tips from './areas/tips';
import * as usage from './areas/usage';

/** Messages the overlay content script may send. */
const overlayMessages = [
  ...overlay.fromOverlay,
  ...usage.fromOverlay,
  ...checklists.fromOverlay,
  ...help.fromOverlay,
  ...picker.fromOverlay,
  ...recording.fromOverlay,
  ...insights.fromOverlay,
  ...testing.fromOverlay,
] as const;

/** Messages only extension pages (side panel, popup, options) may send. */
const pageMessages = [
  ...sites.fromPages,
  ...packs.fromPages,
  ...help.fromPages,
  ...panel.fromPages,
  ...catalog.fromPages,
  ...usage.fromPages,
  ...settings.fromPages,
  ...data.fromPages,
  ...picker.fromPages,
  ...recording.fromPages,
  ...sync.fromPages,
  ...authoring.fromPages,
  ...insights.fromPages,
  ...tips.fromPages,
  ...testing.fromPages,
] as const;

/**
 * Messages for the end-to-end tests and the benchmarks alone (sent by extension pages): only the
 * builds made for them accept these; a production build refuses them as unknown.
 */
const testMessages = testFromPages;

/** The `type`s a content script may send; every other message is for extension pages only. */
export const OVERLAY_MESSAGE_TYPES: ReadonlySet<string> = new Set(overlayMessages.map((m) => m.entries.type.literal));

/** Every message, the test builds' own included (`testMessages`). */
// Built in a function marked pure: a production build never uses it, and a bundler keeps a spread
// at module level (an iterator could have side effects), and with it the test messages.
export const Message = /* @__PURE__ */ (() =>
  v.variant('type', [...overlayMessages, ...pageMessages, ...testMessages]))();
/** What a production build accepts: every message but the test builds' own. */
export const ProductMessage = v.variant('type', [...overlayMessages, ...pageMessages]);

/** The `type`s only test builds answer. */
export type TestMessageType = (typeof testMessages)[number]['entries']['type']['literal'];
export type Message = v.InferOutput<typeof Message>;
export type MessageType = Message['type'];
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

interface AreaReplies
  extends overlay.Replies,
    usage.Replies,
    checklists.Replies,
    catalog.Replies,
    panel.Replies,
    sites.Replies,
    packs.Replies,
    help.Replies,
    settings.Replies,
    data.Replies,
    DebugReplies,
    picker.Replies,
    recording.Replies,
    sync.Replies,
    authoring.Replies,
    insights.Replies,
    tips.Replies,
    testing.Replies {}

/** What each message answers with: a message without a reply in its area fails the type check. */
export type Replies = { [T in MessageType]: AreaReplies[T] };

/** The envelope every reply travels in: a malformed or refused message gets `ok: false`. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };

export type { AuthoringProblem, Draft, PackVersionSummary, PageRule } from './areas/authoring';
export type { StoreProblem } from './areas/data';
export type { StoreStats } from './areas/debug';
export type { InsightsReport, KeptData, ProbeRule } from './areas/insights';
export type { OverlayState, PageRules, RuleProgress } from './areas/overlay';
export type { ImportProblem, PackSource, PackSummary } from './areas/packs';
export type { PickerEvent, PickRecord } from './areas/picker';
export type { RecordingEvent, RecordingResult, RecordingStatus } from './areas/recording';
export type { Settings } from './areas/settings';
export type { SyncStatus } from './areas/sync';
export type { DraftTest, TestingMark } from './areas/testing';
export type { PersonalTip, Suggestion, TeamSuggestions, TipSuggestion } from './areas/tips';
export type { UsageCounter, UsageEvent } from './areas/usage';
