/**
 * The overlay runtime: the always-loaded part of the content script. It asks the background for
 * the page's rules, feeds URL changes and DOM mutations to the engine once per frame, and loads the
 * UI bundle only once a rule that can show something applies. Everything it starts hangs off its
 * `Lifetime`, so an extension update or reload leaves nothing behind.
 */
import { envelopeSender } from '../messaging/envelope';
import type { OverlayState, PageRules } from '../messaging/messages';
import type { CreateEngine, EngineChange, PatternTester, Rule } from '../rules/engine';
import { withAppModal, withModalRule } from './app-modal';
import {
  E2E_RUNTIME_KEY,
  type OverlayChange,
  type OverlayHost,
  registeredPatterns,
  registeredUi,
  registerPatterns,
  registerUi,
  removeStaleUi,
  type Send,
} from './bridge';
import { ownState, wantsUi } from './expertise';
import { extensionAlive, extensionRuntime } from './extension';
import { Lifetime } from './lifetime';
import { watchLocation } from './location';
import { hideProbes, type PageApi, registerRuntime, visibleEngine } from './probes';
import { ObservationScheduler } from './scheduler';
import { browserSchedulerEnv } from './scheduler-env';
import type { SchedulerTiming } from './scheduler-pacing';
import { createEventShield, type EventShield } from './shield';

/** What the runtime is built from: the engine, and (for tests) the messaging and timing. */
export interface RuntimeDeps {
  createEngine: CreateEngine;
  send?: Send;
  timing?: Partial<SchedulerTiming>;
  /** Keeps events that start in the UI away from the page (installed at `document_start`). */
  shield?: EventShield;
  /** The waits between tries of a request the background could not answer (`RETRY_MS` by default). */
  retryMs?: readonly number[];
}

/**
 * The waits between tries of a request to the background. A service worker stopped while the page
 * loads can miss one (no receiver yet, or the reply lost as it stops): help must still come, a
 * moment later.
 */
export const RETRY_MS: readonly number[] = [100, 250, 500, 1000, 2000, 4000, 8000, 15_000];

/** A running overlay (what tests and the benchmark can look at from the isolated world). */
export interface OverlayRuntime {
  host: OverlayHost;
  scheduler: ObservationScheduler;
  /** Resolves once the UI is mounted (or at once when none was needed yet). */
  ui(): Promise<boolean>;
}

/**
 * The content script's entry, at `document_start`: takes over from an older copy in this isolated
 * world, then starts the overlay with the browser's own extension API.
 *
 * Starting before the page has any content matters: Chromium creates the isolated world's `chrome`
 * when the first content script runs, and if a page element already answers to that name
 * (`<form id="chrome">`), it takes the element for `chrome` and the extension API is out of reach.
 * Created first, `chrome` is the world's own property, which no element can shadow later.
 */
export function startOverlayInPage(deps: RuntimeDeps): Promise<OverlayRuntime | undefined> {
  const runtime = extensionRuntime();
  if (!runtime) return Promise.resolve(undefined);
  const ctx = new Lifetime(() => extensionAlive());
  ctx.takeOver();
  // First of all, so its listeners come before any the page adds.
  const shield = createEventShield(ctx.signal);
  return startOverlay(ctx, { send: envelopeSender((message) => runtime.sendMessage(message)), shield, ...deps });
}

/** Starts the overlay in this frame; resolves to `undefined` when nothing applies to the site. */
export function startOverlay(ctx: Lifetime, deps: RuntimeDeps): Promise<OverlayRuntime | undefined> {
  const started = start(ctx, deps);
  // End-to-end build only: tests wait on the start instead of sleeping (see E2E_RUNTIME_KEY).
  if (import.meta.env.MODE === 'e2e') (globalThis as Record<string, unknown>)[E2E_RUNTIME_KEY] = started;
  return started;
}

async function start(ctx: Lifetime, deps: RuntimeDeps): Promise<OverlayRuntime | undefined> {
  if (!ctx.isValid || !deps.send) return;
  // A reloaded extension can find the previous version's UI in this isolated world: never reuse it.
  registerUi(undefined);
  registerPatterns(undefined);
  registerRuntime(undefined);
  removeStaleUi(document);
  const send = guardedSend(ctx, deps.send);
  let state: OverlayState;
  // The address the greeting is about (the browser's, for the frame, as the page starts).
  const greeted = new URL(location.href);
  try {
    // The background takes the page's address from the browser (the sender), not from us. Asked
    // at once, so the answer is on its way while the page loads.
    const first = withRetry(ctx, () => send({ type: 'overlay.hello' }), deps.retryMs ?? RETRY_MS);
    first.catch(() => {}); // Handled below, once the document is parsed.
    await documentParsed(ctx.signal);
    state = await first;
  } catch (error) {
    console.debug('Stepwise: no rules for this page', error);
    return;
  }
  if (!ctx.isValid) return;
  if (!state.enabled || (!state.rules.length && !state.checklists?.length && !state.more)) {
    // Nothing can apply on this origin: nothing stays listening.
    ctx.end('No rules for this site');
    return;
  }
  return run(ctx, deps, send, ownState(state), greeted);
}

