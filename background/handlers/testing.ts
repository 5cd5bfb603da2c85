/**
 * Testing a draft in place. The draft is kept for its tab (`background/testing.ts`); the
 * overlay's hello from that tab gets it among the rules, as the person's own tips are added, so
 * the same engine and UI show it, with a marker and a way to stop. What the overlay reports about
 * it is kept out of the database: its usage is not counted, its progress lives with the test,
 * "I know this", a closed tip and comments are not kept.
 */
import { browser } from '#imports';
import type { OverlayState } from '../../messaging/messages';
import type { Rule } from '../../rules/index';
import { patternMatchesUrl, ruleProblems } from '../../rules/index';
import type { Handlers } from '../router';
import type { Store } from '../store';
import { draftTests, placeIn, summaryOf, type TestState } from '../testing';
import { tabOf } from './panel';
import type { OriginFilter } from './store';

type TestingMessages = 'drafts.test' | 'drafts.stopTest' | 'drafts.testing' | 'test.stop';
/**
 * How long after a draft's last saved change its tabs under test are loaded again: the editor
 * saves every keystroke, and one load for a run of typing is enough.
 */
export const FOLLOW_AFTER_MS = 600;

type Reported = 'overlay.hello' | 'progress.update' | 'rule.known' | 'tip.dismissed' | 'usage.record' | 'help.comment';

/** Loads the tab's page again, so its overlay starts over with (or without) the draft. */
async function reload(tabId: number): Promise<void> {
  await browser.tabs.reload(tabId).catch(() => undefined);
}

/** Why the draft cannot run on `url`, in words; null when it can. */
async function siteProblem(rule: Rule, url: string | undefined, mayApply: OriginFilter): Promise<string | null> {
  let page: URL;
  try {
    page = new URL(url ?? '');
  } catch {
    return 'the tab shows no web page: open the app in it first';
  }
  if (page.protocol !== 'http:' && page.protocol !== 'https:')
    return 'the tab shows no web page: open the app in it first';
  const origin = `${page.protocol}//${page.hostname}/*`;
  if (!(await browser.permissions.contains({ origins: [origin] })))
    return `Stepwise is off for ${page.hostname}: turn it on from the toolbar popup, then test again`;
  if (!mayApply(rule, page.href)) return `its pages are not on ${page.origin}, the site the tab shows`;
  return null;
}

export function testingHandlers(store: Store, mayApply: OriginFilter): Pick<Handlers, TestingMessages> {
  const tests = draftTests();
  const stop = async (tabId: number | undefined) => {
    if (tabId === undefined) return { stopped: false };
    const was = await tests.update(tabId, () => undefined);
    if (was) await reload(tabId);
    return { stopped: was !== undefined };
  };
  return {
    'drafts.test': async ({ id, tabId }) => {
      const draft = await store.guard('drafts', () => store.db.drafts.get(id));
      if (!draft)
        return { testing: false, problems: [{ path: '', message: 'this draft is gone (published or deleted)' }] };
      const problems = ruleProblems(draft.rule);
      if (problems.length) return { testing: false, problems };
      const rule = { ...(draft.rule as Rule), status: 'published' as const };
      const tab = await tabOf(tabId);
      const problem = await siteProblem(rule, tab.url, mayApply);
      if (problem) return { testing: false, problems: [{ path: 'where', message: problem }] };
      await tests.update(tabId, () => ({ tabId, draftId: id, rule, startedAt: store.now() }));
      await reload(tabId);
      const matchesPage = rule.where.urls.some((p) => patternMatchesUrl(p, tab.url ?? '').matches);
      return { testing: true, matchesPage };
    },
    'drafts.stopTest': ({ tabId }) => stop(tabId),
    'drafts.testing': async ({ tabId }) => {
      const state = await tests.get(tabId);
      return { test: state ? summaryOf(state) : null };
    },
    'test.stop': (_message, sender) => stop(sender.tab?.id),
  };
}

