/**
 * The overlay runtime: the always-loaded part of the content script. It asks the background for
 * the page's rules, feeds URL changes and DOM mutations to the engine once per frame, and loads the
 * UI bundle only once a rule that can show something applies. Everything it starts hangs off
 * `ctx`, so an extension update or reload leaves nothing behind.
 */
import type { ContentScriptContext } from '#imports';
import type { OverlayState } from '../messaging/messages';
import { sendMessage } from '../messaging/send';
import type { CreateEngine, EngineChange, PatternTester, Rule } from '../rules/engine';
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
import { watchLocation } from './location';
import { hideProbes, type PageApi, registerRuntime, visibleEngine } from './probes';
import { ObservationScheduler } from './scheduler';
import { browserSchedulerEnv } from './scheduler-env';
import type { SchedulerTiming } from './scheduler-pacing';
import { SignalTimers } from './timers';

/** What the runtime is built from: the engine, and (for tests) the messaging and timing. */
export interface RuntimeDeps {
  createEngine: CreateEngine;
  send?: Send;
  timing?: Partial<SchedulerTiming>;
  /** The waits between tries of the first request (`HELLO_RETRY_MS` by default). */
  helloRetryMs?: readonly number[];
}

/**
 * The waits between tries of the first request. A service worker stopped while the page loads can
 * miss it (no receiver yet, or the reply lost as it stops): help must still come, a moment later.
 */
export const HELLO_RETRY_MS: readonly number[] = [100, 250, 500, 1000, 2000, 4000];

/** A running overlay (what tests and the benchmark can look at from the isolated world). */
export interface OverlayRuntime {
  host: OverlayHost;
  scheduler: ObservationScheduler;
  /** Resolves once the UI is mounted (or at once when none was needed yet). */
  ui(): Promise<boolean>;
}

/** Starts the overlay in this frame; resolves to `undefined` when nothing applies to the site. */
export function startOverlay(ctx: ContentScriptContext, deps: RuntimeDeps): Promise<OverlayRuntime | undefined> {
  const started = start(ctx, deps);
  // End-to-end build only: tests wait on the start instead of sleeping (see E2E_RUNTIME_KEY).
  if (import.meta.env.MODE === 'e2e') (globalThis as Record<string, unknown>)[E2E_RUNTIME_KEY] = started;
  return started;
}

async function start(ctx: ContentScriptContext, deps: RuntimeDeps): Promise<OverlayRuntime | undefined> {
  if (ctx.isInvalid) return;
  // A reloaded extension can find the previous version's UI in this isolated world: never reuse it.
  registerUi(undefined);
  registerPatterns(undefined);
  registerRuntime(undefined);
  removeStaleUi(document);
  const send = guardedSend(ctx, deps.send ?? sendMessage);
  let state: OverlayState;
  try {
    state = await hello(ctx, send, deps.helloRetryMs ?? HELLO_RETRY_MS);
  } catch (error) {
    console.debug('Stepwise: no rules for this page', error);
    return;
  }
  if (ctx.isInvalid || !state.enabled || (state.rules.length === 0 && !state.checklists?.length)) return;
  return run(ctx, deps, send, ownState(state));
}

function run(ctx: ContentScriptContext, deps: RuntimeDeps, send: Send, state: OverlayState): OverlayRuntime {
  const signal = ctx.signal;
  const timers = new SignalTimers(signal);
  // The side panel's probes (checklists) share the engine; the UI never sees them (`probes.ts`).
  let probes: readonly Rule[] = [];
  const everything = () => (probes.length ? [...state.rules, ...probes] : state.rules);
  const engine = deps.createEngine({ root: document, url: location.href, rules: state.rules });
  const view = visibleEngine(engine);
  const listeners: ((change: OverlayChange) => void)[] = [];
  let uiLoad: Promise<boolean> | undefined;
  let patternsLoad: Promise<PatternTester> | undefined;

  /** Asks the background to inject a bundle into this frame, then takes what it registered. */
  const inject = async <T>(type: 'overlay.loadUi' | 'overlay.loadPatterns', registered: () => T | undefined) => {
    if (!registered()) await send({ type });
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
    ctx: {
      signal,
      get isValid() {
        return ctx.isValid;
      },
      timers,
    },
    engine: view,
    state,
    send,
    url: () => location.href,
    subscribe: (listener) => void listeners.push(listener),
    patterns,
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
    onChange: deliver,
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
    send({ type: 'overlay.loadPanel' }).catch((error) =>
      console.warn('Stepwise: could not load the checklists', error),
    );
  }
  ensurePatterns();
  ensureUi();
  return { host, scheduler, ui: () => uiLoad ?? Promise.resolve(false) };
}

/** The first request, tried again with back-off while the background cannot answer. */
async function hello(ctx: ContentScriptContext, send: Send, retryMs: readonly number[]): Promise<OverlayState> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send({ type: 'overlay.hello', url: location.href });
    } catch (error) {
      const wait = retryMs[attempt];
      if (wait === undefined || ctx.isInvalid) throw error;
      await new Promise<void>((resolve) => ctx.setTimeout(() => resolve(), wait));
    }
  }
}

/** Stops talking to the background once the extension is gone ("context invalidated"). */
function guardedSend(ctx: ContentScriptContext, send: Send): Send {
  return (message) => {
    if (ctx.isInvalid) return ctx.block();
    return send(message).catch((error: unknown) => {
      if (ctx.isInvalid) return ctx.block();
      throw error;
    });
  };
}
