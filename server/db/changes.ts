/**
 * Change notices between server processes, so each can keep what every request needs (a token's
 * row, a workspace's pack revision) in memory and still see a revocation or a publication at once.
 *
 * A change is announced with `pg_notify` inside the transaction that makes it: PostgreSQL delivers
 * it to every process listening (this one included) when, and only if, that transaction commits.
 * The process that made the change also forgets its own copy as soon as the commit returns, so its
 * next request never sees the old value. A process that loses its listening connection forgets
 * everything and caches nothing until it listens again: a missed notice can never keep a stale value.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema';

/** The channel every server process listens on. */
export const CHANGES_CHANNEL = 'stepwise_changes';

/** What changed: a token (revoked), or a workspace's current packs. */
export type ChangeTopic = `token:${string}` | `packs:${string}`;

/** Announces `topic` to every server process when the surrounding transaction commits. */
export async function announce(db: Kysely<Database> | Transaction<Database>, topic: ChangeTopic): Promise<void> {
  await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${topic})`.execute(db);
}

/** A subscription to the channel, as the database offers it (see `OpenDatabase.listen`). */
export type Listen = (handlers: {
  notice(topic: string): void;
  /** The listening connection was lost (`false`) or is back (`true`). */
  listening(on: boolean): void;
}) => Promise<() => Promise<void>>;

/** A value cached per key, forgotten on a change notice. */
export class ChangeCache<V> {
  private readonly values = new Map<string, { value: V; at: number }>();
  /** Bumped on every notice: a read that started before one must not be cached. */
  private generation = 0;

  constructor(
    private readonly changes: Changes,
    private readonly prefix: 'token' | 'packs',
    /** Entries kept at most (the oldest go first). */
    private readonly max = 10_000,
    /** A safety net: entries older than this are read again even without a notice. */
    private readonly ttlMs = 60_000,
  ) {
    changes.subscribe((topic) => {
      this.generation++;
      if (topic === '*') this.values.clear();
      else if (topic.startsWith(`${prefix}:`)) this.values.delete(topic.slice(prefix.length + 1));
    });
  }

  /** The cached value of `key`, or `read()`'s (kept only when no notice came in between). */
  async get(key: string, read: () => Promise<V>, now = Date.now()): Promise<V> {
    const hit = this.values.get(key);
    if (hit && now - hit.at < this.ttlMs && this.changes.live) return hit.value;
    const generation = this.generation;
    const value = await read();
    if (generation === this.generation && this.changes.live) {
      this.values.delete(key);
      this.values.set(key, { value, at: now });
      if (this.values.size > this.max) this.values.delete(this.values.keys().next().value!);
    }
    return value;
  }

  /** Forgets `key` in this process (the change's own process calls it after commit). */
  forget(key: string): void {
    this.changes.emit(`${this.prefix}:${key}`);
  }
}

/** The notices this process hears, and whether it hears them (caches are off while not). */
export class Changes {
  private readonly subscribers = new Set<(topic: string) => void>();
  /** Whether notices from other processes arrive; caches serve nothing while they do not. */
  live = false;
  private stop: (() => Promise<void>) | null = null;

  subscribe(fn: (topic: string) => void): void {
    this.subscribers.add(fn);
  }

  emit(topic: string): void {
    for (const fn of this.subscribers) fn(topic);
  }

  /** Starts listening; a failure leaves caching off (every request reads the database). */
  async start(listen: Listen, onError: (error: unknown) => void): Promise<void> {
    try {
      this.stop = await listen({
        notice: (topic) => this.emit(topic),
        listening: (on) => {
          this.emit('*');
          this.live = on;
        },
      });
      this.live = true;
    } catch (error) {
      this.live = false;
      onError(error);
    }
  }

  async close(): Promise<void> {
    this.live = false;
    await this.stop?.();
  }
}
