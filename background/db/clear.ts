import type { StepwiseDatabase } from './database';
import { CLIENT_KEYS } from './settings';
import { forgetCounterKeys } from './usage';

/**
 * Deletes everything Stepwise keeps about its user and rules, in one transaction. This client's
 * id and outbox counter stay, so a sequence number is never reused for another batch.
 */
export async function clearLocalData(db: StepwiseDatabase): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) {
      if (table.name === 'settings')
        await db.settings
          .where('key')
          .noneOf([...CLIENT_KEYS])
          .delete();
      else await table.clear();
    }
  });
  forgetCounterKeys(db);
}
