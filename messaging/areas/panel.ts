/**
 * The side panel: everything it shows for the tab it sits beside, in one reply; and what the
 * background asks of the overlay in that tab on the panel's behalf.
 */
import * as v from 'valibot';
import type { UsageEvent } from '../../rules/index';
import { TabId } from '../fields';
import type { CatalogRule, StartOutcome } from './catalog';
import type { ChecklistView, PageReport } from './checklists';

/** Sent by extension pages only. */
export const fromPages = [
  /** What the side panel (and the popup) show for a tab. */
  v.object({ type: v.literal('panel.state'), tabId: TabId }),
] as const;

/**
 * How the panel can help on the tab's page:
 * - `ready`: Stepwise runs there and the page said what holds (`page`);
 * - `checking`: Stepwise runs there and the page is still loading (it is asked once loaded);
 * - `off`: a web page on a site Stepwise is not on (`origin` is what to turn on);
 * - `browser-page`: a browser or extension page, a local file: no extension can help there;
 * - `pdf`: a PDF document, which extensions cannot reach;
 * - `unreachable`: the site is on but Stepwise got no answer from the page.
 */
export type PageStatus = 'ready' | 'checking' | 'off' | 'browser-page' | 'pdf' | 'unreachable';

export interface PanelState {
  tab: { id: number; url?: string; title?: string };
  status: PageStatus;
  /** The site's match pattern (`https://crm.example.com/*`) for a web page. */
  origin?: string;
  /** Packs that are on. */
  packs: number;
  /** The page's report, when `ready`. */
  page?: { url: string; rules: string[]; checklists: string[] };
  /** Published walkthroughs and tips of the packs that are on, for this site. */
  catalog: CatalogRule[];
  /** Changes whenever the packs do: the panel indexes the catalog again only then. */
  contentKey: string;
  /** This site's checklists with the person's progress (those on the page are in `page.checklists`). */
  checklists: ChecklistView[];
  /** The person's state around the catalog's rules. */
  known: string[];
  completions: Record<string, number>;
  /** After this many completions a walkthrough counts as mastered. */
  expertAfter: number;
}

/**
 * What the background sends extension pages (not a request: nothing answers it) when what they
 * show changed: for one tab, or for all when `tabId` is left out (packs or data changed).
 */
export interface PanelChanged {
  type: 'panel.changed';
  tabId?: number;
}

/**
 * What the background asks the overlay of a tab's top frame (through `scripting.executeScript`,
 * in the extension's isolated world); the answer comes back as an `Envelope` of its `PageReplies` entry.
 */
export type ToPage =
  | { type: 'overlay.start'; ruleId: string }
  | { type: 'overlay.context' }
  | { type: 'overlay.report' };

/** Where the step's target stands: found once, several times, not found, still awaited, or no target. */
export type TargetState = 'found' | 'ambiguous' | 'missing' | 'waiting' | 'none';

/** A help event on the page (the events usage counts), with its time. */
export interface HelpEvent {
  /** Epoch milliseconds. */
  at: number;
  ruleId: string;
  stepId?: string;
  event: UsageEvent;
}

/** Where the person is on the page, for an "I'm stuck" request. */
export interface PageContext {
  url: string;
  /** The help on screen, if any: the walkthrough at its current step, or an open tip. */
  active?: { ruleId: string; stepIndex: number; stepId: string; target: TargetState };
  /** The last few help events on this page, oldest first. */
  events: HelpEvent[];
}

export interface PageReplies {
  'overlay.start': StartOutcome;
  'overlay.context': PageContext;
  'overlay.report': PageReport;
}

export interface Replies {
  'panel.state': PanelState;
}
