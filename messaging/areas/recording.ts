/**
 * Recording a walkthrough: an extension page (the popup) starts recording in a tab; the recorder,
 * injected into that tab's page, reports each click on a button or link and each field filled; the
 * background keeps the recording (in session storage, so a stopped worker loses nothing), notes
 * the tab's navigations itself, and on Stop makes a draft walkthrough of it. Nothing typed is ever
 * sent: a field is reported as filled, never with its value.
 */
import * as v from 'valibot';
import { Id, TabId, Url } from '../fields';
import { TargetShape } from './picker';

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** Sent by the recorder from the page (a content script, like the overlay). */
export const fromOverlay = [
  /**
   * The author clicked a button or link, or filled a field, in the recording's tab, on the page
   * at `url` (the recorder's `location`, which follows SPA route changes; the background takes it
   * only on the origin the browser gives for the sender).
   */
  v.object({
    type: v.literal('recording.action'),
    sessionId: Id,
    url: Url,
    kind: v.picklist(['click', 'fill']),
    target: TargetShape,
    /** The element's accessible name and role, for the step's first words. */
    name: Text(500),
    role: Text(100),
    /** A password or other secret field (only that it was filled is kept). */
    secret: v.optional(v.boolean()),
  }),
  /** Stop, from the recorder's own indicator on the page. */
  v.object({ type: v.literal('recording.finish'), sessionId: Id }),
] as const;

/** Sent by extension pages only. */
export const fromPages = [
  /** Starts recording in a tab (a recording already going elsewhere is finished first). */
  v.object({ type: v.literal('recording.start'), tabId: TabId }),
  /** Stops recording in a tab and makes its draft. */
  v.object({ type: v.literal('recording.stop'), tabId: TabId }),
  /** The recording going on, if any. */
  v.object({ type: v.literal('recording.status') }),
] as const;

/** What a recording's status says. */
export interface RecordingStatus {
  sessionId: string;
  tabId: number;
  /** Epoch milliseconds. */
  startedAt: number;
  /** How many steps the recording makes so far. */
  steps: number;
}

/** How a recording ended: the draft it made (none when nothing was recorded). */
export interface RecordingResult {
  draftId: string | null;
  steps: number;
}

export interface Replies {
  'recording.action': { steps: number; recording: boolean };
  'recording.finish': RecordingResult;
  'recording.start': RecordingStatus;
  'recording.stop': RecordingResult;
  'recording.status': { recording: RecordingStatus | null };
}

/** Sent by the background to extension pages when a recording starts, changes or ends. */
export interface RecordingEvent {
  type: 'recording.changed';
  recording: RecordingStatus | null;
}
