import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { MAX_ACTIONS, type RecordingState, Recordings } from '../../background/recording';
import { Store } from '../../background/store';
import type { Rule } from '../../rules/index';

const CRM = 'https://crm.example.com';

/** A recording started in tab 7, as `recording.start` leaves it in session storage. */
async function started(): Promise<RecordingState> {
  const state: RecordingState = {
    sessionId: 's-1',
    tabId: 7,
    startedAt: 0,
    startUrl: `${CRM}/accounts/3`,
    actions: [],
  };
  await fakeBrowser.storage.session.set({ recording: state });
  return state;
}

const click = {
  kind: 'click',
  target: { selector: '#new-opportunity' },
  name: 'New opportunity',
  role: 'link',
} as const;
const fill = { kind: 'fill', target: { selector: '#opp-name' }, name: 'Opportunity name', role: 'textbox' } as const;

describe('the recording in the background', () => {
  it('carries on after the worker restarts (it is in storage), and Stop makes the draft', async () => {
    await started();
    const store = new Store({ dbName: `recording-${crypto.randomUUID()}`, now: () => Date.UTC(2026, 11, 2) });
    const first = new Recordings(store);
    expect(await first.add('s-1', 7, `${CRM}/accounts/3`, click)).toEqual({ steps: 1, recording: true });
    await first.navigated(7, `${CRM}/opportunities/new?account=3`);
    // The same URL again (a page load after the route change) is one navigation.
    await first.navigated(7, `${CRM}/opportunities/new?account=3`);

    // A new worker: a new instance, reading what the old one kept.
    const second = new Recordings(store);
    expect(await second.status()).toMatchObject({ sessionId: 's-1', tabId: 7, steps: 1 });
    expect(await second.add('s-1', 7, `${CRM}/opportunities/new?account=3`, fill)).toEqual({
      steps: 2,
      recording: true,
    });
    expect(await second.add('s-1', 7, `${CRM}/opportunities/new?account=3`, fill)).toEqual({
      steps: 2,
      recording: true,
    });
    // Another tab, another session, or no page: not this recording's.
    expect(await second.add('s-1', 8, `${CRM}/x`, click)).toEqual({ steps: 0, recording: false });
    expect(await second.add('s-2', 7, `${CRM}/x`, click)).toEqual({ steps: 0, recording: false });
    expect(await second.add('s-1', 7, undefined, click)).toEqual({ steps: 0, recording: false });
    await second.navigated(8, `${CRM}/elsewhere`);

    const result = await second.stop({ tabId: 7 }, false);
    expect(result.steps).toBe(2);
    const draft = await store.db.drafts.get(result.draftId!);
    const rule = draft!.rule as Rule;
    expect(rule.steps.map((s) => s.advance)).toEqual([{ url: { pathname: '/opportunities/new' } }, 'input-target']);
    expect(draft!.origin).toBe(CRM);
    expect(await fakeBrowser.storage.session.get('recording')).toEqual({});
    expect(await second.status()).toBe(null);
  });

  it('hears a route change from the next action, a page load from its hello, and where the tab is at Stop', async () => {
    await started();
    const store = new Store({ dbName: `recording-${crypto.randomUUID()}` });
    const recordings = new Recordings(store);
    await recordings.add('s-1', 7, `${CRM}/accounts/3`, click);
    // The app changed its route, then the author filled a field there: the click led there.
    await recordings.add('s-1', 7, `${CRM}/opportunities/new`, fill);
    // A page loaded in another tab changes nothing; one in the recording's tab is where it went.
    await recordings.pageLoaded(8, `${CRM}/elsewhere`);
    await recordings.pageLoaded(7, `${CRM}/opportunities/42`);
    // Stopped where the tab is now (as the browser names it): after another route change.
    const tab = await fakeBrowser.tabs.create({ url: `${CRM}/opportunities/42/edit` });
    await fakeBrowser.storage.session.set({
      recording: {
        ...((await fakeBrowser.storage.session.get('recording')).recording as RecordingState),
        tabId: tab.id,
      },
    });
    const fresh = new Recordings(store);
    const result = await fresh.stop({ tabId: tab.id! }, false);
    const rule = (await store.db.drafts.get(result.draftId!))!.rule as Rule;
    expect(rule.steps.map((s) => s.advance)).toEqual([
      { url: { pathname: '/opportunities/new' } },
      // The fill's page led on to the record, then to its edit form, where the tab was at Stop.
      { url: { pathname: '/opportunities/:id/edit' } },
    ]);
  });

  it('makes no draft of a recording with nothing in it, and keeps a closed tab’s recording as a draft', async () => {
    await started();
    const store = new Store({ dbName: `recording-${crypto.randomUUID()}` });
    const recordings = new Recordings(store);
    expect(await recordings.stop({ sessionId: 's-1', tabId: 7 }, false)).toEqual({ draftId: null, steps: 0 });
    expect(await store.db.drafts.count()).toBe(0);

    await started();
    const again = new Recordings(store);
    await again.add('s-1', 7, `${CRM}/accounts/3`, click);
    await again.closed(7);
    expect(await store.db.drafts.count()).toBe(1);
    expect(await again.status()).toBe(null);
  });

  it('refuses more than its limit, with words that say what to do', async () => {
    const state = await started();
    state.actions = Array.from({ length: MAX_ACTIONS }, () => ({ ...click, url: `${CRM}/accounts/3` }));
    await fakeBrowser.storage.session.set({ recording: state });
    const recordings = new Recordings(new Store({ dbName: `recording-${crypto.randomUUID()}` }));
    await expect(recordings.add('s-1', 7, `${CRM}/accounts/3`, click)).rejects.toThrow(/recording is full/);
  });
});
