import { type DatabaseOptions, StepwiseDatabase } from '../../../background/db/database';

/** A fresh database with a name of its own (fake-indexeddb keeps databases for the whole file). */
export function freshDb(options: DatabaseOptions = {}): StepwiseDatabase {
  return new StepwiseDatabase({ name: `test-${crypto.randomUUID()}`, ...options });
}

/** The primary key of `record` in a table with key path `keyPath`. */
export function primaryKey(keyPath: string | string[] | null, record: object): unknown {
  const values = record as Record<string, unknown>;
  if (Array.isArray(keyPath)) return keyPath.map((k) => values[k]);
  return keyPath ? values[keyPath] : undefined;
}
