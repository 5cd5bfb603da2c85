/**
 * The popup's side of personal tips: each edit saved in order with only the newest waiting one
 * written (the popup closes on a page click), and a suggestion's state in words for its author.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PersonalTip, TipSuggestion } from '../../messaging/messages';

const writes: { title: string; text: string }[] = [];
let release: (() => void) | null = null;
vi.mock('../../messaging/send', () => ({
  sendMessage: vi.fn(async (message: { id: string; title: string; text: string }) => {
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    writes.push({ title: message.title, text: message.text });
    return { tip: { id: message.id, title: message.title, text: message.text, updatedAt: writes.length } };
  }),
}));

const { TipSaver, suggestionWords, tipLabel } = await import('../../pages/lib/tips');

describe('saving a tip as it is typed', () => {
  it('writes edits in order, only the newest of those waiting, and flushes before a suggestion', async () => {
    const states: string[] = [];
    const saver = new TipSaver('t1', (s) => states.push(s.status));
    void saver.save({ title: '', text: 'a' });
    await vi.waitFor(() => expect(release).not.toBeNull());
    void saver.save({ title: '', text: 'ab' });
    void saver.save({ title: 'T', text: 'abc' });
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
    expect(writes).toEqual([
      { title: '', text: 'a' },
      { title: 'T', text: 'abc' },
    ]);
    expect(states.at(-1)).toBe('saved');
  });
});

describe('a suggestion in words', () => {
  const tip = (suggestion?: Partial<TipSuggestion>, words: Partial<PersonalTip> = {}) =>
    ({
      id: 't',
      title: '',
      text: 'Write who you spoke to.',
      ...words,
      ...(suggestion && { suggestion: { id: 's', suggestedAt: 1, status: 'queued', ...suggestion } }),
    }) as PersonalTip;

  it.each([
    [undefined, false, 'Only you see this tip.'],
    [{ status: 'queued' as const }, false, 'it will be sent once a team server is connected'],
    [{ status: 'queued' as const }, true, 'it goes to your team’s server with the next sync'],
    [{ status: 'sent' as const }, true, 'your team’s server has it'],
    [{ status: 'published' as const, packId: 'team-tips' }, true, 'published it in the pack “team-tips”'],
    [
      { status: 'declined' as const, note: 'Covered by the tour.' },
      true,
      'declined it: “Covered by the tour.” It still shows to you.',
    ],
  ])('%j (connected: %s) says "%s"', (suggestion, connected, words) => {
    expect(suggestionWords(tip(suggestion), connected)).toContain(words);
  });

  it('names a tip by its title, else the start of its text, else says it has no words', () => {
    expect(tipLabel(tip(undefined, { title: 'Calls' }))).toBe('Calls');
    expect(tipLabel(tip(undefined, { text: `  ${'word '.repeat(20)}` }))).toMatch(/^word word .*…$/);
    expect(tipLabel(tip(undefined, { text: '' }))).toBe('A tip with no words yet');
  });
});
