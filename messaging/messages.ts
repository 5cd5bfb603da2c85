/**
 * Every message between Stepwise's contexts, declared once: a discriminated union on `type`,
 * checked with valibot on receipt (`background/router.ts`).
 *
 * Overlay messages may come from the overlay content script (or an extension page); page messages
 * only from extension pages — never from a content script, which runs beside untrusted page code.
 * Replies are typed in `Replies`; nothing secret (a server token, say) is ever in an overlay reply.
 */
import * as v from 'valibot';
import type { StoreProblem } from '../background/db/health';
import type { PackSummary } from '../background/db/packs';
import type { UsageCounterRecord } from '../background/db/records';
import type { Settings } from '../background/db/settings';
import type { Checklist, Rule, RulePack, UsageEvent } from '../rules/model';

const Url = v.pipe(v.string(), v.maxLength(8192), v.url());
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const Origin = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.regex(/^(https?):\/\/(\*|(\*\.)?[^/*]+)\/\*$/, 'must be a match pattern like https://crm.example.com/*'),
);
const UsageEventName = v.picklist(['shown', 'completed', 'dismissed', 'helpful', 'unhelpful', 'target-missing']);

/** Messages the overlay content script may send. */
const overlayMessages = [
  /** The overlay started on a page: it gets the rules and the user's state for it. */
  v.object({ type: v.literal('overlay.hello'), url: Url }),
  /**
   * Usage events, batched by the overlay (at most 500 a message). The reply comes once they are
   * safe. Give each message a `batchId` (unique per batch, kept when resending): a batch sent
   * again after an error is then counted once.
   */
  v.object({
    type: v.literal('usage.record'),
    events: v.pipe(
      v.array(v.object({ ruleId: Id, stepId: v.optional(Id), event: UsageEventName })),
      v.minLength(1),
      v.maxLength(500),
    ),
    batchId: v.optional(Id),
  }),
  /** A walkthrough moved: the resume pointer, or its end (completed or dismissed). */
  v.object({
    type: v.literal('progress.update'),
    ruleId: Id,
    stepIndex: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)),
    status: v.picklist(['active', 'completed', 'dismissed']),
    url: v.optional(Url),
  }),
  /** "I know this": the walkthrough no longer starts by itself for this user (or again, with false). */
  v.object({ type: v.literal('rule.known'), ruleId: Id, known: v.boolean() }),
  /** A tip was closed for good. */
  v.object({ type: v.literal('tip.dismissed'), ruleId: Id }),
  /** A checklist item was done (or undone). */
  v.object({ type: v.literal('checklist.item'), checklistId: Id, itemId: Id, done: v.boolean() }),
  /** The overlay needs its UI: the background injects the UI bundle into the sender's frame. */
  v.object({ type: v.literal('overlay.loadUi') }),
  /** A rule that tests a pattern applies: the background injects the pattern engine into the sender's frame. */
  v.object({ type: v.literal('overlay.loadPatterns') }),
] as const;

/** Messages only extension pages (side panel, popup, options) may send. */
const pageMessages = [
  v.object({ type: v.literal('sites.list') }),
  v.object({ type: v.literal('sites.disable'), origin: Origin }),
  /** Import a rule pack (unknown JSON, validated by `rules/`): valid rules are kept, problems listed. */
  v.object({
    type: v.literal('packs.import'),
    pack: v.unknown(),
    source: v.optional(v.picklist(['local', 'imported', 'server']), 'imported'),
  }),
  v.object({ type: v.literal('packs.list') }),
  /** The packs with these ids (all when left out), as importable JSON. */
  v.object({ type: v.literal('packs.export'), packIds: v.optional(v.pipe(v.array(Id), v.maxLength(1000))) }),
  v.object({ type: v.literal('packs.remove'), packId: Id }),
  v.object({ type: v.literal('packs.setEnabled'), packId: Id, enabled: v.boolean() }),
  /** "I'm stuck here" (from the side panel): kept, and queued for the team's server. */
  v.object({
    type: v.literal('help.request'),
    url: Url,
    text: v.pipe(v.string(), v.trim(), v.minLength(1, 'must say what you are stuck on'), v.maxLength(5000)),
    ruleId: v.optional(Id),
    stepId: v.optional(Id),
  }),
  /** Every usage counter, after writing what is still in memory. */
  v.object({ type: v.literal('usage.export') }),
  v.object({ type: v.literal('settings.get') }),
  v.object({
    type: v.literal('settings.update'),
    settings: v.object({ expertAfter: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))) }),
  }),
  /** Deletes every pack, rule, progress, count and request kept in this browser. */
  v.object({ type: v.literal('data.clear') }),
  /** What is wrong with storage, in words, with what to do. */
  v.object({ type: v.literal('store.health') }),
  /**
   * For the end-to-end tests and the store benchmark only (refused in other builds): transaction
   * counts, a flush now, or switching usage to the one-write-per-event baseline.
   */
  v.object({ type: v.literal('debug.store'), action: v.picklist(['stats', 'flush', 'naive', 'batched']) }),
] as const;

