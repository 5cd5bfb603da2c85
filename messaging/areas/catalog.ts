/**
 * The help catalog: every walkthrough and tip for the app in a tab, and starting one on the page.
 */
import * as v from 'valibot';
import type { RuleKind, UrlPattern } from '../../rules/index';
import { Id, TabId } from '../fields';

/** Sent by extension pages only. */
export const fromPages = [
  /**
   * "Start" or "Show me": runs the walkthrough on the tab's page (the background asks the overlay
   * there), from its first step. A walkthrough for another page is not started: the reply says so.
   */
  v.object({ type: v.literal('catalog.start'), tabId: TabId, ruleId: Id }),
  /**
   * The words the catalog's search looks up, for the tab's site: asked once the panel has drawn
   * its lists (they are most of the catalog's size, and nothing shows them).
   */
  v.object({ type: v.literal('catalog.texts'), tabId: TabId }),
] as const;

/** A rule as the catalog lists and searches it. */
export interface CatalogRule {
  id: string;
  name: string;
  kind: RuleKind;
  /** How it starts: by itself, from the catalog, or when the person meets an element. */
  start: 'auto' | 'manual' | 'trigger';
  /** The pages it is for (its `where.urls`), to say where to go. */
  urls: UrlPattern[];
  /** How many steps it has. */
  steps: number;
}

/** A rule's searchable words besides its name: its steps' titles, brief texts and details. */
export interface CatalogText {
  id: string;
  text: string;
}

/** The words of a site's catalog, for the packs' version `contentKey` (as in `panel.state`). */
export interface CatalogTexts {
  contentKey: string;
  rules: CatalogText[];
}

/** Whether a walkthrough started; when not, why (the panel says it in a sentence). */
export type StartOutcome =
  | { started: true }
  /**
   * `elsewhere`: the rule does not apply on this page; `unknown`: no such rule for this site;
   * `unreachable`: the page did not answer (not loaded yet, or Stepwise is not running there).
   */
  | { started: false; reason: 'elsewhere' | 'unknown' | 'unreachable' };

export interface Replies {
  'catalog.start': StartOutcome;
  'catalog.texts': CatalogTexts;
}
