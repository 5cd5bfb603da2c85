/**
 * Usage counting: events are summed in memory, appended to the write-ahead log before their
 * sender hears "counted", and written to the database in one transaction per flush — at most once
 * a second, and whenever a reader needs the counts. A flush also appends its deltas to the sync
 * outbox. A worker killed between the two loses nothing: the next start applies what the log
 * still holds, and skips segments a flush had already applied.
 */
import type { CountedEvent } from '../../rules/index';
import type { StepwiseDatabase } from '../db/database';
import type { StoreHealth } from '../db/health';
import type { UsageDelta } from '../db/records';
import { addDeltas, eventsToDeltas, utcDay, writeUsage } from '../db/usage';
import { recoverLog } from './recovery';
import type { WalSegment, WriteAheadLog } from './write-ahead';

export interface RecorderOptions {
  db: StepwiseDatabase;
  wal: WriteAheadLog;
  health: StoreHealth;
  now?: () => number;
  /** How long counts gather before a flush (1 s by default). */
  flushDelayMs?: number;
}

/** How long counting waits for the database at start before it goes on with the log alone. */
const RECOVERY_WAIT_MS = 2000;

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

/** Counts usage events for the background. One instance per running background. */
export class UsageRecorder {
  private readonly ready: Promise<void>;
  private readonly now: () => number;
  private readonly flushDelayMs: number;
  /** Received, not yet in the log. */
  private incoming = new Map<string, UsageDelta>();
  private incomingBatches: string[] = [];
  private waiting: Waiter[] = [];
  private writing: Promise<void> | null = null;
  /** In the log, not yet in the database. */
  private readonly logged = new Map<string, WalSegment>();
  /** Removed from the log after a flush: their applied marks can go. */
  private forget: string[] = [];
  /** Batch ids counted (durably) and being counted. */
  private readonly seen = new Set<string>();
  private readonly inflight = new Map<string, Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private failures = 0;
  private readonly bootId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  private segmentNo = 0;
  private recovered = false;
  private recovering: Promise<void> | null = null;

  constructor(private readonly options: RecorderOptions) {
    this.now = options.now ?? Date.now;
    this.flushDelayMs = options.flushDelayMs ?? 1000;
    // Counting waits for recovery (it brings back the batch ids already counted), but not for
    // ever: with the database stuck, events still go to the log and are applied later.
    this.ready = Promise.race([this.recover(), new Promise<void>((r) => setTimeout(r, RECOVERY_WAIT_MS))]);
  }

  /** Counts `events`; resolves once they are safe. A `batchId` seen before is not counted again. */
  async record(events: readonly { ruleId: string; stepId?: string; event: CountedEvent }[], batchId?: string) {
    await this.ready;
    if (batchId !== undefined) {
      if (this.seen.has(batchId)) return { counted: events.length, duplicate: true };
      const pending = this.inflight.get(batchId);
      if (pending) return pending.then(() => ({ counted: events.length, duplicate: true }));
    }
    addDeltas(this.incoming, eventsToDeltas(events, utcDay(this.now())).values());
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (batchId !== undefined) {
      this.incomingBatches.push(batchId);
      this.inflight.set(batchId, done);
    }
    if (!this.writing) this.writing = this.writeLog().finally(() => (this.writing = null));
    await done;
    return { counted: events.length, duplicate: false };
  }

  /** Writes what was counted so far to the database (readers call this first). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  /** Events counted but not yet in the database. */
  get unflushed(): number {
    let n = 0;
    for (const segment of this.logged.values()) for (const d of segment.deltas) n += d.count;
    return n;
  }

  /** Drops everything not yet flushed, and the whole log (clearing local data). */
  async discard(): Promise<void> {
    await this.ready;
    await this.writing;
    await this.flushing;
    this.logged.clear();
    this.forget = [];
    await this.options.wal.remove([...(await this.options.wal.readAll()).keys()]);
  }

  /** Group commit: everything that arrived while the last append ran goes in the next one. */
  private async writeLog(): Promise<void> {
    while (this.incoming.size) {
      const segment: WalSegment = {
        deltas: [...this.incoming.values()],
        batches: this.incomingBatches,
        at: this.now(),
      };
      const waiting = this.waiting;
      this.incoming = new Map();
      this.incomingBatches = [];
      this.waiting = [];
      const id = `${this.bootId}-${++this.segmentNo}`;
      try {
        await this.options.wal.append(id, segment);
        this.logged.set(id, segment);
        this.scheduleFlush(this.flushDelayMs);
      } catch (error) {
        // No room in the log: write these counts straight to the database instead.
        this.options.health.report('usage-log', error);
        try {
          await this.write([], [segment]);
        } catch (dbError) {
          this.options.health.report('usage', dbError);
          for (const b of segment.batches) this.inflight.delete(b);
          for (const w of waiting) w.reject(new Error('Usage could not be saved; send it again'));
          continue;
        }
      }
      for (const b of segment.batches) {
        this.seen.add(b);
        this.inflight.delete(b);
      }
      for (const w of waiting) w.resolve();
    }
  }

  private scheduleFlush(delay: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  private async flushOnce(): Promise<void> {
    await this.ready;
    await this.recover();
    if (!this.logged.size) return;
    const ids = [...this.logged.keys()];
    const forget = this.forget;
    this.forget = [];
    try {
      await this.write(ids, [...this.logged.values()], forget);
    } catch (error) {
      // Kept in the log and in memory: retried later, nothing lost.
      this.forget.push(...forget);
      this.options.health.report('usage', error);
      this.failures++;
      this.scheduleFlush(Math.min(60_000, this.flushDelayMs * 2 ** this.failures));
      return;
    }
    this.failures = 0;
    this.options.health.clear('usage');
    for (const id of ids) this.logged.delete(id);
    try {
      await this.options.wal.remove(ids);
      this.forget.push(...ids);
    } catch {
      // Still in the log but marked applied: the next start removes them without counting twice.
    }
  }

  private async write(ids: string[], segments: WalSegment[], forget: string[] = []): Promise<void> {
    const deltas = new Map<string, UsageDelta>();
    for (const s of segments) addDeltas(deltas, s.deltas);
    const batches = segments.flatMap((s) => s.batches);
    const { db, health } = this.options;
    const written = await writeUsage(db, {
      deltas: [...deltas.values()],
      segments: ids,
      batches,
      forget,
      now: this.now(),
    });
    if (written.quarantined) health.reportCorrupt('usage', written.quarantined, ['usage counter', 'usage counters']);
  }

  /** Picks up what a stopped worker left in the log, skipping what a flush had already applied. */
  private recover(): Promise<void> {
    if (this.recovered) return Promise.resolve();
    this.recovering ??= this.recoverOnce().finally(() => {
      this.recovering = null;
    });
    return this.recovering;
  }

  private async recoverOnce(): Promise<void> {
    const { db, wal, health } = this.options;
    try {
      const { unapplied, counted, forget } = await recoverLog(db, wal, this.now());
      for (const [id, segment] of unapplied) this.logged.set(id, segment);
      for (const b of counted) this.seen.add(b);
      this.forget = forget;
      this.recovered = true;
      if (this.logged.size) this.scheduleFlush(0);
    } catch (error) {
      health.report('usage', error);
    }
  }
}
