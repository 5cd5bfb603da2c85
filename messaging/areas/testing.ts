/**
 * Testing a draft in place: the draft runs on a tab's page, shown by the same engine and UI as
 * published help, with a marker that says so; nothing it does is counted or remembered.
 */
import * as v from 'valibot';
import type { RuleKind } from '../../rules/index';
import { Id, TabId } from '../fields';
import type { AuthoringProblem } from './authoring';

/** Sent by extension pages only. */
export const fromPages = [
  /**
   * Runs draft `id` on the tab's page (which is loaded again to show it) until stopped: refused,
   * with the problems by path, while the draft has any, or when it cannot apply on the tab's site.
   */
  v.object({ type: v.literal('drafts.test'), id: Id, tabId: TabId }),
  /** Stops testing in the tab (the page is loaded again without the draft). */
  v.object({ type: v.literal('drafts.stopTest'), tabId: TabId }),
  /** The draft being tested in the tab, if any. */
  v.object({ type: v.literal('drafts.testing'), tabId: TabId }),
] as const;

/** Sent by the overlay content script: the marker's "Stop testing", for the sender's tab. */
export const fromOverlay = [v.object({ type: v.literal('test.stop') })] as const;

/** A draft being tested in a tab. */
export interface DraftTest {
  tabId: number;
  draftId: string;
  ruleId: string;
  name: string;
  kind: RuleKind;
  /** Epoch milliseconds. */
  startedAt: number;
}

/** What the overlay is told about a draft under test on its page (the marker's words). */
export interface TestingMark {
  ruleId: string;
  name: string;
  kind: RuleKind;
}

export interface Replies {
  /** `matchesPage`: the draft's URL patterns match the tab's page now (else it shows on the pages they match). */
  'drafts.test': { testing: true; matchesPage: boolean } | { testing: false; problems: AuthoringProblem[] };
  'drafts.stopTest': { stopped: boolean };
  'drafts.testing': { test: DraftTest | null };
  'test.stop': { stopped: boolean };
}
