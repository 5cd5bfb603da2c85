import { describe, expect, it } from 'vitest';
import { StoreHealth } from '../../../background/db/health';
import { dismissTip, readUserState, saveProgress, setKnown } from '../../../background/db/user-state';
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
});
