/**
 * A draft under test follows its edits, through the real router and handlers on a real
 * (in-memory) IndexedDB: each saved change without problems becomes what its tab tests, the tab
 * is loaded again once the typing pauses, and a walkthrough keeps its place where it can.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { placeIn } from '../../background/testing';
import type { OverlayState, RuleProgress } from '../../messaging/messages';
import type { Rule } from '../../rules/index';
import { draftBackground, overlay, PAGE } from './draft-harness';

const step = (id: string, title: string) => ({ id, title, brief: `${title}.`, target: { selector: `#${id}` } });
const tour = (...steps: ReturnType<typeof step>[]): Rule => ({
  id: 'edit-tour',
  name: 'Editing an account',
  kind: 'walkthrough',
  status: 'draft',
  where: { urls: [{ pathname: '/accounts/:id' }] },
  start: 'auto',
  steps,
});
const A = step('a', 'Open');
const B = step('b', 'Change');
const C = step('c', 'Save');
const active = (stepIndex: number, shown?: number[]): RuleProgress => ({
  stepIndex,
  status: 'active',
  updatedAt: 1,
  ...(shown && { shown }),
});

describe('the place kept in a walkthrough under test', () => {
  it.each([
    ['the same step, moved', tour(A, B, C), tour(B, A, C), active(1, [0, 1]), active(0, [0, 1])],
    ['the same step, renamed', tour(A, B, C), tour(A, { ...B, title: 'Edit' }, C), active(1), active(1)],
    ['a step added before it', tour(A, B), tour(C, A, B), active(1), active(2)],
    ['its step deleted: the one in its place', tour(A, B, C), tour(A, C), active(1), active(1)],
    ['its step deleted, the last: the new last', tour(A, B, C), tour(A, B), active(2), active(1)],
  ])('%s', (_words, before, after, progress, expected) => {
    expect(placeIn(before, after, progress)).toEqual(expected);
  });

  it('has no place to keep for a finished or closed run, a tip, or no run at all', () => {
    expect(placeIn(tour(A, B), tour(A, B), { ...active(1), status: 'completed' })).toBeUndefined();
    expect(placeIn(tour(A, B), tour(A, B), { ...active(1), status: 'dismissed' })).toBeUndefined();
    expect(placeIn(tour(A, B), { ...tour(A), kind: 'tip' }, active(0))).toBeUndefined();
    expect(placeIn(tour(A, B), tour(A, B), undefined)).toBeUndefined();
  });
});

describe('a draft under test follows its edits', () => {
  it('tests each saved change without problems, loads the tab again once the typing pauses, and keeps the step', async () => {
    const { send, reload } = draftBackground('following');
    const tab = await fakeBrowser.tabs.create({ url: PAGE });
    const tabId = tab.id!;
    const hello = () => send<OverlayState>({ type: 'overlay.hello' }, overlay(tabId));
    const titles = async () => (await hello()).rules.find((r) => r.id === 'edit-tour')?.steps.map((s) => s.title);

    // A draft not under test is only saved.
    await send({ type: 'drafts.save', id: 'edit-tour', rule: tour(A, B, C) });
    expect(reload).not.toHaveBeenCalled();
    expect(await send({ type: 'drafts.test', id: 'edit-tour', tabId })).toMatchObject({ testing: true });
    expect(reload).toHaveBeenCalledTimes(1);
    // The person goes on to the second step.
    await send({ type: 'progress.update', ruleId: 'edit-tour', stepIndex: 1, status: 'active' }, overlay(tabId));

    // A run of typing in the second step's title: the tab tests each change, and is loaded again once.
    for (const title of ['E', 'Ed', 'Edit']) {
      await send({ type: 'drafts.save', id: 'edit-tour', rule: tour(A, { ...B, title }, C) });
    }
    expect(await titles()).toEqual(['Open', 'Edit', 'Save']);
    await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(2), { timeout: 5_000 });
    expect((await hello()).progress['edit-tour']).toMatchObject({ stepIndex: 1, status: 'active' });
    expect((await send<{ test: { name: string } }>({ type: 'drafts.testing', tabId })).test.name).toBe(
      'Editing an account',
    );

    // A change with a problem is saved as a draft, but the tab keeps the last version without any.
    await send({ type: 'drafts.save', id: 'edit-tour', rule: tour(A, { ...B, title: '' }, C) });
    expect(await titles()).toEqual(['Open', 'Edit', 'Save']);
    // Put back as the tab has it: nothing to load again.
    await send({ type: 'drafts.save', id: 'edit-tour', rule: tour(A, { ...B, title: 'Edit' }, C) });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(reload).toHaveBeenCalledTimes(2);

    // The steps reordered: the place follows its step.
    await send({ type: 'drafts.save', id: 'edit-tour', rule: tour({ ...B, title: 'Edit' }, A, C) });
    expect(await titles()).toEqual(['Edit', 'Open', 'Save']);
    expect((await hello()).progress['edit-tour']).toMatchObject({ stepIndex: 0, status: 'active' });
    await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(3), { timeout: 5_000 });
    // Nothing of it reached the person's own progress.
    expect((await send<OverlayState>({ type: 'overlay.hello', url: PAGE })).progress['edit-tour']).toBeUndefined();

    // Another draft's edits leave this tab alone; once stopped, edits reach no tab.
    await send({ type: 'drafts.save', id: 'other', rule: { ...tour(A), id: 'other' } });
    expect(await send({ type: 'drafts.stopTest', tabId })).toEqual({ stopped: true });
    expect(reload).toHaveBeenCalledTimes(4);
    await send({ type: 'drafts.save', id: 'edit-tour', rule: tour(A) });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(reload).toHaveBeenCalledTimes(4);
  });
});
