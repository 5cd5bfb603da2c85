/**
 * What the overlay asks of and reports to the database: its start-up state, and the user's
 * progress and preferences.
 */
import { browser } from '#imports';
import type { OverlayState, PageRules } from '../../messaging/messages';
import { type Checklist, pagePartsRead, type Rule, ruleMatchesUrl } from '../../rules/index';
import { tipRules } from '../db/personal-tips';
import { currentUser, readSettings } from '../db/settings';
import { dismissTip, readUserState, saveProgress, setKnown } from '../db/user-state';
import { notifyPanels, tabPages } from '../pages';
import { recordingsOf } from '../recording';
import { fromExtensionPage, type Handlers, sameOrigin, senderPage } from '../router';
import type { Store } from '../store';

/** Whether a rule or checklist can apply on a page's origin (the engine's `ruleMayApplyToOrigin`). */
export type OriginFilter = (item: Pick<Rule | Checklist, 'where'>, url: string) => boolean;

/**
 * The rules that can show to the person: the live packs' and, beside them by the same engine,
 * their own tips (which show to them alone).
 */
export async function personsRules(store: Store) {
  const content = await store.liveContent();
  const user = await currentUser(store.db);
  const own = await tipRules(store.db, user, new Set(content.rules.map((r) => r.id)));
  return { content, user, rules: [...content.rules, ...own] };
}

/** Whether a rule's URL patterns match a page's address itself (`ruleMatchesUrl`). */
export type PageFilter = (item: Pick<Rule, 'where'>, url: string) => boolean;

type StoreMessages = 'overlay.hello' | 'overlay.rules' | 'progress.update' | 'rule.known' | 'tip.dismissed';

async function markTab(tabId: number | undefined): Promise<void> {
  if (tabId === undefined) return;
  await browser.action.setBadgeText({ tabId, text: 'on' });
  await browser.action.setBadgeBackgroundColor({ tabId, color: '#2b6cb0' });
}

/**
 * `extensionOrigin` tells our pages from content scripts: a content script's page is the one the
 * browser says it runs in (`sender.url`), never an address it names, so a script on one origin
 * cannot ask for another origin's rules.
 */
export function storeHandlers(
  store: Store,
  mayApply: OriginFilter,
  extensionOrigin: string = browser.runtime.getURL('/'),
  onPage: PageFilter = ruleMatchesUrl,
): Pick<Handlers, StoreMessages> {
  const { db } = store;
  const pageOf = (sender: Parameters<Handlers['overlay.hello']>[1], named: string | undefined) => {
    if (fromExtensionPage(sender, extensionOrigin)) return named;
    return senderPage(sender, extensionOrigin);
  };

  /**
   * The rules (the packs' and the person's own tips) that can apply on `url`'s origin, and of those
   * the ones whose URL patterns match `url` itself with the person's state for them: a page gets
   * only these (a large pack has thousands on one origin), and asks for more as the app moves.
   */
  const rulesFor = async (url: string) => {
    const { content, user, rules: all } = await personsRules(store);
    const onOrigin = all.filter((rule) => mayApply(rule, url));
    const rules = onOrigin.filter((rule) => onPage(rule, url));
    const state = await readUserState(
      db,
      store.health,
      user,
      rules.map((r) => r.id),
    );
    const progress: PageRules['progress'] = Object.create(null);
    for (const [ruleId, { revision, ...p }] of Object.entries(state.progress)) {
      // A completion of an earlier version: the rule changed, and starts by itself again.
      if (p.status === 'completed' && revision && revision !== content.revisions.get(ruleId)) continue;
      progress[ruleId] = p;
    }
    const page: PageRules = {
      rules,
      progress,
      completions: state.completions,
      known: state.known,
      dismissedTips: state.dismissedTips,
    };
    // What the page must watch to ask for the rest: the parts of an address their patterns read
    // (the rules it is sent it keeps, whatever the address).
    const others = onOrigin.filter((rule) => !rules.includes(rule));
    if (others.length)
      page.more = pagePartsRead(others.flatMap((r) => [...r.where.urls, ...(r.where.excludeUrls ?? [])]));
    return { content, onOrigin, page };
  };
  return {
    'overlay.hello': async ({ url: named }, sender) => {
      const url = pageOf(sender, named);
      if (!url) {
        throw new Error(
          fromExtensionPage(sender, extensionOrigin)
            ? '"overlay.hello" from an extension page must name the page it asks about in "url"'
            : '"overlay.hello" came from a frame the browser gave no address for',
        );
      }
      await markTab(sender.tab?.id);
      // A page load in a tab being recorded: the recorder goes back in (not awaited: help first).
      const loadedIn = sender.tab?.id;
      if (loadedIn !== undefined && !sender.frameId && !fromExtensionPage(sender, extensionOrigin))
        void recordingsOf(store)
          .pageLoaded(loadedIn, url)
          .catch(() => undefined);
      return store.guard('database', async (): Promise<OverlayState> => {
        const { content, onOrigin, page } = await rulesFor(url);
        const settings = await readSettings(db);
        const checklists = content.checklists.filter((c) => mayApply(c, url));
        const tabId = sender.tab?.id;
        if (tabId !== undefined && !sender.frameId) {
          // The side panel learns that Stepwise runs in this tab, and, when nothing can apply on
          // this site, that the overlay stops here and will not report.
          const empty = !onOrigin.length && !checklists.length;
          const record = {
            url,
            at: store.now(),
            rules: [],
            checklists: [],
            ...(sender.documentId && { document: sender.documentId }),
          };
          await tabPages.set(tabId, { ...record, scope: empty ? 'site' : 'hello' });
          notifyPanels(tabId);
        }
        return { enabled: true, ...page, settings: { expertAfter: settings.expertAfter }, checklists };
      });
    },
    'overlay.rules': async ({ url }, sender) => {
      // A content script asks about an address of its own frame's origin only (the app moved
      // there since the browser last told us the frame's address).
      if (!sameOrigin(url, pageOf(sender, url))) {
        throw new Error(`"overlay.rules" may only ask about an address of the sender's own origin, not ${url}`);
      }
      return store.guard('database', async () => (await rulesFor(url)).page);
    },
    'progress.update': ({ ruleId, stepIndex, status, url: named, shown }, sender) =>
      store.guard('progress', async () => {
        const url = pageOf(sender, named);
        const revision = status === 'completed' ? (await store.liveContent()).revisions.get(ruleId) : undefined;
        const change = {
          ruleId,
          stepIndex,
          status,
          ...(url && { url }),
          ...(shown && { shown }),
          ...(revision && { revision }),
        };
        await saveProgress(db, await currentUser(db), change, store.now());
        // A walkthrough done (or mastered) shows so in the side panel's catalog.
        if (status === 'completed') notifyPanels();
        return { saved: true as const };
      }),
    'rule.known': ({ ruleId, known }) =>
      store.guard('progress', async () => {
        await setKnown(db, await currentUser(db), ruleId, known, store.now());
        notifyPanels();
        return { saved: true as const };
      }),
    'tip.dismissed': ({ ruleId }) =>
      store.guard('progress', async () => {
        await dismissTip(db, await currentUser(db), ruleId, store.now());
        return { saved: true as const };
      }),
  };
}
