/**
 * What the side panel (and the popup) show for a tab: whether Stepwise can help on its page and
 * why not, the site's catalog of walkthroughs and tips, its checklists with the person's
 * progress, and what the page last reported.
 */
import { type Browser, browser } from '#imports';
import type { ChecklistView, PageReport } from '../../messaging/areas/checklists';
import type { PageStatus, PanelState, ToPage } from '../../messaging/areas/panel';
import type { Checklist } from '../../rules/index';
import { readChecklistProgress } from '../db/checklists';
import { tipRules } from '../db/personal-tips';
import { currentUser, readSettings } from '../db/settings';
import { readUserState } from '../db/user-state';
import { notifyPanels, OVERLAY_PANEL_FILE, type TabPage, tabPages } from '../pages';
import type { Handlers } from '../router';
import type { Store } from '../store';
import { catalogRule, catalogRules, catalogText, SiteParts } from './site-part';
import type { OriginFilter } from './store';

/** The tab, or an error in words when it is gone. */
export async function tabOf(tabId: number): Promise<Browser.tabs.Tab> {
  try {
    return await browser.tabs.get(tabId);
  } catch {
    throw new Error('That tab is closed. Switch to the tab you want help with.');
  }
}

/**
 * Runs in the page's isolated world (serialized by `scripting.executeScript`, so it refers to
 * nothing outside itself): hands `message` to the panel bundle attached to the overlay runtime.
 */
function answerInPage(message: ToPage): Promise<unknown> | undefined {
  const api = (globalThis as Record<symbol, { panel?: { command(m: ToPage): Promise<unknown> } }>)[
    Symbol.for('stepwise.runtime')
  ];
  return api?.panel?.command(message).then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error: String(error) }),
  );
}

/**
 * Asks the overlay in a tab's top frame (injecting the panel bundle there first, once); rejects
 * when Stepwise is not running on the page or cannot reach it.
 */
export async function askPage<T>(tabId: number, message: ToPage): Promise<T> {
  const target = { tabId, frameIds: [0] };
  await browser.scripting.executeScript({ target, files: [OVERLAY_PANEL_FILE] });
  const [result] = await browser.scripting.executeScript({ target, func: answerInPage, args: [message] });
  const envelope = result?.result as { ok: true; value: T } | { ok: false; error: string } | undefined | null;
  if (!envelope) throw new Error('Stepwise is not running on this page');
  if (!envelope.ok) throw new Error(envelope.error);
  return envelope.value;
}

const isPdf = (url: URL) => /\.pdf$/i.test(url.pathname);

