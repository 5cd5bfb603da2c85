import type { SchemaVersion } from './types';

/**
 * Version 5 (authoring): the element picker's picks, one per start of the picker, so what was
 * picked is there when the popup opens again (it closes as soon as the page is clicked) and the
 * editor or a recording can take it up. Only a new table: nothing older changes.
 */
export const v5: SchemaVersion = {
  version: 5,
  stores: {
    picks: 'id, tabId, startedAt',
  },
};
