/** Insights: the local report, the privacy page's figures, idle probes of rules' targets, the badge. */
import { type Browser, browser } from '#imports';
import { recordProbes } from '../db/probes';
import { brokenRules, showBroken } from '../insights/badge';
import { clearCounts, localReport } from '../insights/local-report';
import { ProbePlanner } from '../insights/probes';
import type { Handlers } from '../router';
import type { Store } from '../store';
import type { OriginFilter } from './store';

/** The probe bundle (WXT unlisted script `entrypoints/overlay-probe`), injected where rules are due. */
export const OVERLAY_PROBE_FILE = '/overlay-probe.js';

type InsightsMessages =
  | 'insights.pageChanged'
  | 'insights.probeRules'
  | 'insights.probeReport'
  | 'insights.local'
  | 'insights.kept'
  | 'insights.clearCounts';

type Sender = Browser.runtime.MessageSender;

export interface InsightsOptions {
  planner?: ProbePlanner;
  /** Injects the probe bundle into a frame (`scripting.executeScript` by default). */
  inject?: (tabId: number, frameId: number) => Promise<void>;
}

async function injectProbe(tabId: number, frameId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [OVERLAY_PROBE_FILE] });
}

/**
 * The sender's page: its frame's origin as the browser says, with the path and hash the content
 * script reads (the browser may keep the address a document loaded at after the app moved with
 * the history API or the hash; the origin cannot have changed).
 */
export function pageUrl(senderUrl: string | undefined, url: string): string {
  if (!senderUrl) return url;
  try {
    return new URL(url).origin === new URL(senderUrl).origin ? url : senderUrl;
  } catch {
    return senderUrl;
  }
}

const warn = (error: unknown) => console.warn('Stepwise:', error);

export function insightsHandlers(store: Store, mayApply: OriginFilter, options: InsightsOptions = {}) {
  const planner = options.planner ?? new ProbePlanner(store.now);
  const inject = options.inject ?? injectProbe;
  let broken: Promise<string[]> | null = null;
  const refreshBadge = (tabId?: number) => {
    broken = brokenRules(store.db, store.now());
    return broken.then((names) => showBroken(names, tabId));
  };

  const pageRules = async (url: string) => (await store.liveContent()).rules.filter((rule) => mayApply(rule, url));

  /** Injects the probe bundle into the sender's frame when rules are due on its page; says whether it did. */
  const probeIfDue = async (sender: Sender, url: string | undefined): Promise<boolean> => {
    const tabId = sender.tab?.id;
    if (tabId === undefined || !url || !planner.wants(await pageRules(url), url)) return false;
    inject(tabId, sender.frameId ?? 0).catch(warn);
    return true;
  };

  const handlers: Pick<Handlers, InsightsMessages> = {
    'insights.pageChanged': ({ url }, sender) =>
      store.guard('database', async () => ({ probing: await probeIfDue(sender, pageUrl(sender.url, url)) })),
    'insights.probeRules': ({ url }, sender) =>
      store.guard('database', async () => {
        const page = pageUrl(sender.url, url);
        return { rules: planner.take(await pageRules(page), page, sender) };
      }),
    'insights.probeReport': ({ results }, sender) =>
      store.guard('insights', async () => {
        const accepted = planner.accept(
          results.map(({ ruleId, stepId, status, via, pattern }) => ({
            ruleId,
            stepId,
            status,
            pattern,
            ...(via && { via }),
          })),
          sender,
        );
        const rules = new Map((await store.liveContent()).rules.map((r) => [r.id, r]));
        const recorded = await recordProbes(store.db, accepted, store.now(), (ruleId, stepId, pattern) => {
          const rule = rules.get(ruleId);
          if (!rule) return false;
          if (rule.steps.length === 1) return true;
          return pattern === 0 && (rule.steps[0]?.id ?? '0') === stepId;
        });
        await refreshBadge(sender.tab?.id).catch(warn);
        return { recorded };
      }),
    'insights.local': ({ from, to, packId, ruleId, parts }) =>
      store.guard('insights', async () => {
        if (to < from) throw new Error(`to: ${to} is before from (${from})`);
        await store.usage.flush();
        const filter = { range: { from, to }, ...(packId && { packId }), ...(ruleId && { ruleId }) };
        return localReport(store.db, filter, store.now(), parts);
      }),
    'insights.kept': () =>
      store.guard('insights', async () => {
        await store.usage.flush();
        const db = store.db;
        const comments = db.tables.find((t) => t.name === 'comments');
        const [counters, probes, helpRequests, commentCount, first, last] = await Promise.all([
          db.usage.count(),
          db.probes.count(),
          db.helpRequests.count(),
          comments ? comments.count() : 0,
          db.usage.orderBy('day').first(),
          db.usage.orderBy('day').last(),
        ]);
        return {
          counters,
          probes,
          helpRequests,
          comments: commentCount,
          ...(first && { firstDay: first.day }),
          ...(last && { lastDay: last.day }),
        };
      }),
    'insights.clearCounts': () =>
      store.guard('insights', async () => {
        await store.usage.discard();
        await clearCounts(store.db);
        await refreshBadge().catch(warn);
        return { cleared: true as const };
      }),
  };

  /**
   * Wraps the overlay's greeting: after it is answered, a page with rules due for a probe gets the
   * probe bundle (and again after each of the app's own navigations: `insights.pageChanged`), and a
   * tab on a site with broken help shows the badge.
   */
  function afterHello(hello: Handlers['overlay.hello']): Handlers['overlay.hello'] {
    return async (message, sender: Sender) => {
      const state = await hello(message, sender);
      const tabId = sender.tab?.id;
      if (tabId !== undefined) {
        if (state.rules.length) probeIfDue(sender, sender.url ?? message.url).catch(warn);
        broken ??= brokenRules(store.db, store.now());
        broken.then((names) => (names.length ? showBroken(names, tabId) : undefined)).catch(warn);
      }
      return state;
    };
  }

  return { handlers, afterHello };
}