/** How Stepwise stands on the tab's page, and the page's report when it is for the page shown now. */
async function pageStatus(
  tab: Browser.tabs.Tab,
  page: TabPage | undefined,
): Promise<{ status: PageStatus; origin?: string; page?: PanelState['page'] }> {
  let url: URL;
  try {
    url = new URL(tab.url ?? '');
  } catch {
    return { status: 'browser-page' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { status: 'browser-page' };
  // The match pattern a site is turned on with (as the popup and the options page ask for it).
  const origin = `${url.protocol}//${url.hostname}/*`;
  // Asked with that pattern, not the page's address (Firefox answered false for `http://127.0.0.1:port/path`
  // with the pattern granted).
  if (!(await browser.permissions.contains({ origins: [origin] }))) return { status: 'off', origin };
  if (isPdf(url)) return { status: 'pdf', origin };
  if (page?.scope === 'site' && new URL(page.url).origin === url.origin) {
    return { status: 'ready', origin, page: { url: url.href, rules: [], checklists: [] } };
  }
  if (page?.url === url.href && page.scope === 'page') {
    return { status: 'ready', origin, page: { url: page.url, rules: page.rules, checklists: page.checklists } };
  }
  if (tab.status === 'loading') return { status: 'checking', origin };
  // No report for this page yet: the panel shows what the background knows (the catalog, the
  // checklists) as "checking" at once, and the page is asked meanwhile; its answer (or the lack of
  // one) is remembered and the panel told, which then asks again and finds it.
  const hello = page?.url === url.href ? page.at : undefined;
  const answer = answers.get(tab.id!);
  if (answer && answer.url === url.href && answer.hello === hello) {
    return answer.page ? { status: 'ready', origin, page: answer.page } : { status: 'unreachable', origin };
  }
  checkPage(tab.id!, url.href, hello);
  return { status: 'checking', origin };
}

/**
 * What each tab's page answered when asked, by tab: for which address and hello (a page loaded
 * again says hello anew and is asked again), and what holds there (none: it did not answer). The
 * page's own reports, once it sends them, come first.
 */
const answers = new Map<number, { url: string; hello: number | undefined; page?: PanelState['page'] }>();
/** The pages being asked now, by tab (their addresses): asked once however often the panel asks. */
const asking = new Map<number, string>();

/** Forgets what a closed tab's page answered. */
export function forgetPageAnswers(tabId: number): void {
  answers.delete(tabId);
  asking.delete(tabId);
}

/**
 * Asks a tab's page what holds there, which also starts its reports; remembers the answer (or
 * that there was none) and tells the panels, which ask again and find it. A page that said hello
 * may be a moment from answering (the hello's reply still on its way): asked again a few times
 * before it counts as unreachable. It reports by itself only where the panel's part is loaded (a
 * site with checklists), so waiting for its report could wait forever.
 */
function checkPage(tabId: number, url: string, hello: number | undefined): void {
  if (asking.get(tabId) === url) return;
  asking.set(tabId, url);
  void (async () => {
    try {
      const report = await askWithPatience<PageReport>(tabId, { type: 'overlay.report' }, hello ? HELLO_WAIT_MS : []);
      const page = report && { url: report.url, rules: report.rules, checklists: report.checklists.map((c) => c.id) };
      answers.set(tabId, { url, hello, ...(page && { page }) });
    } finally {
      if (asking.get(tabId) === url) asking.delete(tabId);
      notifyPanels(tabId);
    }
  })().catch(() => undefined);
}

/** Pauses before asking a page that said hello again, until it answers. */
const HELLO_WAIT_MS = [100, 250, 500, 1000];

/** `askPage`, tried again after each of `waits`; undefined when the page never answered. */
async function askWithPatience<T>(tabId: number, message: ToPage, waits: readonly number[]): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await askPage<T>(tabId, message);
    } catch {
      const wait = waits[attempt];
      if (wait === undefined) return undefined;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function checklistView(checklist: Checklist, done: ReadonlySet<string>, completedAt?: number): ChecklistView {
  return {
    id: checklist.id,
    title: checklist.title,
    items: checklist.items.map((item) => ({
      id: item.id,
      title: item.title,
      done: done.has(item.id),
      once: item.once === true,
      ...(item.startsRule && { startsRule: item.startsRule }),
    })),
    ...(completedAt !== undefined && { completedAt }),
  };
}

export function panelHandlers(store: Store, mayApply: OriginFilter): Pick<Handlers, 'panel.state' | 'catalog.texts'> {
  const { db } = store;
  const parts = new SiteParts(mayApply);
  return {
    'panel.state': async ({ tabId }) => {
      const [tab, page] = await Promise.all([tabOf(tabId), tabPages.get(tabId)]);
      const where = await pageStatus(tab, page);
      const state: PanelState = {
        tab: { id: tabId, ...(tab.url && { url: tab.url }), ...(tab.title && { title: tab.title }) },
        status: where.status,
        ...(where.origin && { origin: where.origin }),
        ...(where.page && { page: where.page }),
        packs: 0,
        catalog: [],
        contentKey: store.contentKey,
        checklists: [],
        known: [],
        completions: {},
        expertAfter: 0,
      };
      return store.guard('database', async () => {
        // Read side by side: each read is a round trip to the browser's storage.
        const [content, user, settings] = await Promise.all([store.liveContent(), currentUser(db), readSettings(db)]);
        state.packs = content.packs;
        const url = tab.url ?? '';
        if (!where.origin) return state;
        const { ids, part } = parts.of(content, url);
        const [tips, progress, person] = await Promise.all([
          tipRules(db, user, ids),
          readChecklistProgress(
            db,
            user,
            part.checklists.map((c) => c.id),
          ),
          readUserState(
            db,
            store.health,
            user,
            part.rules.map((r) => r.id),
          ),
        ]);
        // The person's own tips are in their catalog, as they are on their pages.
        const own = catalogRules(tips, url, mayApply);
        if (own.length) {
          const mine = await readUserState(
            db,
            store.health,
            user,
            own.map((r) => r.id),
          );
          person.known.push(...mine.known);
          Object.assign(person.completions, mine.completions);
        }
        state.catalog = own.length ? [...part.catalog, ...own.map(catalogRule)] : part.catalog;
        state.checklists = part.checklists.map((c) =>
          checklistView(c, new Set(progress[c.id]?.done), progress[c.id]?.completedAt),
        );
        state.known = person.known;
        state.completions = person.completions;
        state.expertAfter = settings.expertAfter;
        return state;
      });
    },
    'catalog.texts': async ({ tabId }) => {
      const tab = await tabOf(tabId);
      const contentKey = store.contentKey;
      return store.guard('database', async () => {
        const content = await store.liveContent();
        const url = tab.url ?? '';
        if (!/^https?:/.test(url)) return { contentKey, rules: [] };
        const { ids, part } = parts.of(content, url);
        const own = await tipRules(db, await currentUser(db), ids);
        return { contentKey, rules: [...part.texts(), ...catalogRules(own, url, mayApply).map(catalogText)] };
      });
    },
  };
}
