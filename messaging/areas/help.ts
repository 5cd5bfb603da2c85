/** Requests for help: "I'm stuck here". */
import * as v from 'valibot';
import { Id, Url } from '../fields';

/** Sent by extension pages only. */
export const fromPages = [
  /** "I'm stuck here" (from the side panel): kept, and queued for the team's server. */
  v.object({
    type: v.literal('help.request'),
    url: Url,
    text: v.pipe(v.string(), v.trim(), v.minLength(1, 'must say what you are stuck on'), v.maxLength(5000)),
    ruleId: v.optional(Id),
    stepId: v.optional(Id),
  }),
] as const;

export interface Replies {
  'help.request': { id: string };
}
