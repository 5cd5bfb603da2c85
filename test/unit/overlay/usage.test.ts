// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Send } from '../../../overlay/bridge';
import { SignalTimers } from '../../../overlay/timers';
import { UsageReporter } from '../../../overlay-ui/usage';

describe('UsageReporter', () => {
  let abort: AbortController;
  let batches: unknown[][];
  let ids: string[];
  let fail = 0;
  const send = vi.fn(async (message: { events?: unknown[]; batchId?: string }) => {
    ids.push(message.batchId ?? '');
    if (fail-- > 0) throw new Error('Could not establish connection');
    batches.push(message.events ?? []);
    return { counted: message.events?.length ?? 0 };
  }) as unknown as Send;
  const reporter = () =>
    new UsageReporter({ signal: abort.signal, isValid: true, timers: new SignalTimers(abort.signal) }, send);

  beforeEach(() => {
    vi.useFakeTimers();
    abort = new AbortController();
    batches = [];
    ids = [];
    fail = 0;
  });
  afterEach(() => {
    abort.abort();
    vi.useRealTimers();
  });

  it('sends events in one batch a moment later', async () => {
    const r = reporter();
    r.record({ ruleId: 'a', stepId: '0', event: 'shown' });
    r.record({ ruleId: 'a', stepId: '0', event: 'helpful' });
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(250);
    expect(batches).toEqual([
      [
        { ruleId: 'a', stepId: '0', event: 'shown' },
        { ruleId: 'a', stepId: '0', event: 'helpful' },
      ],
    ]);
  });

  it('sends an ending at once', async () => {
    const r = reporter();
    r.record({ ruleId: 'a', event: 'shown' });
    r.record({ ruleId: 'a', event: 'completed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([
      [
        { ruleId: 'a', event: 'shown' },
        { ruleId: 'a', event: 'completed' },
      ],
    ]);
  });

  it('sends at once when the page is hidden, even while another batch is on its way', async () => {
    let release: () => void = () => {};
    const slow = vi.fn(
      (message: { events?: unknown[] }) =>
        new Promise((resolve) => {
          release = () => {
            batches.push(message.events ?? []);
            resolve({ counted: 1 });
          };
        }),
    ) as unknown as Send;
    const r = new UsageReporter({ signal: abort.signal, isValid: true, timers: new SignalTimers(abort.signal) }, slow);
    r.record({ ruleId: 'a', event: 'completed' });
    expect(slow).toHaveBeenCalledTimes(1);
    r.record({ ruleId: 'a', event: 'helpful' });
    window.dispatchEvent(new Event('pagehide'));
    // The new batch, and the one on its way again (its reply may never come once the page is gone).
    expect(slow).toHaveBeenCalledTimes(3);
    release();
  });

  it('sends at once when the page is hidden', async () => {
    const r = reporter();
    r.record({ ruleId: 'a', event: 'shown' });
    window.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toHaveLength(1);
  });

  it('splits into messages of at most 500 events', async () => {
    const r = reporter();
    for (let i = 0; i < 1200; i++) r.record({ ruleId: 'a', event: 'shown' });
    await vi.advanceTimersByTimeAsync(250);
    expect(batches.map((b) => b.length)).toEqual([500, 500, 200]);
  });

  it('keeps events when the background cannot be reached, and sends them on the retry', async () => {
    fail = 1;
    const r = reporter();
    r.record({ ruleId: 'a', event: 'target-missing' });
    await vi.advanceTimersByTimeAsync(250);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(batches).toEqual([[{ ruleId: 'a', event: 'target-missing' }]]);
    // Resent under the same id, so the background counts it once even if the first try got through.
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    r.record({ ruleId: 'a', event: 'shown' });
    await vi.advanceTimersByTimeAsync(250);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('sends a batch waiting for its retry at once when the page is left, under its own id', async () => {
    fail = 1;
    const r = reporter();
    r.record({ ruleId: 'a', event: 'completed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([]);
    // The page goes long before the retry's 2 s: the batch goes with the page.
    await vi.advanceTimersByTimeAsync(300);
    window.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[{ ruleId: 'a', event: 'completed' }]]);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    // Confirmed: the retry timer does not send it a third time.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ids).toHaveLength(2);
  });

  it('sends a batch whose reply has not come again when the page is left', async () => {
    const sent: string[] = [];
    const never = vi.fn((message: { batchId?: string }) => {
      sent.push(message.batchId ?? '');
      return new Promise(() => {}); // the worker stopped with the message: no reply ever
    }) as unknown as Send;
    const r = new UsageReporter({ signal: abort.signal, isValid: true, timers: new SignalTimers(abort.signal) }, never);
    r.record({ ruleId: 'a', event: 'dismissed' });
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('pagehide'));
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
  });
});
