/**
 * Settings the user can change, and the client's own identity (its id and outbox sequence), kept
 * as key–value rows in the `settings` table.
 */
import type { StepwiseDatabase } from './database';

/** What the user can set. */
export interface Settings {
  /** After this many completions a walkthrough shows its brief form and stops starting by itself. */
  expertAfter: number;
}

export const DEFAULT_SETTINGS: Settings = { expertAfter: 3 };

/** The person whose progress is kept: `local` until the user signs in to a team server. */
export const LOCAL_USER = 'local';

const USER_KEYS = ['expertAfter'] as const satisfies readonly (keyof Settings)[];
const CLIENT_ID = 'client.id';
const OUTBOX_SEQ = 'outbox.lastSeq';
const USER_ID = 'user.id';

function validExpertAfter(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 100;
}

/** Reads the settings; a missing or unreadable value falls back to its default. */
export async function readSettings(db: StepwiseDatabase): Promise<Settings> {
  const rows = await db.settings.bulkGet([...USER_KEYS]);
  const expertAfter = rows[0]?.value;
  return { expertAfter: validExpertAfter(expertAfter) ? expertAfter : DEFAULT_SETTINGS.expertAfter };
}

/** Saves the given settings, after checking them; returns all settings. */
export async function writeSettings(db: StepwiseDatabase, changes: Partial<Settings>): Promise<Settings> {
  if (changes.expertAfter !== undefined) {
    if (!validExpertAfter(changes.expertAfter)) {
      throw new Error('expertAfter: must be a whole number from 1 to 100');
    }
    await db.settings.put({ key: 'expertAfter', value: changes.expertAfter });
  }
  return readSettings(db);
}

/** The current user's id. */
export async function currentUser(db: StepwiseDatabase): Promise<string> {
  const row = await db.settings.get(USER_ID);
  return typeof row?.value === 'string' && row.value ? row.value : LOCAL_USER;
}

/** This browser's id for the sync server, created on first use. Call inside a transaction on `settings`. */
export async function clientId(db: StepwiseDatabase): Promise<string> {
  const row = await db.settings.get(CLIENT_ID);
  if (typeof row?.value === 'string' && row.value) return row.value;
  const id = crypto.randomUUID();
  await db.settings.put({ key: CLIENT_ID, value: id });
  return id;
}

/**
 * The next outbox sequence number. Must run inside the transaction that adds the outbox entry, so
 * a number is never used twice, not even after the entries are pushed and removed.
 */
export async function nextOutboxSeq(db: StepwiseDatabase): Promise<number> {
  const row = await db.settings.get(OUTBOX_SEQ);
  const last = typeof row?.value === 'number' && Number.isSafeInteger(row.value) ? row.value : 0;
  // The highest seq in the outbox guards against a lost or corrupt counter row.
  const newest = await db.outbox.orderBy('seq').last();
  const seq = Math.max(last, newest?.seq ?? 0) + 1;
  await db.settings.put({ key: OUTBOX_SEQ, value: seq });
  return seq;
}

/** Keys that identify this client; clearing local data keeps them so outbox numbers never repeat. */
export const CLIENT_KEYS: readonly string[] = [CLIENT_ID, OUTBOX_SEQ];
