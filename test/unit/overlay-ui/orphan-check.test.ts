// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Lifetime } from '../../../overlay/lifetime';
import { FIRST_CHECK_MS, LONGEST_CHECK_MS, OrphanCheck } from '../../../overlay-ui/orphan-check';

/** A lifetime whose extension is there until `gone()`, counting how often it was asked. */
function lifetime() {
  let alive = true;
  let asked = 0;
  const ctx = new Lifetime(() => {
    asked++;
    return alive;
  });
  return { ctx, asked: () => asked, gone: () => (alive = false) };
}

describe('OrphanCheck', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks every two seconds at first, then less often while nothing happens, up to half a minute', async () => {
    const { ctx, asked } = lifetime();
    new OrphanCheck(ctx);
    const checksAt: number[] = [];
    for (let s = 1; s <= 120; s++) {
      const before = asked();
      await vi.advanceTimersByTimeAsync(1000);
      if (asked() > before) checksAt.push(s);
    }
    expect(checksAt).toEqual([2, 6, 14, 30, 60, 90, 120]);
    expect(LONGEST_CHECK_MS).toBe(30_000);
    ctx.end();
  });

  it('comes back to every two seconds once the UI changes, without waiting for the long pause', async () => {
    const { ctx, asked } = lifetime();
    const check = new OrphanCheck(ctx);
    await vi.advanceTimersByTimeAsync(31_000); // checks at 2, 6, 14 and 30 s; the next one due at 60 s
    expect(asked()).toBe(4);
    check.changed();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_MS);
    expect(asked()).toBe(5);
    ctx.end();
  });

  it('notices at the next check that the extension is gone, ends the lifetime and stops checking', async () => {
    const { ctx, asked, gone } = lifetime();
    new OrphanCheck(ctx);
    gone();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_MS);
    expect(ctx.signal.aborted).toBe(true);
    const after = asked();
    await vi.advanceTimersByTimeAsync(10 * LONGEST_CHECK_MS);
    expect(asked()).toBe(after);
  });

  it('notices on the next touch of the page, before the long pause is over', async () => {
    const { ctx, gone } = lifetime();
    new OrphanCheck(ctx);
    await vi.advanceTimersByTimeAsync(15_000); // the next check is due at 30 s
    gone();
    window.dispatchEvent(new Event('pointerdown'));
    expect(ctx.signal.aborted).toBe(true);
  });
});
