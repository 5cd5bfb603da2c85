/**
 * What a page reported: which rules and checklists apply there and which checklist items are met.
 * The progress it implies is saved for the person (the first time an item or a whole checklist is
 * done is counted as usage), the tab's page is remembered for the side panel, and the panel hears.
 */
import { browser } from '#imports';
import type { Checklist } from '../../rules/index';
import { applyChecklistReport } from '../db/checklists';
import { currentUser } from '../db/settings';
import { notifyPanels, OVERLAY_PANEL_FILE, tabPages } from '../pages';
import type { Handlers } from '../router';
import type { Store } from '../store';

/** The checklists by id; a later pack's checklist with an id already taken is left out. */
export function checklistsById(checklists: readonly Checklist[]): Map<string, Checklist> {
  const byId = new Map<string, Checklist>();
  for (const c of checklists) if (!byId.has(c.id)) byId.set(c.id, c);
  return byId;
}

export function checklistHandlers(store: Store): Pick<Handlers, 'page.report' | 'overlay.loadPanel'> {
  return {
    // Into the sender's own frame and the extension's isolated world, where the runtime waits for it.
    'overlay.loadPanel': async (_message, sender) => {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return { loaded: false };
      const target = { tabId, frameIds: [sender.frameId ?? 0] };
      await browser.scripting.executeScript({ target, files: [OVERLAY_PANEL_FILE] });
      return { loaded: true };
    },
    'page.report': async ({ url, rules, checklists }, sender) => {
      const tabId = sender.tab?.id;
      // Only a tab's top frame speaks for its page.
      if (sender.frameId) return { saved: true as const };
      const changes = await store.guard('progress', async () => {
        const definitions = checklistsById((await store.liveContent()).checklists);
        return applyChecklistReport(store.db, await currentUser(store.db), definitions, checklists, store.now());
      });
      const events = [
        ...changes.firstDone.map((d) => ({
          ruleId: d.checklistId,
          stepId: d.itemId,
          event: 'checklist-item-done' as const,
        })),
        ...changes.completed.map((id) => ({ ruleId: id, event: 'checklist-completed' as const })),
      ];
      if (events.length) await store.usage.record(events);
      if (tabId !== undefined) {
        const ids = checklists.map((c) => c.id);
        const page = { url, at: store.now(), scope: 'page' as const, rules, checklists: ids };
        // Not when the tab has gone on to another page since (its hello came first).
        if (await tabPages.report(tabId, { ...page, ...(sender.documentId && { document: sender.documentId }) }))
          notifyPanels(tabId);
      }
      return { saved: true as const };
    },
  };
}
