import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { notifyPanels } from '../../background/pages';
import type { PickRecord } from '../../messaging/areas/picker';
import { noticePages, onPageNotice, type PageNotice } from '../../messaging/page-notices';
import { watchPicks } from '../../pages/lib/picks';

const pick = { sessionId: 's1', tabId: 3, status: 'picking', startedAt: 1 } as unknown as PickRecord;
const stops: AbortController[] = [];

/** Notices heard on the channel, as an extension page hears them. */
function hear(): { notices: PageNotice[]; stop: AbortController } {
  const notices: PageNotice[] = [];
  const stop = new AbortController();
  stops.push(stop);
  onPageNotice((n) => notices.push(n), stop.signal);
  return { notices, stop };
}

/** Resolves once `ready` holds (channel messages arrive as tasks, not at once). */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ready()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`Waited in vain for ${what}`);
}

afterEach(() => {
  for (const stop of stops.splice(0)) stop.abort();
});

describe('page notices', () => {
  it('reach every listening page, on a channel of their own', async () => {
    const [a, b] = [hear(), hear()];
    noticePages({ type: 'panel.changed', tabId: 4 });
    await until(() => a.notices.length === 1 && b.notices.length === 1, 'both pages to hear the notice');
    expect(a.notices).toEqual([{ type: 'panel.changed', tabId: 4 }]);
    expect(b.notices).toEqual([{ type: 'panel.changed', tabId: 4 }]);
  });

  it('stop when the page stops listening', async () => {
    const [gone, kept] = [hear(), hear()];
    gone.stop.abort();
    noticePages({ type: 'panel.changed' });
    await until(() => kept.notices.length === 1, 'the page still listening to hear the notice');
    expect(gone.notices).toEqual([]);
  });

  it('are not runtime messages, so pages hear no content script messages', async () => {
    const sent: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener((m: unknown) => {
      sent.push(m);
    });
    const page = hear();
    notifyPanels(7);
    await until(() => page.notices.length === 1, 'the panel notice');
    expect(page.notices).toEqual([{ type: 'panel.changed', tabId: 7 }]);
    expect(sent).toEqual([]);
  });

  it('tell the picker pages of a pick, and nothing else', async () => {
    const picks: PickRecord[] = [];
    const stop = new AbortController();
    stops.push(stop);
    watchPicks((p) => picks.push(p), stop.signal);
    // No runtime listener: a content script's message (a usage batch) is not handed to the page.
    expect(await fakeBrowser.runtime.onMessage.trigger({ type: 'usage.record', events: [] }, {})).toEqual([]);
    const all = hear();
    noticePages({ type: 'panel.changed' });
    noticePages({ type: 'picker.changed', pick });
    await until(() => all.notices.length === 2 && picks.length === 1, 'the pick to be heard');
    expect(picks).toEqual([pick]);
  });
});

describe('extension pages', () => {
  it('listen to no runtime messages (the overlay sends the background many)', () => {
    const root = resolve(import.meta.dirname, '../..');
    const listening = ['pages', 'components']
      .flatMap((dir) => readdirSync(resolve(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)))
      .filter((f) => /\.tsx?$/.test(f) && readFileSync(resolve(root, f), 'utf8').includes('runtime.onMessage'));
    expect(listening).toEqual([]);
  });
});
