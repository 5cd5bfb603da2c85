import { describe, expect, it } from 'vitest';
import { StoreHealth } from '../../../background/db/health';
import {
  dismissTip,
  ROWS_BY_USER_ABOVE,
  readUserState,
  saveProgress,
  setKnown,
} from '../../../background/db/user-state';
import { freshDb } from './helpers';

describe('user state', () => {
  it('keeps resume pointers per user and counts a completion once per run', async () => {
    const db = freshDb();
    await saveProgress(db, 'local', { ruleId: 'tour', stepIndex: 1, status: 'active', url: 'http://crm/a' }, 1);
    await saveProgress(db, 'local', { ruleId: 'tour', stepIndex: 3, status: 'completed' }, 2);
    await saveProgress(db, 'local', { ruleId: 'tour', stepIndex: 3, status: 'completed' }, 3); // sent twice
    await saveProgress(db, 'local', { ruleId: 'tour', stepIndex: 0, status: 'active' }, 4);
    await saveProgress(db, 'local', { ruleId: 'tour', stepIndex: 3, status: 'completed' }, 5);
    await saveProgress(db, 'someone-else', { ruleId: 'tour', stepIndex: 2, status: 'dismissed' }, 6);
    const state = await readUserState(db, new StoreHealth(), 'local', ['tour', 'other']);
    expect(state.progress).toEqual({ tour: { stepIndex: 3, status: 'completed', updatedAt: 5 } });
    expect(state.completions).toEqual({ tour: 2 });
    const theirs = await readUserState(db, new StoreHealth(), 'someone-else', ['tour']);
    expect(theirs.progress.tour).toEqual({ stepIndex: 2, status: 'dismissed', updatedAt: 6 });
    expect(theirs.completions).toEqual({});
  });

  it('keeps "I know this" and dismissed tips, and undoes "I know this"', async () => {
    const db = freshDb();
    await setKnown(db, 'local', 'tour', true, 1);
    await setKnown(db, 'local', 'other', true, 1);
    await setKnown(db, 'local', 'other', false, 2);
    await dismissTip(db, 'local', 'tip', 3);
    const state = await readUserState(db, new StoreHealth(), 'local', ['tour', 'other', 'tip']);
    expect(state.known).toEqual(['tour']);
    expect(state.dismissedTips).toEqual(['tip']);
  });

  it('sets an unreadable resume pointer aside and reads everything else', async () => {
    const db = freshDb();
    const health = new StoreHealth();
    await saveProgress(db, 'local', { ruleId: 'good', stepIndex: 1, status: 'active' }, 1);
    await db.progress.put({ userId: 'local', ruleId: 'bad', stepIndex: -4, status: 'lost' as 'active', updatedAt: 1 });
    await dismissTip(db, 'local', 'bad', 2);
    const state = await readUserState(db, health, 'local', ['good', 'bad']);
    expect(Object.keys(state.progress)).toEqual(['good']);
    expect(state.dismissedTips).toEqual(['bad']);
    expect(await db.progress.get(['local', 'bad'])).toBeUndefined();
    expect(await db.quarantine.toArray()).toEqual([
      expect.objectContaining({
        table: 'progress',
        key: '["local","bad"]',
        value: expect.objectContaining({ stepIndex: -4 }),
      }),
    ]);
    expect(health.list()).toEqual([
      expect.objectContaining({
        kind: 'corrupt',
        message: '1 saved walkthrough position could not be read and was set aside.',
      }),
    ]);
  });

  it("reads many rules at once by user, with the same answer as rule by rule, and only that user's rows", async () => {
    const db = freshDb();
    const ids = Array.from({ length: 3 * ROWS_BY_USER_ABOVE }, (_, i) => `rule-${i}`);
    for (const [i, id] of ids.entries()) {
      if (i % 3 === 0) await saveProgress(db, 'local', { ruleId: id, stepIndex: 1, status: 'active' }, i);
      if (i % 4 === 0) await saveProgress(db, 'local', { ruleId: id, stepIndex: 2, status: 'completed' }, i);
      if (i % 5 === 0) await setKnown(db, 'local', id, true, i);
      if (i % 7 === 0) await dismissTip(db, 'local', id, i);
      // Another person's rows for every rule: never part of this one's state.
      await saveProgress(db, 'someone-else', { ruleId: id, stepIndex: 0, status: 'dismissed' }, i);
      await setKnown(db, 'someone-else', id, true, i);
    }
    await db.progress.put({ userId: 'local', ruleId: 'rule-1', stepIndex: -1, status: 'active', updatedAt: 1 });
    const health = new StoreHealth();
    // Asked in another order, with an id that has no rows and one not in the list of rows.
    const asked = [...ids.slice(0, -1).reverse(), 'never-seen'];
    expect(asked.length).toBeGreaterThan(ROWS_BY_USER_ABOVE);
    const many = await readUserState(db, health, 'local', asked);
    // The same rules asked a few at a time (one get per rule).
    const few = { progress: {}, completions: {}, known: [] as string[], dismissedTips: [] as string[] };
    for (let i = 0; i < asked.length; i += ROWS_BY_USER_ABOVE) {
      const part = await readUserState(db, health, 'local', asked.slice(i, i + ROWS_BY_USER_ABOVE));
      Object.assign(few.progress, part.progress);
      Object.assign(few.completions, part.completions);
      few.known.push(...part.known);
      few.dismissedTips.push(...part.dismissedTips);
    }
    expect(many).toEqual(few);
    expect(Object.keys(many.progress)).toHaveLength(ids.filter((_, i) => i % 3 === 0 || i % 4 === 0).length);
    expect(many.known).toEqual(asked.filter((id) => Number(id.slice(5)) % 5 === 0));
    expect(many.completions['rule-0']).toBe(1);
    expect(many.progress['rule-3']).toEqual({ stepIndex: 1, status: 'active', updatedAt: 3 });
    // The unreadable pointer was set aside on the way, as rule by rule.
    expect(many.progress['rule-1']).toBeUndefined();
    expect(await db.progress.get(['local', 'rule-1'])).toBeUndefined();
  });
});
