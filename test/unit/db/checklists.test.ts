import { describe, expect, it } from 'vitest';
import { applyChecklistReport, readChecklistProgress } from '../../../background/db/checklists';
import type { Checklist } from '../../../rules/model';
import { freshDb } from './helpers';

const exists = (selector: string) => ({ exists: { selector } });

const onboarding: Checklist = {
  id: 'onboarding',
  title: 'First week',
  where: { urls: ['http://127.0.0.1/*'] },
  items: [
    { id: 'open', title: 'Open an account', doneWhen: exists('#account'), once: true },
    { id: 'amount', title: 'Fill in the amount', doneWhen: exists('#amount:valid') },
  ],
};
const definitions = new Map([[onboarding.id, onboarding]]);

describe('checklist progress', () => {
  it('ticks what the page met, counts each first time once, and keeps "seen once" items done elsewhere', async () => {
    const db = freshDb();
    const first = await applyChecklistReport(db, 'local', definitions, [{ id: 'onboarding', met: ['open'] }], 1);
    expect(first).toEqual({ firstDone: [{ checklistId: 'onboarding', itemId: 'open' }], completed: [], changed: true });

    // The same report again changes nothing and counts nothing.
    const again = await applyChecklistReport(db, 'local', definitions, [{ id: 'onboarding', met: ['open'] }], 2);
    expect(again).toEqual({ firstDone: [], completed: [], changed: false });

    // On another page the account is gone: a "done when seen once" item stays done.
    const both = await applyChecklistReport(db, 'local', definitions, [{ id: 'onboarding', met: ['amount'] }], 3);
    expect(both.firstDone).toEqual([{ checklistId: 'onboarding', itemId: 'amount' }]);
    expect(both.completed).toEqual(['onboarding']);
    expect(await readChecklistProgress(db, 'local', ['onboarding'])).toEqual({
      onboarding: { done: ['amount', 'open'], completedAt: 3 },
    });
  });

  it('unticks an item that is done only while its condition holds, and never counts its first time twice', async () => {
    const db = freshDb();
    await applyChecklistReport(db, 'local', definitions, [{ id: 'onboarding', met: ['amount'] }], 1);
    const undone = await applyChecklistReport(db, 'local', definitions, [{ id: 'onboarding', met: [] }], 2);
    expect(undone).toEqual({ firstDone: [], completed: [], changed: true });
    expect((await readChecklistProgress(db, 'local', ['onboarding'])).onboarding).toEqual({ done: [] });
    const redone = await applyChecklistReport(db, 'local', definitions, [{ id: 'onboarding', met: ['amount'] }], 3);
    expect(redone).toEqual({ firstDone: [], completed: [], changed: true });
    expect((await readChecklistProgress(db, 'local', ['onboarding'])).onboarding?.done).toEqual(['amount']);
  });

  it('counts a completed checklist once, even when an item is undone and done again', async () => {
    const db = freshDb();
    const all = [{ id: 'onboarding', met: ['open', 'amount'] }];
    expect((await applyChecklistReport(db, 'local', definitions, all, 1)).completed).toEqual(['onboarding']);
    await applyChecklistReport(db, 'local', definitions, [{ id: 'onboarding', met: [] }], 2);
    expect((await applyChecklistReport(db, 'local', definitions, all, 3)).completed).toEqual([]);
    expect((await readChecklistProgress(db, 'local', ['onboarding'])).onboarding?.completedAt).toBe(1);
  });

  it('keeps progress per person, and ignores checklists and items it does not know', async () => {
    const db = freshDb();
    const report = [
      { id: 'onboarding', met: ['open', 'no-such-item'] },
      { id: 'no-such-checklist', met: ['x'] },
    ];
    const changes = await applyChecklistReport(db, 'ana', definitions, report, 1);
    expect(changes.firstDone).toEqual([{ checklistId: 'onboarding', itemId: 'open' }]);
    expect(await readChecklistProgress(db, 'ana', ['onboarding', 'no-such-checklist'])).toEqual({
      onboarding: { done: ['open'] },
      'no-such-checklist': { done: [] },
    });
    expect((await readChecklistProgress(db, 'ben', ['onboarding'])).onboarding).toEqual({ done: [] });
  });
});
