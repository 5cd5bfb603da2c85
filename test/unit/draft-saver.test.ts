import { describe, expect, it, vi } from 'vitest';

const writes: unknown[] = [];
let release: (() => void) | null = null;
vi.mock('../../messaging/send', () => ({
  sendMessage: vi.fn(async (message: { rule: unknown }) => {
    // Each write waits until the test lets it finish, as a busy background would.
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    writes.push(message.rule);
    return { updatedAt: writes.length };
  }),
}));

const { DraftSaver } = await import('../../pages/lib/drafts');

describe('draft saving', () => {
  it('flushes: resolves only once the newest edit is written, so a publish after it sees that edit', async () => {
    const saver = new DraftSaver({ id: 'd1', packId: 'p' }, () => undefined);
    void saver.save({ title: 'a' });
    await vi.waitFor(() => expect(release).not.toBeNull());
    // Two more edits while the first write is under way: only the newest waits to be written.
    void saver.save({ title: 'ab' });
    void saver.save({ title: 'abc' });
    let flushed = false;
    const flushing = saver.flush().then(() => {
      flushed = true;
    });
    const first = release!;
    release = null;
    first();
    await vi.waitFor(() => expect(release).not.toBeNull());
    expect(flushed).toBe(false);
    release!();
    await flushing;
    expect(writes).toEqual([{ title: 'a' }, { title: 'abc' }]);
  });

  it('flushes at once when nothing waits', async () => {
    const saver = new DraftSaver({ id: 'd2', packId: 'p' }, () => undefined);
    await expect(saver.flush()).resolves.toBeUndefined();
  });
});
