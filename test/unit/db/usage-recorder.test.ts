import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { StepwiseDatabase } from '../../../background/db/database';
import { StoreHealth } from '../../../background/db/health';
import { UsageRecorder } from '../../../background/usage/recorder';
import { storageWriteAheadLog, type WriteAheadLog } from '../../../background/usage/write-ahead';
import { freshDb } from './helpers';

const NOW = Date.UTC(2025, 2, 14, 9, 30);
const shown = (ruleId: string, stepId?: string) => ({ ruleId, event: 'shown' as const, ...(stepId && { stepId }) });

/** A recorder that only flushes when told to, as in a worker the test "kills" by dropping it. */
function recorder(db: StepwiseDatabase, wal: WriteAheadLog = storageWriteAheadLog(), health = new StoreHealth()) {
  return new UsageRecorder({ db, wal, health, now: () => NOW, flushDelayMs: 3_600_000 });
}

async function total(db: StepwiseDatabase): Promise<number> {
  return (await db.usage.toArray()).reduce((sum, c) => sum + c.count, 0);
}

async function walSize(): Promise<number> {
  return Object.keys(await fakeBrowser.storage.local.get(null)).length;
}

describe('usage recorder', () => {
  it('sums events per (rule, step, event, day) and writes them in one transaction per flush', async () => {
    const db = freshDb();
    const usage = recorder(db);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        usage.record([shown('tour', `s${i % 3}`), shown('tip'), { ruleId: 'tour', event: 'completed' }]),
      ),
    );
    const before = db.stats.readwrite;
    await usage.flush();
    expect(db.stats.readwrite - before).toBe(1);
    const counters = await db.usage.orderBy('[ruleId+stepId+event+day]').toArray();
    expect(counters.map((c) => [c.ruleId, c.stepId, c.event, c.day, c.count])).toEqual([
      ['tip', '', 'shown', '2025-03-14', 100],
      ['tour', '', 'completed', '2025-03-14', 100],
      ['tour', 's0', 'shown', '2025-03-14', 34],
      ['tour', 's1', 'shown', '2025-03-14', 33],
      ['tour', 's2', 'shown', '2025-03-14', 33],
    ]);
    expect(await walSize()).toBe(0);
  });

  it('groups concurrent messages into few log appends', async () => {
    const wal = storageWriteAheadLog();
    const append = vi.spyOn(wal, 'append');
    const usage = recorder(freshDb(), wal);
    await Promise.all(Array.from({ length: 200 }, () => usage.record([shown('tour')])));
    expect(append.mock.calls.length).toBeLessThan(20);
  });

  it('appends each flush to the outbox under the next sequence number, in the same transaction', async () => {
    const db = freshDb();
    const usage = recorder(db);
    await usage.record([shown('a'), shown('a')]);
    await usage.flush();
    await usage.record([shown('b')]);
    await usage.flush();
    await usage.flush(); // nothing new: no empty batch
    const outbox = await db.outbox.toArray();
    const client = (await db.settings.get('client.id'))?.value;
    expect(outbox).toEqual([
      {
        seq: 1,
        batchId: `${client}:1`,
        createdAt: NOW,
        kind: 'usage',
        deltas: [{ ruleId: 'a', stepId: '', event: 'shown', day: '2025-03-14', count: 2 }],
      },
      {
        seq: 2,
        batchId: `${client}:2`,
        createdAt: NOW,
        kind: 'usage',
        deltas: [{ ruleId: 'b', stepId: '', event: 'shown', day: '2025-03-14', count: 1 }],
      },
    ]);
  });

  it('keeps counting numbers after the outbox was pushed and emptied', async () => {
    const db = freshDb();
    const usage = recorder(db);
    await usage.record([shown('a')]);
    await usage.flush();
    await db.outbox.clear();
    await usage.record([shown('a')]);
    await usage.flush();
    expect((await db.outbox.toArray()).map((o) => o.seq)).toEqual([2]);
  });

  it('loses nothing when the worker stops before a flush: the next one applies the log', async () => {
    const db = freshDb();
    const first = recorder(db);
    for (let i = 0; i < 50; i++) await first.record([shown('tour')], `batch-${i}`);
    expect(await total(db)).toBe(0); // still only in the log
    const next = recorder(db); // the worker started again
    await next.flush();
    expect(await total(db)).toBe(50);
    expect(await walSize()).toBe(0);
  });

  it('does not count twice when a worker stopped after a flush but before clearing the log', async () => {
    const db = freshDb();
    const wal = storageWriteAheadLog();
    const first = recorder(db, wal);
    await first.record([shown('tour'), shown('tour')]);
    vi.spyOn(wal, 'remove').mockRejectedValueOnce(new Error('worker stopped'));
    await first.flush();
    expect(await walSize()).toBe(1);
    const next = recorder(db, storageWriteAheadLog());
    await next.record([shown('tour')]);
    await next.flush();
    expect(await total(db)).toBe(3);
    expect(await walSize()).toBe(0);
    await next.record([shown('tour')]);
    await next.flush();
    expect(await db.walApplied.count()).toBe(1); // marks of removed segments are forgotten
  });

  it('counts a batch sent again once, before and after a flush and across a restart', async () => {
    const db = freshDb();
    const first = recorder(db);
    expect(await first.record([shown('tour')], 'tab-1:1')).toEqual({ counted: 1, duplicate: false });
    const [again, concurrent] = await Promise.all([
      first.record([shown('tour')], 'tab-1:1'),
      first.record([shown('tour')], 'tab-1:2'),
    ]);
    expect(again.duplicate).toBe(true);
    expect(concurrent.duplicate).toBe(false);
    const restarted = recorder(db);
    expect((await restarted.record([shown('tour')], 'tab-1:2')).duplicate).toBe(true);
    await restarted.flush();
    const afterFlush = recorder(db);
    expect((await afterFlush.record([shown('tour')], 'tab-1:1')).duplicate).toBe(true);
    await afterFlush.flush();
    expect(await total(db)).toBe(2);
  });

  it('writes straight to the database when the log has no room', async () => {
    const db = freshDb();
    const wal = storageWriteAheadLog();
    vi.spyOn(wal, 'append').mockRejectedValue(new DOMException('Quota exceeded', 'QuotaExceededError'));
    const health = new StoreHealth();
    const usage = recorder(db, wal, health);
    expect(await usage.record([shown('tour'), shown('tour')])).toEqual({ counted: 2, duplicate: false });
    expect(await total(db)).toBe(2);
    expect(health.list()).toEqual([expect.objectContaining({ area: 'usage-log', kind: 'quota' })]);
  });

  it('keeps counts through a failing flush, says why, and writes them once the database works', async () => {
    const db = freshDb();
    const health = new StoreHealth();
    const usage = recorder(db, storageWriteAheadLog(), health);
    await usage.record([shown('tour')]);
    vi.spyOn(db.usage, 'bulkPut').mockRejectedValueOnce(new DOMException('Quota exceeded', 'QuotaExceededError'));
    await usage.flush();
    expect(await total(db)).toBe(0);
    expect(usage.unflushed).toBe(1);
    const [problem] = health.list();
    expect(problem).toMatchObject({ area: 'usage', kind: 'quota' });
    expect(problem?.action).toMatch(/Free some disk space/);
    await usage.record([shown('tour')]);
    await usage.flush();
    expect(await total(db)).toBe(2);
    expect(health.list()).toEqual([]);
    expect(await db.outbox.count()).toBe(1);
  });

  it('sets an unreadable counter aside and counts on from the new events', async () => {
    const db = freshDb();
    const health = new StoreHealth();
    await db.usage.put({ ruleId: 'tour', stepId: '', event: 'shown', day: '2025-03-14', count: Number.NaN });
    const usage = recorder(db, storageWriteAheadLog(), health);
    await usage.record([shown('tour'), shown('tour')]);
    await usage.flush();
    expect((await db.usage.toArray())[0]?.count).toBe(2);
    expect(await db.quarantine.toArray()).toEqual([
      expect.objectContaining({
        table: 'usage',
        reason: 'count is not a number',
        value: expect.objectContaining({ ruleId: 'tour' }),
      }),
    ]);
    expect(health.list()[0]?.message).toBe('1 saved usage counter could not be read and was set aside.');
  });
});
