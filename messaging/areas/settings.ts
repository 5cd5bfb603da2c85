/** The user's settings. */
import * as v from 'valibot';

/** Sent by extension pages only. */
export const fromPages = [
  v.object({ type: v.literal('settings.get') }),
  v.object({
    type: v.literal('settings.update'),
    settings: v.object({ expertAfter: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))) }),
  }),
] as const;

/** What the user can set. */
export interface Settings {
  /** After this many completions a walkthrough shows its brief form and stops starting by itself. */
  expertAfter: number;
}

export interface Replies {
  'settings.get': Settings;
  /** All settings, after the change. */
  'settings.update': Settings;
}
