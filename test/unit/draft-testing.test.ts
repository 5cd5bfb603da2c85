/**
 * Testing a draft in place, on the background's side, through the real router and handlers on a
 * real (in-memory) IndexedDB: the draft joins its tab's hello with a marker, replaces a published
 * rule of its id there only, and nothing the overlay reports about it reaches the database.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { OverlayState } from '../../messaging/messages';
import { draftBackground, overlay, PAGE } from './draft-harness';

const DRAFT = {
  id: 'call-tip',
  name: 'Calls, draft',
  kind: 'tip',
  status: 'draft',
  where: { urls: [{ pathname: '/accounts/:id' }] },
  start: 'auto',
  steps: [{ id: 'step-1', title: 'New words', brief: 'Draft text.', target: { selector: '#log-call' } }],
};

describe('testing a draft in place', () => {
  it('adds the draft to its tab only, with the marker, and keeps its usage, progress and closing out of the database', async () => {
    const { store, send, reload } = draftBackground('testing');
    const tested = await fakeBrowser.tabs.create({ url: PAGE });
    const other = await fakeBrowser.tabs.create({ url: PAGE });

    // With a problem it is not tested, and says where.
    await send({ type: 'drafts.save', id: DRAFT.id, rule: { ...DRAFT, steps: [{ ...DRAFT.steps[0], brief: '' }] } });
    const refused = await send<{ testing: false; problems: { path: string }[] }>({
      type: 'drafts.test',
      id: DRAFT.id,
      tabId: tested.id,
    });
    expect(refused).toEqual({ testing: false, problems: [{ path: 'steps[0].brief', message: 'must not be empty' }] });
    expect(reload).not.toHaveBeenCalled();

    await send({ type: 'drafts.save', id: DRAFT.id, rule: DRAFT });
    expect(await send({ type: 'drafts.test', id: DRAFT.id, tabId: tested.id })).toEqual({
      testing: true,
      matchesPage: true,
    });
    expect(reload).toHaveBeenCalledWith(tested.id);

    const hello = await send<OverlayState>({ type: 'overlay.hello' }, overlay(tested.id!));
    expect(hello.rules.map((r) => [r.id, r.status, r.steps[0]?.title])).toEqual([
      ['call-tip', 'published', 'New words'],
    ]);
    expect(hello.testing).toEqual({ ruleId: 'call-tip', name: 'Calls, draft', kind: 'tip' });
    const elsewhere = await send<OverlayState>({ type: 'overlay.hello' }, overlay(other.id!));
    expect(elsewhere.rules).toEqual([]);
    expect(elsewhere.testing).toBeUndefined();

    // What the overlay reports about the draft stays out of the database; other rules' counts go in.
    const counted = await send<{ counted: number }>(
      {
        type: 'usage.record',
        events: [
          { ruleId: 'call-tip', stepId: 'step-1', event: 'shown' },
          { ruleId: 'other-rule', stepId: 'step-1', event: 'shown' },
        ],
        batchId: 'b1',
      },
      overlay(tested.id!),
    );
    expect(counted.counted).toBe(1);
    await send({ type: 'tip.dismissed', ruleId: 'call-tip' }, overlay(tested.id!));
    await send({ type: 'progress.update', ruleId: 'call-tip', stepIndex: 0, status: 'active' }, overlay(tested.id!));
    const { counters } = await send<{ counters: { ruleId: string }[] }>({ type: 'usage.export' });
    expect(counters.map((c) => c.ruleId)).toEqual(['other-rule']);
    expect(await store.db.dismissedTips.count()).toBe(0);
    expect(
      (await send<OverlayState>({ type: 'overlay.hello' }, overlay(tested.id!))).progress['call-tip'],
    ).toMatchObject({ stepIndex: 0, status: 'active' });
    expect((await send<OverlayState>({ type: 'overlay.hello', url: PAGE })).progress['call-tip']).toBeUndefined();

    // The marker's "Stop testing", from the page: gone from the hello, the page loaded again.
    expect(await send({ type: 'test.stop' }, overlay(tested.id!))).toEqual({ stopped: true });
    expect(reload).toHaveBeenCalledTimes(2);
    expect((await send<OverlayState>({ type: 'overlay.hello' }, overlay(tested.id!))).testing).toBeUndefined();
    expect(await send({ type: 'drafts.testing', tabId: tested.id })).toEqual({ test: null });
  });
});
