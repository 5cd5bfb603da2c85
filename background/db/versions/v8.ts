import type { SchemaVersion } from './types';

/**
 * Version 8 (authoring's personal tips; authoring's own number, 5, is below versions already
 * shipped, and a new version must be above them all to be applied): a person's own tips, each a
 * tip rule with its words and where its suggestion to the team stands, listed per person and site.
 * A suggestion waits in the existing outbox as a new kind of entry, which needs no new index. Only
 * a new table: nothing older changes.
 */
export const v8: SchemaVersion = {
  version: 8,
  stores: {
    personalTips: 'id, [userId+origin], userId, updatedAt',
  },
};
