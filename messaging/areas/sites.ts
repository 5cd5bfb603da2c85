/** The sites Stepwise is on (turning one on is a permission request, made by the page itself). */
import * as v from 'valibot';
import { Origin } from '../fields';

/** Sent by extension pages only. */
export const fromPages = [
  v.object({ type: v.literal('sites.list') }),
  v.object({ type: v.literal('sites.disable'), origin: Origin }),
] as const;

export interface Replies {
  /** Match patterns of the origins that are on, e.g. `https://crm.example.com/*`. */
  'sites.list': { origins: string[] };
  'sites.disable': { removed: boolean };
}
