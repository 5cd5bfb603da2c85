/**
 * The open tabs an editor can act on (test a draft, pick an element): web pages, the ones a rule's
 * URL patterns match first.
 */
import { type Browser, browser } from '#imports';
import type { UrlPattern } from '../../rules/index';
import { patternMatchesUrl } from '../../rules/index';

export interface TabChoice {
  id: number;
  title: string;
  url: string;
}

const urlsOf = (rule: unknown): UrlPattern[] => {
  const urls = (rule as { where?: { urls?: unknown } } | null)?.where?.urls;
  return Array.isArray(urls) ? (urls as UrlPattern[]) : [];
};

/** True when one of `rule`'s URL patterns matches `url`. */
export const ruleMatches = (rule: unknown, url: string): boolean =>
  urlsOf(rule).some((p) => patternMatchesUrl(p, url).matches);

/** The open tabs showing web pages, the ones `rule` matches first. */
export async function webTabs(rule: unknown): Promise<TabChoice[]> {
  const tabs = await browser.tabs.query({});
  const web = tabs
    .filter((t) => t.id !== undefined && /^https?:/.test(t.url ?? ''))
    .map((t) => ({ id: t.id!, title: t.title || t.url!, url: t.url! }));
  return web.sort((a, b) => Number(ruleMatches(rule, b.url)) - Number(ruleMatches(rule, a.url)));
}

/** Brings `tabId` and its window to the front (the author works there next). */
export async function showTab(tabId: number): Promise<void> {
  const tab = await browser.tabs.update(tabId, { active: true });
  if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true }).catch(() => undefined);
}

/** Opens `url` in a new tab behind the current one, and resolves once the tab shows it. */
export async function openTab(url: string): Promise<TabChoice> {
  const tab = await browser.tabs.create({ url, active: false });
  const id = tab.id;
  if (id === undefined) throw new Error(`The browser did not open ${url}`);
  const loaded = await new Promise<Browser.tabs.Tab>((resolve) => {
    const onUpdated = (tabId: number, change: Browser.tabs.OnUpdatedInfo, updated: Browser.tabs.Tab) => {
      if (tabId !== id || change.status !== 'complete') return;
      browser.tabs.onUpdated.removeListener(onUpdated);
      resolve(updated);
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    // Loaded before the listener was added.
    browser.tabs.get(id).then((t) => {
      if (t.status === 'complete' && /^https?:/.test(t.url ?? '')) {
        browser.tabs.onUpdated.removeListener(onUpdated);
        resolve(t);
      }
    });
  });
  return { id, title: loaded.title || url, url: loaded.url || url };
}
