/**
 * Recording a walkthrough, on the background's side. The recording (its tab, the page it started
 * on, what the author did so far) is kept in the session storage area: extension contexts only (the
 * page cannot read it), it outlives a stopped worker, and it goes when the browser closes, with the
 * tab it belongs to. Changes go one at a time, in the order they arrive, so a click that leads to a
 * navigation is kept before it.
 *
 * The recorder bundle is injected into the tab's top frame when recording starts and again after
 * each page load, which the overlay's hello tells (`pageLoaded`). Where the tab went comes from
 * the addresses the browser names: the hello's page, each action's page (an SPA route change shows
 * as the next action's new address), and the tab's address when the recording stops. No tabs
 * listener: one would wake the worker for every tab update in the browser, recording or not.
 */
import { browser } from '#imports';
import type { RecordingEvent, RecordingResult, RecordingStatus } from '../messaging/areas/recording';
import { RECORDER_KEY } from '../messaging/bundle-keys';
import { noticePages } from '../messaging/page-notices';
import { type RecordedAction, recordedRule, recordedSteps } from '../rules/index';
import { saveDraft } from './db/drafts';
import type { Store } from './store';

/** The recorder bundle (WXT unlisted script `entrypoints/recorder`). */
export const RECORDER_FILE = '/recorder.js';

const KEY = 'recording';
/** At most this many things done in one recording (a walkthrough is a few steps; storage is bounded). */
export const MAX_ACTIONS = 500;

/** A recording as it is kept. */
export interface RecordingState {
  sessionId: string;
  tabId: number;
  /** Epoch milliseconds. */
  startedAt: number;
  startUrl: string;
  actions: RecordedAction[];
}

/** What the recorder reports: a click or a field filled (its page comes from the browser). */
export type ReportedAction = Omit<Extract<RecordedAction, { kind: 'click' | 'fill' }>, 'url'>;

const statusOf = (state: RecordingState): RecordingStatus => ({
  sessionId: state.sessionId,
  tabId: state.tabId,
  startedAt: state.startedAt,
  steps: recordedSteps(state.actions).length,
});

/** Adds a navigation to `url` unless the recording is there already; true if it did. */
function wentTo(state: RecordingState, url: string): boolean {
  const last = [...state.actions].reverse().find((a) => a.kind === 'navigate')?.url;
  if (url === (last ?? state.startUrl) || state.actions.length >= MAX_ACTIONS) return false;
  state.actions.push({ kind: 'navigate', url });
  return true;
}

/** Tells open extension pages (the popup) that the recording changed; none may be listening. */
function announce(state: RecordingState | null): void {
  const event: RecordingEvent = { type: 'recording.changed', recording: state && statusOf(state) };
  noticePages(event);
}

/** Runs `command` on the recorder in the tab's top frame, if it is there. */
async function callRecorder(tabId: number, command: 'start' | 'stop', sessionId = '', steps = 0): Promise<boolean> {
  const [result] = await browser.scripting.executeScript({
    target: { tabId, frameIds: [0] },
    func: (cmd: string, id: string, count: number, key: string) => {
      const recorder = (
        globalThis as unknown as Record<symbol, { start(id: string, steps: number): void; stop(): void } | undefined>
      )[Symbol.for(key)];
      if (!recorder) return false;
      if (cmd === 'start') recorder.start(id, count);
      else recorder.stop();
      return true;
    },
    args: [command, sessionId, steps, RECORDER_KEY],
  });
  return result?.result === true;
}

/** The recording in one browser: started, added to, navigated, finished. One per background. */
export class Recordings {
  readonly #store: Store;
  #queue: Promise<unknown> = Promise.resolve();
  /** The state as last read or written here (undefined: not read yet in this worker's life). */
  #cached: RecordingState | null | undefined;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Runs `work` after every change before it. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #load(): Promise<RecordingState | null> {
    if (this.#cached !== undefined) return this.#cached;
    const found = await browser.storage.session.get(KEY);
    this.#cached = (found[KEY] as RecordingState | undefined) ?? null;
    return this.#cached;
  }