/** The hello's state with the draft under test in place of any rule with its id, and nothing remembered of that id. */
function withDraft(state: OverlayState, test: TestState): OverlayState {
  const { id } = test.rule;
  const progress = { ...state.progress };
  delete progress[id];
  if (test.progress) progress[id] = test.progress;
  const completions = { ...state.completions };
  delete completions[id];
  return {
    ...state,
    enabled: true,
    rules: [...state.rules.filter((r) => r.id !== id), test.rule],
    progress,
    completions,
    known: state.known.filter((k) => k !== id),
    dismissedTips: state.dismissedTips.filter((k) => k !== id),
    testing: { ruleId: id, name: test.rule.name, kind: test.rule.kind },
  };
}

/**
 * The overlay's messages as a tab under test needs them: `handlers` (the database's) for
 * everything but the draft under test, whose reports stay out of the database.
 */
export function testingOverlay(handlers: Pick<Handlers, Reported>, mayApply: OriginFilter): Pick<Handlers, Reported> {
  const tests = draftTests();
  /** The test in the sender's tab when `ruleId` is its rule. */
  const testOf = async (sender: Parameters<Handlers['overlay.hello']>[1], ruleId?: string) => {
    const test = await tests.get(sender.tab?.id);
    return test && (ruleId === undefined || test.rule.id === ruleId) ? test : undefined;
  };
  return {
    'overlay.hello': async (message, sender) => {
      const state = await handlers['overlay.hello'](message, sender);
      const test = await testOf(sender);
      // Only content scripts' hellos (an extension page asking names its page) and only where it can apply.
      if (!test || !sender.url || message.url || !mayApply(test.rule, sender.url)) return state;
      return withDraft(state, test);
    },
    'progress.update': async (message, sender) => {
      const test = await testOf(sender, message.ruleId);
      if (!test) return handlers['progress.update'](message, sender);
      const { stepIndex, status, shown } = message;
      await tests.update(
        test.tabId,
        (s) => s && { ...s, progress: { stepIndex, status, updatedAt: Date.now(), ...(shown && { shown }) } },
      );
      return { saved: true as const };
    },
    'rule.known': async (message, sender) =>
      (await testOf(sender, message.ruleId)) ? { saved: true as const } : handlers['rule.known'](message, sender),
    'tip.dismissed': async (message, sender) =>
      (await testOf(sender, message.ruleId)) ? { saved: true as const } : handlers['tip.dismissed'](message, sender),
    'help.comment': async (message, sender) =>
      (await testOf(sender, message.ruleId)) ? { id: '' } : handlers['help.comment'](message, sender),
    'usage.record': async (message, sender) => {
      const test = await testOf(sender);
      if (!test) return handlers['usage.record'](message, sender);
      const events = message.events.filter((e) => e.ruleId !== test.rule.id);
      return events.length ? handlers['usage.record']({ ...message, events }, sender) : { counted: 0 };
    },
  };
}

/**
 * A draft under test follows its edits: each save of a draft with no problems becomes the rule its
 * tabs test, at the same place in a walkthrough (`placeIn`), and each such tab is loaded again
 * once the typing pauses. A draft with problems leaves the last version without any on the page.
 */
export function followingDrafts(
  handlers: Pick<Handlers, 'drafts.save'>,
  reloadAfterMs = FOLLOW_AFTER_MS,
): Pick<Handlers, 'drafts.save'> {
  const tests = draftTests();
  const due = new Map<number, ReturnType<typeof setTimeout>>();
  const reloadSoon = (tabId: number) => {
    clearTimeout(due.get(tabId));
    due.set(
      tabId,
      setTimeout(() => {
        due.delete(tabId);
        void reload(tabId);
      }, reloadAfterMs),
    );
  };
  return {
    'drafts.save': async (message, sender) => {
      const reply = await handlers['drafts.save'](message, sender);
      const following = (await tests.all()).filter((t) => t.draftId === message.id);
      if (!following.length || ruleProblems(message.rule).length) return reply;
      const rule = { ...(message.rule as Rule), status: 'published' as const };
      for (const { tabId } of following) {
        const before = await tests.update(tabId, (s) => {
          if (!s || s.draftId !== message.id || JSON.stringify(s.rule) === JSON.stringify(rule)) return s;
          const progress = placeIn(s.rule, rule, s.progress);
          const { progress: _old, ...rest } = s;
          return { ...rest, rule, ...(progress && { progress }) };
        });
        if (before && JSON.stringify(before.rule) !== JSON.stringify(rule)) reloadSoon(tabId);
      }
      return reply;
    },
  };
}