/** Resolves once the document is parsed (at once when it already is); never after `signal` aborts. */
function documentParsed(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // `readyState` rather than the event itself: a page can dispatch a fake DOMContentLoaded.
    const check = () => {
      if (document.readyState === 'loading') return;
      document.removeEventListener('readystatechange', check);
      resolve();
    };
    document.addEventListener('readystatechange', check, { signal });
    check();
  });
}

function run(ctx: Lifetime, deps: RuntimeDeps, send: Send, state: OverlayState, greeted: URL): OverlayRuntime {
  const { signal, timers } = ctx;
  // The side panel's probes (checklists) share the engine; the UI never sees them (`probes.ts`).
  let probes: readonly Rule[] = [];
  const everything = () => (probes.length ? [...state.rules, ...probes] : state.rules);
  // The engine also watches for the app's own modal dialog (`app-modal.ts`), hidden from the rest.
  const engine = withAppModal(
    deps.createEngine({ root: document, url: location.href, rules: withModalRule(state.rules) }),
  );
  const view = visibleEngine(engine);
  const listeners: ((change: OverlayChange) => void)[] = [];
  let uiLoad: Promise<boolean> | undefined;
  let patternsLoad: Promise<PatternTester> | undefined;

  /**
   * Asks the background to inject a bundle into this frame, then takes what it registered. Tried
   * again while the background cannot answer (a worker stopped mid-request): nothing else asks
   * again on a page that stays still, and a pattern engine never loaded holds back the checklists'
   * reports for good.
   */
  const inject = async <T>(type: 'overlay.loadUi' | 'overlay.loadPatterns', registered: () => T | undefined) => {
    await withRetry(
      ctx,
      async () => {
        if (!registered()) await send({ type });
      },
      deps.retryMs ?? RETRY_MS,
    );
    const value = registered();
    if (!value) throw new Error(`Nothing registered after ${type}`);
    return value;
  };
  // The pattern engine is large: it is loaded only once a rule whose URL matches must test one.
  const patterns = () =>
    (patternsLoad ??= inject('overlay.loadPatterns', registeredPatterns).catch((error) => {
      patternsLoad = undefined;
      throw error;
    }));
  const ensurePatterns = () => {
    if (!patternsLoad && engine.wantsPatterns?.()) {
      patterns().then(
        (tester) => !signal.aborted && deliver(engine.setPatternTester!(tester), undefined, true),
        (error) => console.warn('Stepwise: could not load the pattern engine', error),
      );
    }
  };

  const host: OverlayHost = {
    ctx,
    engine: view,
    state,
    send,
    url: () => location.href,
    subscribe: (listener) => void listeners.push(listener),
    patterns,
    appModal: () => engine.appModal(),
    guard: (element, root, pressed) => deps.shield?.guard(element, root, pressed),
  };

  const loadUi = async (): Promise<boolean> => {
    const mount = await inject('overlay.loadUi', registeredUi);
    if (signal.aborted) return false;
    mount(host);
    return true;
  };
  const ui = () =>
    (uiLoad ??= loadUi().catch((error) => {
      console.warn('Stepwise: could not load the overlay UI', error);
      uiLoad = undefined;
      return false;
    }));
  const ensureUi = () => {
    if (!uiLoad && wantsUi(view.active(), state)) void ui();
  };

  function deliver(change: EngineChange, url?: string, patternsLoaded = false): void {
    ensurePatterns();
    // What holds on the page goes to the side panel's part, once loaded; the UI hears only of its rules.
    if (hideProbes(change) || url || patternsLoaded || change.entered.length || change.left.length) api.changed?.();
    // The engine names every rule whose target, start or `{ appear }` target moved: a batch that
    // changed none of them has nothing for the UI.
    if (!url && !change.entered.length && !change.left.length && !change.targets.length) return;
    for (const listener of listeners) {
      try {
        listener(url ? { ...change, url } : change);
      } catch (error) {
        console.warn('Stepwise: overlay update failed', error);
      }
    }
    ensureUi();
  }

  // Content health follows the app's own navigations: a new page (the query aside) may have rules
  // due for a probe, which the background then injects. Only a page someone stays on is worth
  // one: the background hears of it once its address has held for a while (a message per hash
  // change cost the page more than the rest of Stepwise's work on that navigation).
  let page = pageOf(location.href);
  let cancelPage: (() => void) | undefined;
  const pageChanged = (url: string) => {
    cancelPage?.();
    cancelPage = timers.timeout(() => {
      if (pageOf(url) === page) return;
      page = pageOf(url);
      send({ type: 'insights.pageChanged', url }).catch(() => {});
    }, PAGE_SETTLES_MS);
  };

  // The origin's other rules, for the addresses the app moves to (`PageRules.more`): asked once
  // per address that differs in a part their patterns read, and added to the page's.
  const asked = new Set<string>();
  const keyOf = ({ pathname, search, hash }: URL | Location) => {
    const more = state.more!;
    return pathname + (more.search ? search : '') + (more.hash ? (more.hashQuery ? hash : hash.split('?')[0]) : '');
  };
  const moreRules = async () => {
    const key = state.more && keyOf(location);
    if (!key || asked.has(key)) return;
    asked.add(key);
    let page: PageRules;
    try {
      const request = { type: 'overlay.rules', url: location.href } as const;
      page = ownState(await withRetry(ctx, () => send(request), deps.retryMs ?? RETRY_MS));
    } catch {
      // Asked again when the app comes back to this address (the background is gone, or the page).
      asked.delete(key);
      return;
    }
    const have = new Set(state.rules.map((r) => r.id));
    const added = page.rules.filter((r) => !have.has(r.id));
    if (!added.length || signal.aborted) return;
    // The person's state for the new rules: what the page holds of its own rules is newer.
    state.progress = Object.assign(page.progress, state.progress);
    state.completions = Object.assign(page.completions, state.completions);
    for (const id of page.known) if (!have.has(id)) state.known.push(id);
    for (const id of page.dismissedTips) if (!have.has(id)) state.dismissedTips.push(id);
    state.rules = [...state.rules, ...added];
    deliver(engine.setRules(everything()));
  };
  if (state.more) asked.add(keyOf(greeted));

  const env = browserSchedulerEnv(timers, signal);
  let checkedAt = 0;
  const stillValid = () => {
    const now = performance.now();
    if (now - checkedAt < 1000) return !signal.aborted;
    checkedAt = now;
    return ctx.isValid;
  };
  const scheduler = new ObservationScheduler({
    signal,
    engine,
    // Reading `isValid` is what notices an extension reload when nothing else does; it goes through
    // the extension API, so once a second is plenty.
    env: { ...env, yieldTask: (callback) => env.yieldTask(() => stillValid() && callback()) },
    timing: deps.timing,
    rescan: () => engine.setRules(everything()),
    onChange: (change, url) => {
      if (url) {
        pageChanged(url);
        void moreRules();
      }
      deliver(change, url);
    },
  });
  scheduler.observe(document);
  for (const root of engine.roots()) scheduler.observe(root);
  watchLocation(ctx, () => scheduler.urlChanged());
  // The side panel's part (`entrypoints/overlay-panel`) attaches to this when the background
  // injects it: here where the page has checklists, or when the panel asks the page something.
  const api: PageApi = {
    host,
    engine,
    ui,
    setProbes(rules) {
      probes = rules;
      deliver(engine.setRules(everything()));
    },
  };
  registerRuntime(api);
  if (state.checklists?.length) {
    // Tried again while the background cannot answer (a worker stopped mid-request): without the
    // panel's part, the page's checklist progress would never be reported.
    withRetry(
      ctx,
      async () => {
        if (!api.panel) await send({ type: 'overlay.loadPanel' });
      },
      deps.retryMs ?? RETRY_MS,
    ).catch((error) => console.warn('Stepwise: could not load the checklists', error));
  }
  // The app may have moved on while the greeting was answered.
  void moreRules();
  ensurePatterns();
  ensureUi();
  return { host, scheduler, ui: () => uiLoad ?? Promise.resolve(false) };
}

/** How long an address holds before the background hears of its page (content health's probes). */
export const PAGE_SETTLES_MS = 1_000;

/** A URL without its query (a probe's page: a hash-routed app's routes are pages). */
const pageOf = (url: string) => url.replace(/\?[^#]*/, '');

/** A request tried again with back-off while the background cannot answer. */
async function withRetry<T>(ctx: Lifetime, request: () => Promise<T>, retryMs: readonly number[]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const wait = retryMs[attempt];
      if (wait === undefined || !ctx.isValid) throw error;
      await new Promise<void>((resolve) => ctx.timers.timeout(resolve, wait));
    }
  }
}

/** Stops talking to the background once the extension is gone ("context invalidated"). */
function guardedSend(ctx: Lifetime, send: Send): Send {
  return (message) => {
    if (!ctx.isValid) return ctx.block();
    return send(message).catch((error: unknown) => {
      if (!ctx.isValid) return ctx.block();
      throw error;
    });
  };
}
