/**
 * The hand-over between the always-loaded overlay runtime (the content script) and its UI bundle
 * (`entrypoints/overlay-ui`), which the background injects into the same frame only once help is
 * due. Both run in the extension's isolated world, so the UI registers its mount function on that
 * world's global, under a `Symbol.for` key: the page's world has its own global and its own symbol
 * registry, so it cannot see the slot, and a page element can shadow only a string-named global
 * (`<div id="__stepwiseOverlayUi">` did), never a symbol. No web-accessible resource is needed.
 */

import type { PageContext } from '../messaging/areas/panel';
import type { MessageOf, MessageType, OverlayState, Replies } from '../messaging/messages';
import type { ActiveRule, EngineChange, MatchEngine, PatternTester } from '../rules/engine';
import type { SignalTimers } from './timers';

/** The isolated-world slot the UI bundle registers its mount function in. */
export const UI_KEY: unique symbol = Symbol.for('stepwise.overlay.ui');

/**
 * In the end-to-end build only, the runtime's start (a promise of it) on the isolated world's
 * global, which the page cannot see: a test waits on it until the overlay has looked at the page.
 */
export const E2E_RUNTIME_KEY = '__stepwiseRuntime';

/** The tag of the element that holds the overlay's (closed) shadow root. */
export const HOST_TAG = 'stepwise-overlay';

/**
 * Removes overlay UI an earlier start of Stepwise left in the page. Firefox destroys an updated or
 * reloaded extension's content scripts without running any of their code, so the UI they had
 * added would stay, dead (its buttons answer nothing), over the new one.
 */
export function removeStaleUi(doc: Document): void {
  for (const host of doc.querySelectorAll(HOST_TAG)) host.remove();
}

/** The content script's lifetime: its signal, a validity check and timers that end with it. */
export interface OverlayContext {
  readonly signal: AbortSignal;
  /** False once the extension was reloaded or updated; reading it aborts `signal` then. */
  readonly isValid: boolean;
  readonly timers: SignalTimers;
}

/** What changed since the UI last heard: the engine's answer plus whether the URL moved. */
export interface OverlayChange extends EngineChange {
  /** The URL the engine now evaluates, when it changed. */
  url?: string;
}

/** Sends a typed message to the background. */
export type Send = <T extends MessageType>(message: MessageOf<T>) => Promise<Replies[T]>;

/** Everything the runtime hands the UI. */
export interface OverlayHost {
  readonly ctx: OverlayContext;
  readonly engine: MatchEngine;
  /** The user's state as the background sent it; the UI keeps it current as it reports. */
  readonly state: OverlayState;
  readonly send: Send;
  /** The current URL as the engine sees it. */
  url(): string;
  /** Called after each processed batch or URL change, with what changed. */
  subscribe(listener: (change: OverlayChange) => void): void;
  /** The app's own modal dialog that is open now (the topmost), or null. */
  appModal(): Element | null;
  /**
   * Keeps the events that start in `root` (the UI's closed shadow root under `element`) away from
   * the page; `pressed` hears when the pointer goes down on the UI and when that press is over.
   */
  guard(element: Element, root: ShadowRoot, pressed?: (down: boolean) => void): void;
  /** The linear-time pattern engine, loaded on first use (for a hint's `validate`, say). */
  patterns(): Promise<PatternTester>;
  /** Set by the UI once mounted: what the side panel can ask of it (through the background). */
  panel?: PanelCommands;
}

/** What the mounted UI does for the side panel. */
export interface PanelCommands {
  /** Starts a walkthrough that applies on this page, from its first step; false when it cannot. */
  start(ruleId: string): boolean;
  /** The walkthrough on screen, its step and target, and the last help events here. */
  context(): PageContext;
}

/** The UI bundle's entry: mounts the overlay UI for `host`; everything it starts dies with `host.ctx`. */
export type MountOverlayUi = (host: OverlayHost) => void;

/** The UI's view of the engine's active rules, re-exported for components. */
export type { ActiveRule };

type UiGlobal = typeof globalThis & { [UI_KEY]?: MountOverlayUi };

/** The mount function the UI bundle registered in this isolated world, if it is loaded. */
export function registeredUi(): MountOverlayUi | undefined {
  const mount = (globalThis as UiGlobal)[UI_KEY];
  return typeof mount === 'function' ? mount : undefined;
}

/** Registers (or, with `undefined`, forgets) the UI bundle's mount function. */
export function registerUi(mount: MountOverlayUi | undefined): void {
  if (mount) (globalThis as UiGlobal)[UI_KEY] = mount;
  else delete (globalThis as UiGlobal)[UI_KEY];
}

/**
 * Where the patterns bundle (`entrypoints/overlay-patterns`) leaves its tester in the isolated world:
 * a symbol, which no element id or name on the page can shadow.
 */
const PATTERNS_KEY = Symbol.for('stepwise.patterns');
type PatternsGlobal = typeof globalThis & { [PATTERNS_KEY]?: PatternTester };

/** The pattern tester the patterns bundle registered in this isolated world, if it is loaded. */
export function registeredPatterns(): PatternTester | undefined {
  return (globalThis as PatternsGlobal)[PATTERNS_KEY];
}

/** Registers (or, with `undefined`, forgets) the patterns bundle's tester. */
export function registerPatterns(tester: PatternTester | undefined): void {
  (globalThis as PatternsGlobal)[PATTERNS_KEY] = tester;
}