  async #save(state: RecordingState | null): Promise<void> {
    if (state) await browser.storage.session.set({ [KEY]: state });
    else await browser.storage.session.remove(KEY);
    this.#cached = state;
  }

  /** The recording going on, if any. */
  status(): Promise<RecordingStatus | null> {
    return this.#serial(async () => {
      const state = await this.#load();
      return state && statusOf(state);
    });
  }

  /** Starts recording in `tabId` (a recording going on is finished into its draft first). */
  start(tabId: number): Promise<RecordingStatus> {
    return this.#serial(async () => {
      const before = await this.#load();
      if (before) await this.#finish(before, false);
      const tab = await browser.tabs.get(tabId);
      if (!tab.url || !/^https?:/.test(tab.url))
        throw new Error('Recording works on a web app’s page: open one first.');
      const state: RecordingState = {
        sessionId: crypto.randomUUID(),
        tabId,
        startedAt: this.#store.now(),
        startUrl: tab.url,
        actions: [],
      };
      await this.#save(state);
      try {
        await this.#inject(state);
      } catch (error) {
        await this.#save(null);
        const why = error instanceof Error ? error.message : String(error);
        throw new Error(`Stepwise cannot record on this page (${why}). Open the app's page and try again.`);
      }
      announce(state);
      return statusOf(state);
    });
  }

  /** Puts the recorder into the tab (once per page) and starts it there. */
  async #inject(state: RecordingState): Promise<void> {
    const steps = recordedSteps(state.actions).length;
    if (await callRecorder(state.tabId, 'start', state.sessionId, steps)) return;
    await browser.scripting.executeScript({ target: { tabId: state.tabId, frameIds: [0] }, files: [RECORDER_FILE] });
    await callRecorder(state.tabId, 'start', state.sessionId, steps);
  }

  /**
   * Keeps what the recorder in `tabId` reported on `url`; anything not from the recording's own
   * session and tab is ignored. Answers the recording's step count.
   */
  add(sessionId: string, tabId: number | undefined, url: string | undefined, action: ReportedAction) {
    return this.#serial(async () => {
      const state = await this.#load();
      if (!state || state.sessionId !== sessionId || state.tabId !== tabId || !url)
        return { steps: 0, recording: false };
      if (state.actions.length >= MAX_ACTIONS)
        throw new Error(
          `This recording is full (${MAX_ACTIONS} actions): stop it, and record the rest as another walkthrough.`,
        );
      // An action on another address than the last: the app went there (a route change) before it.
      wentTo(state, url);
      if (state.actions.length >= MAX_ACTIONS)
        throw new Error(
          `This recording is full (${MAX_ACTIONS} actions): stop it, and record the rest as another walkthrough.`,
        );
      state.actions.push({ ...action, url });
      await this.#save(state);
      announce(state);
      return { steps: recordedSteps(state.actions).length, recording: true };
    });
  }

  /** The recording's tab went to `url` (a page load or a route change). */
  navigated(tabId: number, url: string): Promise<void> {
    return this.#serial(async () => {
      const state = await this.#load();
      if (state?.tabId === tabId && wentTo(state, url)) await this.#save(state);
    });
  }

  /**
   * A page loaded in `tabId` at `url` (the overlay said hello from its top frame): in the
   * recording's tab, that is where it went, and the recorder goes back in and carries on. Anywhere
   * else, one read of the cached state.
   */
  pageLoaded(tabId: number, url: string): Promise<void> {
    return this.#serial(async () => {
      const state = await this.#load();
      if (!state || state.tabId !== tabId) return;
      if (wentTo(state, url)) await this.#save(state);
      await this.#inject(state).catch(() => undefined);
    });
  }

  /** Stops the recording in `tabId` (or the one of `sessionId`) and makes its draft. */
  stop(which: { tabId: number } | { sessionId: string; tabId: number | undefined }, openEditor = true) {
    return this.#serial(async (): Promise<RecordingResult> => {
      const state = await this.#load();
      const ours =
        state && state.tabId === which.tabId && (!('sessionId' in which) || which.sessionId === state.sessionId);
      if (!state || !ours) return { draftId: null, steps: 0 };
      return this.#finish(state, openEditor);
    });
  }

  /** The recording's tab closed: what was recorded is kept as a draft all the same. */
  closed(tabId: number): Promise<void> {
    return this.#serial(async () => {
      const state = await this.#load();
      if (state?.tabId === tabId) await this.#finish(state, false, false);
    });
  }

  async #finish(state: RecordingState, openEditor: boolean, tabOpen = true): Promise<RecordingResult> {
    // Where the tab is now: a route change after the last action is the last step's advance.
    const tab = tabOpen ? await browser.tabs.get(state.tabId).catch(() => undefined) : undefined;
    if (tab?.url && /^https?:/.test(tab.url)) wentTo(state, tab.url);
    const now = this.#store.now();
    const rule = recordedRule({
      actions: state.actions,
      startUrl: state.startUrl,
      random: crypto.randomUUID().slice(0, 8),
      now: new Date(now).toISOString(),
    });
    if (rule)
      await this.#store.guard('drafts', () =>
        saveDraft(this.#store.db, { id: rule.id, rule, url: state.startUrl }, now),
      );
    await this.#save(null);
    announce(null);
    if (tabOpen) await callRecorder(state.tabId, 'stop').catch(() => undefined);
    if (rule && openEditor) {
      const url = browser.runtime.getURL(`/editor.html?draft=${encodeURIComponent(rule.id)}`);
      await browser.tabs.create({ url, openerTabId: state.tabId }).catch(() => browser.tabs.create({ url }));
    }
    return { draftId: rule?.id ?? null, steps: rule?.steps.length ?? 0 };
  }
}

const perStore = new WeakMap<Store, Recordings>();

/** The one `Recordings` of `store` (the message handlers and the tab listeners share it). */
export function recordingsOf(store: Store): Recordings {
  let found = perStore.get(store);
  if (!found) {
    found = new Recordings(store);
    perStore.set(store, found);
  }
  return found;
}
