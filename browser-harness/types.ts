/** What the end-to-end harness is launched with, and the worlds it hands the tests, in either browser. */
import type { BrowserName } from './harness';

export interface LaunchOptions {
  /** Which browser; `STEPWISE_BROWSER` (Chromium by default) when not given. */
  browser?: BrowserName;
  /** The unpacked extension; the browser's e2e build by default. Pass `null` for a browser without it. */
  extensionDir?: string | null;
  /** Reuse a profile (for restart tests); a fresh temporary one by default. */
  userDataDir?: string;
  headless?: boolean;
  /**
   * The window's outer size (Chromium: also every page's viewport). Firefox cannot size a page's
   * viewport over BiDi: its pages get the window less its toolbars.
   */
  window?: { width: number; height: number };
  /** Firefox only: preferences for the profile (e.g. to turn a web platform feature off). */
  firefoxPrefs?: Record<string, unknown>;
}

/** The window the harness opens by default: a laptop's. */
export const DEFAULT_WINDOW = { width: 1280, height: 800 };

/**
 * Stepwise's world on a page (where its content script runs), as the tests read the overlay's
 * closed shadow root: Chromium's `IsolatedWorld` (CDP), Firefox's `FirefoxOverlayWorld`.
 */
export interface OverlayWorld {
  /** Evaluates `expression` in that world (the APIs differ: `chrome.dom` in Chromium, `openOrClosedShadowRoot` in Firefox). */
  evaluate<T>(expression: string): Promise<T>;
  /**
   * Waits until the overlay runtime has asked for the page's rules and looked at the page (e2e build
   * only): whether it runs here, and whether it loaded its UI.
   */
  overlayStarted(): Promise<{ running: boolean; ui: boolean }>;
  /** Text content of what matches `selector` inside the overlay's shadow root ('' when absent). */
  overlayText(selector: string): Promise<string>;
  /** How many elements match `selector` inside the overlay's shadow root. */
  overlayCount(selector: string): Promise<number>;
  /** The class of the first element matching `selector` in the overlay's shadow root ('' when none). */
  overlayClass(selector: string): Promise<string>;
  /** The role, or else the text, of what has focus inside the overlay ('' when nothing). */
  overlayFocus(): Promise<string>;
  /** axe-core's violations on the overlay's element matching `selector` (Chromium only). */
  axe(selector?: string): Promise<{ id: string; impact: string; nodes: string[] }[]>;
  detach(): Promise<void>;
}

/** Evaluates functions where the background's extension APIs are (see each browser's `worker()`). */
export interface Background {
  evaluate<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<Awaited<R>>;
}
