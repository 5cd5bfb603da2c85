/**
 * The usage write-ahead log: counted events are appended here before their sender is told they
 * were counted, and removed once a flush has put them in the database.
 *
 * It lives in `storage.local`, which survives both a service-worker kill and a browser restart.
 * (`storage.session` would survive the first only: the browser empties it when it closes.)
 */
import { browser } from '#imports';
import type { UsageDelta } from '../db/records';

/** One append: summed increments and the message batch ids they came from. */
export interface WalSegment {
  deltas: UsageDelta[];
  batches: string[];
  at: number;
}

export interface WriteAheadLog {
  append(id: string, segment: WalSegment): Promise<void>;
  /** Every segment still in the log, by id. */
  readAll(): Promise<Map<string, WalSegment>>;
  remove(ids: readonly string[]): Promise<void>;
}

const PREFIX = 'usage-wal:';

function isSegment(value: unknown): value is WalSegment {
  const s = value as WalSegment;
  return Boolean(s) && Array.isArray(s.deltas) && Array.isArray(s.batches) && typeof s.at === 'number';
}

/** The write-ahead log in an extension storage area (`storage.local` by default). */
export function storageWriteAheadLog(area = browser.storage.local): WriteAheadLog {
  return {
    append: (id, segment) => area.set({ [PREFIX + id]: segment }),
    async readAll() {
      const everything = await area.get(null);
      const segments = new Map<string, WalSegment>();
      for (const [key, value] of Object.entries(everything)) {
        if (key.startsWith(PREFIX) && isSegment(value)) segments.set(key.slice(PREFIX.length), value);
      }
      return segments;
    },
    remove: (ids) => (ids.length ? area.remove(ids.map((id) => PREFIX + id)) : Promise.resolve()),
  };
}
