import type { SchemaVersion } from './types';

/**
 * Version 5 (authoring): the element picker's picks, one per start of the picker, so what was
 * picked is there when the popup opens again (it closes as soon as the page is clicked) and the
 * editor or a recording can take it up; drafts, saved as they are edited (valid or not, so an
 * author's work survives the popup closing and the worker stopping); and the kept versions of
 * packs, so publishing never loses the working version. Only new tables: nothing older changes.
 */
export const v5: SchemaVersion = {
  version: 5,
  stores: {
    picks: 'id, tabId, startedAt',
    drafts: 'id, packId, origin, updatedAt',
    packVersions: '[packId+version], packId',
  },
};