/** The `type`s a content script may send; every other message is for extension pages only. */
export const OVERLAY_MESSAGE_TYPES: ReadonlySet<string> = new Set(overlayMessages.map((m) => m.entries.type.literal));

export const Message = v.variant('type', [...overlayMessages, ...pageMessages]);
export type Message = v.InferOutput<typeof Message>;
export type MessageType = Message['type'];
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

/** Where a user is in one walkthrough. */
export interface RuleProgress {
  stepIndex: number;
  status: 'active' | 'completed' | 'dismissed';
  /** Epoch milliseconds of the last change. */
  updatedAt: number;
}

/** What the overlay needs to start on a page. */
export interface OverlayState {
  enabled: boolean;
  /** Published rules of the enabled packs that can apply on this page's origin. */
  rules: Rule[];
  /** Resume pointers by rule id. */
  progress: Record<string, RuleProgress>;
  /** Completed walkthroughs: how many times, by rule id. */
  completions: Record<string, number>;
  /** Rules the user said they know ("I know this"): no auto-start. */
  known: string[];
  /** Tips closed for good. */
  dismissedTips: string[];
  settings: {
    /** After this many completions a walkthrough shows its brief form and stops starting by itself. */
    expertAfter: number;
  };
  /** The checklists of the packs that are on that can apply on this origin: evaluated on the page. */
  checklists?: Checklist[];
}

/** A problem found while importing, at a JSON path in the pack. */
export interface ImportProblem {
  path: string;
  message: string;
}

/** What each message answers with. */
export interface Replies {
  'overlay.hello': OverlayState;
  'usage.record': { counted: number };
  'progress.update': { saved: true };
  'rule.known': { saved: true };
  'tip.dismissed': { saved: true };
  'overlay.loadUi': { loaded: boolean };
  'overlay.loadPatterns': { loaded: boolean };
  'sites.list': { origins: string[] };
  'sites.disable': { removed: boolean };
  'packs.import': { packId: string | null; imported: number; skipped: number; problems: ImportProblem[] };
  'checklist.item': { saved: true };
  'packs.list': { packs: PackSummary[] };
  'packs.export': { packs: RulePack[] };
  'packs.remove': { removed: boolean };
  'packs.setEnabled': { saved: boolean };
  'help.request': { id: string };
  'usage.export': { counters: UsageCounterRecord[]; exportedAt: string };
  'settings.get': Settings;
  'settings.update': Settings;
  'data.clear': { cleared: true };
  'store.health': { problems: StoreProblem[] };
  'debug.store': StoreStats;
}

/** Storage figures for tests and the benchmark. */
export interface StoreStats {
  /** IndexedDB transactions started since the background started. */
  transactions: number;
  readwrite: number;
  /** Usage events counted but not yet written to the database. */
  unflushed: number;
  /** Appends to the usage write-ahead log. */
  walAppends: number;
  usageMode: 'batched' | 'naive';
  /** When this background started (a new value after the worker was stopped and started again). */
  startedAt: number;
}

/** The envelope every reply travels in: a malformed or refused message gets `ok: false`. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };

export type { UsageEvent };
