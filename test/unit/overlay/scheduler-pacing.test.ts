/**
 * The scheduler's pacing arithmetic, in Node: no DOM, no browser, the clock's readings passed in.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING, FRAME_MS, Pacing } from '../../../overlay/scheduler-pacing';

describe('Pacing: when the next flush may run', () => {
  it('runs the first flush at once, and the next one a frame after the last', () => {
    const pacing = new Pacing(undefined, 0);
    expect(pacing.wait(0)).toBeUndefined();
    pacing.flushing(100);
    expect(pacing.wait(100)).toBe(FRAME_MS);
    expect(pacing.wait(110)).toBe(6);
    expect(pacing.wait(100 + FRAME_MS)).toBeUndefined();
    expect(pacing.wait(500)).toBeUndefined();
  });

  it('waits the storm interval while a storm is on, however old the last flush', () => {
    const pacing = new Pacing({ stormIntervalMs: 300 }, 0);
    pacing.count(1001, 10);
    expect(pacing.storm).toBe(true);
    expect(pacing.wait(5000)).toBe(300);
  });
});

describe('Pacing: mutation storms', () => {
  // Elements added, and when (ms): a window is one second from the first count.
  it.each([
    ['at the rate', [1000], [10], false],
    ['above the rate in one window', [600, 401], [10, 900], true],
    ['the same count spread over two windows', [600, 401], [10, 1000], false],
  ] as [string, number[], number[], boolean][])('%s: storm is %s', (_name, added, at, storm) => {
    const pacing = new Pacing(undefined, 0);
    for (const [i, n] of added.entries()) pacing.count(n, at[i]!);
    expect(pacing.storm).toBe(storm);
  });

  it('ends after a whole window at or below the rate', () => {
    const pacing = new Pacing({ stormRate: 100 }, 0);
    pacing.count(200, 100);
    expect(pacing.storm).toBe(true);
    // The window that had the storm closes: still over the rate, so the storm goes on.
    pacing.count(50, 1000);
    expect(pacing.storm).toBe(true);
    // The next window held 50: calm.
    pacing.count(0, 2000);
    expect(pacing.storm).toBe(false);
  });

  it('ends after more than a window of silence', () => {
    const pacing = new Pacing({ stormRate: 100 }, 0);
    pacing.count(500, 500);
    expect(pacing.storm).toBe(true);
    pacing.count(1, 2600);
    expect(pacing.storm).toBe(false);
  });
});

describe('Pacing: engine calls in slices', () => {
  it('starts with 256 nodes a call and no cost known, so another call always fits', () => {
    const pacing = new Pacing(undefined, 0);
    expect(pacing.chunk).toBe(256);
    expect(pacing.fits(3.9, DEFAULT_TIMING.sliceMs)).toBe(true);
    expect(pacing.fits(4.1, DEFAULT_TIMING.sliceMs)).toBe(false);
  });

  it('sizes the chunk to half a slice from the measured cost per node', () => {
    const pacing = new Pacing({ sliceMs: 4 }, 0);
    // 256 nodes in 12.8 ms: 0.05 ms a node, so 2 ms (half a slice) is 40 nodes.
    pacing.measured(256, 12.8);
    expect(pacing.chunk).toBe(40);
    // The next call of 40 nodes (2 ms) would end at 3 ms + 2 ms: past the slice.
    expect(pacing.fits(1.9, 4)).toBe(true);
    expect(pacing.fits(2.1, 4)).toBe(false);
  });

  it('averages the cost, so one slow call does not collapse the chunk', () => {
    const pacing = new Pacing({ sliceMs: 4 }, 0);
    pacing.measured(256, 2.56); // 0.01 ms a node: 200 nodes in half a slice
    expect(pacing.chunk).toBe(200);
    pacing.measured(200, 20); // 0.1 ms a node once: the average is 0.037
    expect(pacing.chunk).toBe(54);
  });

  it('keeps the chunk between 16 and 4,096 nodes', () => {
    const slow = new Pacing(undefined, 0);
    slow.measured(256, 1000);
    expect(slow.chunk).toBe(16);
    const fast = new Pacing(undefined, 0);
    fast.measured(256, 0);
    expect(fast.chunk).toBe(4096);
  });

  it('leaves the chunk alone after a small, quick call', () => {
    const pacing = new Pacing(undefined, 0);
    pacing.measured(10, 0.1);
    expect(pacing.chunk).toBe(256);
    pacing.measured(0, 3);
    expect(pacing.chunk).toBe(256);
  });
});
