/**
 * Probes: rules the engine evaluates for the side panel (a checklist and each of its items), under
 * ids no pack rule can have (ids refuse control characters). They share the page's engine, so a
 * mutation is walked once for help and checklists together, but the overlay's UI never sees them.
 *
 * This is the always-loaded part: hiding probes from the UI, and handing the panel bundle
 * (`entrypoints/overlay-panel`, injected on demand) what it needs through the isolated world.
 */
import type { ToPage } from '../messaging/areas/panel';
import type { EngineChange, MatchEngine, Rule } from '../rules/engine';
import type { OverlayHost } from './bridge';

/** Starts every probe's id. */
export const PROBE = '\u0001';
export const isProbe = (id: string) => id[0] === PROBE;

/** Takes the probes out of `change`; true when there were any. */
export function hideProbes(change: EngineChange): boolean {
  let found = false;
  for (const list of [change.entered, change.left, change.targets]) {
    const kept = list.filter((id) => !isProbe(id));
    if (kept.length < list.length) {
      found = true;
      list.splice(0, list.length, ...kept);
    }
  }
  return found;
}

/** The engine as the UI sees it: without probes. */
export function visibleEngine(engine: MatchEngine): Required<MatchEngine> {
  const strip = (change: EngineChange) => {
    hideProbes(change);
    return change;
  };
  return {
    setRules: (rules) => strip(engine.setRules(rules)),
    setUrl: (url) => strip(engine.setUrl(url)),
    update: (batch) => strip(engine.update(batch)),
    takesWhole: (batch) => engine.takesWhole?.(batch) ?? false,
    setStep: (id, index) => strip(engine.setStep(id, index)),
    active: () => engine.active().filter((a) => !isProbe(a.rule.id)),
    get: (id) => (isProbe(id) ? undefined : engine.get(id)),
    matchesUrl: (pattern) => engine.matchesUrl(pattern),
    roots: () => engine.roots(),
    wantsPatterns: () => engine.wantsPatterns?.() ?? false,
    setPatternTester: (tester) => strip(engine.setPatternTester!(tester)),
    problems: () => engine.problems?.() ?? [],
  };
}

/** What the runtime hands the panel bundle. */
export interface PageApi {
  host: OverlayHost;
  /** The engine with the probes (the UI's `host.engine` is without). */
  engine: MatchEngine;
  /** Loads and mounts the overlay UI (once); false when it could not. */
  ui(): Promise<boolean>;
  /** Replaces the probes; the engine evaluates them from now on. */
  setProbes(rules: readonly Rule[]): void;
  /** Set by the panel bundle: called after a change that can alter what holds on the page. */
  changed?: () => void;
  /** Set by the panel bundle: answers the background's `ToPage` messages. */
  panel?: { command(message: ToPage): Promise<unknown> };
}

/** Where the runtime leaves its `PageApi` in the isolated world (a symbol no page name can shadow). */
export const RUNTIME_KEY = Symbol.for('stepwise.runtime');
type RuntimeGlobal = typeof globalThis & { [RUNTIME_KEY]?: PageApi };

export function registerRuntime(api: PageApi | undefined): void {
  (globalThis as RuntimeGlobal)[RUNTIME_KEY] = api;
}

export function registeredRuntime(): PageApi | undefined {
  return (globalThis as RuntimeGlobal)[RUNTIME_KEY];
}
