/**
 * The tab an unpinned side panel helps with: the active tab of its own window, never the panel's
 * own tab (when it is opened as one).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { activeTabBeside } from '../../../pages/sidepanel/opening';

type Tab = { id: number; windowId: number; active: boolean; url: string };

/** The browser's answers: `tabs` in their windows, the panel in `self` (a tab) or in a side panel. */
function browserWith(tabs: Tab[], current: number, self?: number) {
  vi.spyOn(fakeBrowser.tabs, 'getCurrent').mockImplementation(
    async () => (self === undefined ? undefined : tabs.find((t) => t.id === self)) as never,
  );
  vi.spyOn(fakeBrowser.windows, 'getCurrent').mockImplementation(async () => ({ id: current }) as never);
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(
    async (q: { active?: boolean; currentWindow?: boolean; windowId?: number }) =>
      tabs.filter(
        (t) =>
          (q.active === undefined || t.active === q.active) &&
          (!q.currentWindow || t.windowId === current) &&
          (q.windowId === undefined || t.windowId === q.windowId),
      ) as never,
  );
}

describe('the tab beside the side panel', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('is the active tab of the panel’s own window', async () => {
    browserWith(
      [
        { id: 1, windowId: 10, active: true, url: 'http://127.0.0.1/a' },
        { id: 2, windowId: 20, active: true, url: 'http://127.0.0.1/b' },
        { id: 3, windowId: 20, active: false, url: 'http://127.0.0.1/c' },
      ],
      20,
    );
    expect(await activeTabBeside()).toEqual({
      tabId: 2,
      url: 'http://127.0.0.1/b',
      where: { windowId: 20, self: undefined },
    });
  });

  it('is none when the active tab is the panel itself, and the window is still known', async () => {
    browserWith(
      [
        { id: 4, windowId: 30, active: true, url: 'chrome-extension://x/sidepanel.html' },
        { id: 5, windowId: 30, active: false, url: 'http://127.0.0.1/a' },
      ],
      30,
      4,
    );
    expect(await activeTabBeside()).toEqual({ tabId: null, where: { windowId: 30, self: 4 } });
  });
});
