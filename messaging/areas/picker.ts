/**
 * The element picker's messages: an extension page (the popup, the editor) starts the picker in a
 * tab; the picker, in the page, reports what was picked; the background keeps the result in the
 * database and tells open extension pages (`PickerEvent`).
 */
import * as v from 'valibot';
import type { GeneratedTarget } from '../../rules/authoring';
import { CANDIDATE_KINDS } from '../../rules/authoring';
import { Id, Url } from '../fields';

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const TabId = v.pipe(v.number(), v.integer(), v.minValue(0));

/** A target as the generator writes it (the pack schema validates it again where it is saved). */
export const TargetShape = v.object({
  selector: Text(2000),
  fallbacks: v.optional(v.pipe(v.array(Text(2000)), v.maxLength(10))),
  text: v.optional(Text(500)),
  textMatch: v.optional(v.picklist(['exact', 'contains'])),
  ariaLabel: v.optional(Text(500)),
  frame: v.optional(Text(2000)),
});

const CandidateShape = v.object({
  kind: v.picklist(CANDIDATE_KINDS),
  target: TargetShape,
  explanation: Text(1000),
  stability: v.number(),
  matches: v.pipe(v.number(), v.integer(), v.minValue(0)),
  unique: v.boolean(),
});

/** What the picker found for the picked element (`GeneratedTarget`). */
export const PickShape = v.object({
  target: TargetShape,
  unique: v.boolean(),
  candidates: v.pipe(v.array(CandidateShape), v.maxLength(100)),
  element: v.object({ tag: Text(100), role: Text(100), name: Text(2000), phrase: Text(2000) }),
  problems: v.pipe(v.array(Text(1000)), v.maxLength(20)),
});

/** Sent by the picker from the page (a content script, like the overlay). */
export const fromOverlay = [
  /** The picker ended in its tab: what was picked, or that the author cancelled. */
  v.object({
    type: v.literal('picker.result'),
    sessionId: Id,
    url: Url,
    outcome: v.picklist(['picked', 'cancelled']),
    pick: v.optional(PickShape),
  }),
] as const;

/** Sent by extension pages only. */
export const fromPages = [
  /** Starts the picker in a tab (the popup's active tab); a picker already running there stops. */
  v.object({
    type: v.literal('picker.start'),
    tabId: TabId,
    /** What the pick is for, kept with it (the editor's step, a recording). */
    purpose: v.optional(Text(200)),
  }),
  /** Stops the picker in a tab. */
  v.object({ type: v.literal('picker.cancel'), tabId: TabId }),
  /** The latest pick in a tab (or in any tab), picked, cancelled or still going. */
  v.object({ type: v.literal('picker.last'), tabId: v.optional(TabId) }),
] as const;

/** A pick as it is kept: one per start of the picker. */
export interface PickRecord {
  /** The session id the picker echoes back. */
  id: string;
  tabId: number;
  purpose?: string;
  status: 'picking' | 'picked' | 'cancelled';
  /** Epoch milliseconds. */
  startedAt: number;
  finishedAt?: number;
  /** The page the element was picked on. */
  url?: string;
  pick?: GeneratedTarget;
}

export interface Replies {
  'picker.result': { saved: boolean };
  'picker.start': { sessionId: string };
  'picker.cancel': { cancelled: boolean };
  'picker.last': { pick: PickRecord | null };
}

/** Sent by the background to extension pages when a pick starts or ends. */
export interface PickerEvent {
  type: 'picker.changed';
  pick: PickRecord;
}
