import type { Transaction } from 'dexie';
import type { SchemaVersion } from './types';
import type { HelpRequestRecordV1, OutboxRecordV1 } from './v1';

/** Since version 4 a queued help request carries the request itself (read here as version 1 wrote it). */
type HelpEntryV4 = Extract<OutboxRecordV1, { kind: 'help' }> & { request: Omit<HelpRequestRecordV1, 'status'> };

/**
 * Version 4 (the side panel): comments written after "Helpful? No", and the first time each
 * checklist was completed (counted once). Help requests gain a context and outbox entries carry
 * what they send in whole.
 *
 * The upgrade copies each queued help request into its outbox entry (version 1 queued only its
 * id). Checklist items and help requests keep their shape: the new fields are optional.
 */
export const v4: SchemaVersion = {
  version: 4,
  stores: {
    comments: 'id, createdAt, [ruleId+stepId]',
    checklistCompletions: '[userId+checklistId], userId',
  },
  async upgrade(tx: Transaction) {
    const requests = tx.table<HelpRequestRecordV1, string>('helpRequests');
    const outbox = tx.table<OutboxRecordV1 & Partial<Pick<HelpEntryV4, 'request'>>, number>('outbox');
    for (const entry of await outbox.where('kind').equals('help').toArray()) {
      if (entry.kind !== 'help' || entry.request) continue;
      const found = await requests.get(entry.requestId);
      // A queued id whose request is gone has nothing left to send: the entry stays as it was.
      if (!found) continue;
      const { status: _, ...request } = found;
      await outbox.update(entry.seq, { request });
    }
  },
};
