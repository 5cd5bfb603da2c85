/**
 * "I'm stuck" requests and comments: what a request would attach (for the person to see and trim
 * first), keeping both, and listing them for admins.
 */
import { browser } from '#imports';
import type { HelpComment, HelpRequest, StuckContext } from '../../messaging/areas/help';
import type { PageContext } from '../../messaging/areas/panel';
import { addComment, addHelpRequest, listComments, listHelpRequests } from '../db/help-requests';
import type { CommentRecord, HelpRequestRecord } from '../db/records';
import type { Handlers } from '../router';
import type { Store } from '../store';
import { askPage, tabOf } from './panel';

type HelpMessages = 'help.context' | 'help.request' | 'help.comment' | 'help.list';

/**
 * The address without its query string (a hash route's own query included), which can name
 * records, searches or people; `undefined` for what is not a URL.
 */
export function withoutQuery(url: string): string | undefined {
  try {
    const u = new URL(url);
    u.search = '';
    const q = u.hash.indexOf('?');
    if (q >= 0) u.hash = u.hash.slice(0, q);
    return u.href;
  } catch {
    return undefined;
  }
}

/** The browser and its major version, from the user agent: `Chrome 131`, `Firefox 128`, `Edge 131`. */
export function browserName(userAgent: string): string {
  for (const [name, pattern] of [
    ['Edge', /Edg\/(\d+)/],
    ['Firefox', /Firefox\/(\d+)/],
    ['Chrome', /Chrom(?:e|ium)\/(\d+)/],
  ] as const) {
    const version = pattern.exec(userAgent)?.[1];
    if (version) return `${name} ${version}`;
  }
  return 'Unknown browser';
}

const toRequest = ({ status, ...rest }: HelpRequestRecord): HelpRequest => ({ ...rest, status });
const toComment = ({ status, ...rest }: CommentRecord): HelpComment => ({ ...rest, status });

export function helpHandlers(store: Store): Pick<Handlers, HelpMessages> {
  const { db } = store;
  return {
    'help.context': async ({ tabId }) => {
      const tab = await tabOf(tabId);
      const page = await askPage<PageContext>(tabId, { type: 'overlay.context' }).catch(
        (): PageContext => ({ url: tab.url ?? '', events: [] }),
      );
      const rules = new Map((await store.liveContent()).rules.map((r) => [r.id, r]));
      const context: StuckContext = {
        events: page.events.map((e) => ({ ...e, ...(rules.has(e.ruleId) && { ruleName: rules.get(e.ruleId)!.name }) })),
        browser: browserName(navigator.userAgent),
        extensionVersion: browser.runtime.getManifest().version,
      };
      const url = withoutQuery(page.url);
      if (url) {
        context.url = url;
        if (url !== page.url) context.fullUrl = page.url;
      }
      const rule = page.active && rules.get(page.active.ruleId);
      if (page.active && rule) {
        const { ruleId, stepId, stepIndex, target } = page.active;
        const stepTitle = rule.steps[stepIndex]?.title ?? '';
        context.help = { ruleId, ruleName: rule.name, ruleKind: rule.kind, stepId, stepIndex, stepTitle, target };
      }
      return context;
    },
    'help.request': ({ text, url, ruleId, stepId, context }) =>
      store.guard('help', async () => ({
        id: await addHelpRequest(db, { text, url, ruleId, stepId, context }, store.now()),
      })),
    'help.comment': ({ ruleId, stepId, text, url }) =>
      store.guard('help', async () => ({
        id: await addComment(db, { ruleId, stepId, text, url: url && withoutQuery(url) }, store.now()),
      })),
    'help.list': () =>
      store.guard('help', async () => {
        const [requests, comments] = await Promise.all([listHelpRequests(db), listComments(db)]);
        return { requests: requests.map(toRequest), comments: comments.map(toComment) };
      }),
  };
}
