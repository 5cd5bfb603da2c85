// @vitest-environment happy-dom
/**
 * The side panel hears every change to what its tab shows, including one said while the views take
 * over from the opening: a notice on its way then used to be lost (the opening closed its channel
 * and the views opened another), and the panel kept saying "Checking this page…".
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { PanelState } from '../../../messaging/areas/panel';
import { noticePages } from '../../../messaging/page-notices';
import { watchTab } from '../../../pages/sidepanel/tab-watch';
import type { Loaded } from '../../../pages/sidepanel/use-panel';
import { usePanelState } from '../../../pages/sidepanel/use-panel';

const asked: number[] = [];
vi.mock('../../../messaging/send', () => ({
  sendMessage: vi.fn(async (message: { type: string; tabId: number }) => {
    asked.push(message.tabId);
    return state('ready');
  }),
}));

function state(status: PanelState['status']): PanelState {
  return {
    tab: { id: 7, url: 'http://127.0.0.1/reports' },
    status,
    packs: 1,
    catalog: [],
    contentKey: 'k',
    checklists: [],
    known: [],
    completions: {},
    expertAfter: 0,
  };
}

/** Resolves once `ready` holds (channel messages and the reload's pause are tasks, not at once). */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ready()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`Waited in vain for ${what}`);
}

const roots: HTMLElement[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) render(null, root);
  asked.length = 0;
});

/** Mounts a view of `usePanelState` and returns what it shows, as it changes. */
function mount(tabId: number, first: Parameters<typeof usePanelState>[1]): { shown: () => Loaded | undefined } {
  let shown: Loaded | undefined;
  function View() {
    [shown] = usePanelState(tabId, first);
    return null;
  }
  const root = document.createElement('div');
  roots.push(root);
  // `act` runs the effects at once: the views take the watch over before the notice is delivered.
  act(() => render(<View />, root));
  return { shown: () => shown };
}

describe('side panel: what changed while it opened', () => {
  it('loads again on a notice said just before the views took over from the opening', async () => {
    const checking = state('checking');
    const watch = watchTab(7);
    // The page's answer comes while the views load: its notice is on its way as they take over.
    noticePages({ type: 'panel.changed', tabId: 7 });
    const view = mount(7, { tabId: 7, state: Promise.resolve(checking), answer: checking, watch });
    expect(view.shown()).toMatchObject({ status: 'checking' });
    await until(() => (view.shown() as PanelState | undefined)?.status === 'ready', 'the panel to ask again');
    expect(asked).toEqual([7]);
  });

  it('loads again on a navigation of the tab before the views took over, and on those after', async () => {
    const checking = state('checking');
    const watch = watchTab(7);
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'loading' }, {} as never);
    const view = mount(7, { tabId: 7, state: Promise.resolve(checking), answer: checking, watch });
    await until(() => asked.length === 1, 'the panel to ask again');
    // Another tab's navigation is none of its business; its own tab's is.
    await fakeBrowser.tabs.onUpdated.trigger(8, { status: 'complete' }, {} as never);
    noticePages({ type: 'panel.changed', tabId: 8 });
    await new Promise((r) => setTimeout(r, 80));
    expect(asked).toEqual([7]);
    noticePages({ type: 'panel.changed', tabId: 7 });
    await until(() => asked.length === 2, 'the panel to ask after the next notice');
    expect(view.shown()).toMatchObject({ status: 'ready' });
  });

  it('stops the watch with the views, and a stopped watch calls nobody', async () => {
    const heard: string[] = [];
    const watch = watchTab(7);
    watch.hand(() => heard.push('change'));
    noticePages({ type: 'panel.changed' });
    await until(() => heard.length === 1, 'the change');
    watch.stop();
    noticePages({ type: 'panel.changed' });
    await fakeBrowser.tabs.onUpdated.trigger(7, { url: 'http://127.0.0.1/x' }, {} as never);
    await new Promise((r) => setTimeout(r, 30));
    expect(heard).toEqual(['change']);
  });
});
