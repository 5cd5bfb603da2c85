import type { Page } from 'puppeteer-core';
import { E2E_RUNTIME_KEY } from '../overlay/bridge';
import type { FirefoxStepwise } from './firefox';
import { type OverlayWorld, waitFor } from './harness';

/**
 * What the tests read from the overlay's closed shadow root in Firefox, from Stepwise's own
 * content-script sandbox (where `element.openOrClosedShadowRoot` reaches it); Chromium's
 * counterpart is `IsolatedWorld`.
 */
export class FirefoxOverlayWorld implements OverlayWorld {
  constructor(
    private readonly sw: FirefoxStepwise,
    private readonly page: Page,
  ) {}

  /** Evaluates `expression` in the content script's sandbox and returns its (awaited) value. */
  evaluate<T>(expression: string): Promise<T> {
    return this.sw.executeInTab<T>(this.page, `function () { return (${expression}); }`, null);
  }

  /** Waits until the overlay runtime has looked at the page (e2e build only); see `IsolatedWorld.overlayStarted`. */
  async overlayStarted(): Promise<{ running: boolean; ui: boolean }> {
    await waitFor(
      () => this.evaluate<boolean>(`typeof globalThis.${E2E_RUNTIME_KEY} === 'object'`),
      'the overlay runtime to start (only the e2e build exposes it: `npm run build:e2e`)',
    );
    return this.evaluate(
      `globalThis.${E2E_RUNTIME_KEY}.then(async (r) => ({ running: Boolean(r), ui: r ? await r.ui() : false }))`,
    );
  }

  /** Text content of what matches `selector` inside the overlay's shadow root ('' when absent). */
  overlayText(selector: string): Promise<string> {
    return this.inRoot(selector, 'text');
  }

  /** How many elements match `selector` inside the overlay's shadow root. */
  overlayCount(selector: string): Promise<number> {
    return this.inRoot(selector, 'count');
  }

  /** The class of the first element matching `selector` in the overlay's shadow root ('' when none). */
  overlayClass(selector: string): Promise<string> {
    return this.inRoot(selector, 'class');
  }

  /** The role, or else the text, of what has focus inside the overlay ('' when nothing). */
  overlayFocus(): Promise<string> {
    return this.inRoot('', 'focus');
  }

  /** axe-core runs in Chromium's isolated world; Firefox's sandbox is not set up for it. */
  axe(): Promise<{ id: string; impact: string; nodes: string[] }[]> {
    return Promise.reject(new Error("The accessibility checks run in Chromium's isolated world (IsolatedWorld.axe)"));
  }

  async detach(): Promise<void> {}

  private inRoot<T>(selector: string, what: 'text' | 'count' | 'class' | 'focus'): Promise<T> {
    return this.sw.executeInTab<T>(
      this.page,
      `function ({ selector, what }) {
        const root = document.querySelector('stepwise-overlay')?.openOrClosedShadowRoot;
        if (what === 'focus') {
          const el = root?.activeElement;
          return el ? el.getAttribute('role') || el.textContent.trim() : '';
        }
        const found = [...(root?.querySelectorAll(selector) ?? [])];
        if (what === 'count') return found.length;
        if (what === 'class') return found[0]?.className ?? '';
        return found.map((e) => e.textContent).join('\\n');
      }`,
      { selector, what },
    );
  }
}
