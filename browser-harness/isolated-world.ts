/// <reference types="chrome" />
/**
 * Evaluates code in Stepwise's isolated world on a page (where the content script runs), through
 * CDP. From there `chrome.dom.openOrClosedShadowRoot` reaches into the overlay's closed shadow
 * root, which neither the page nor Puppeteer's `pierce/` selectors can. The page's own world never
 * sees any of it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CDPSession, Page } from 'puppeteer-core';
import { E2E_RUNTIME_KEY } from '../overlay/bridge';
import { type OverlayWorld, waitFor } from './harness';

interface ContextInfo {
  id: number;
  origin: string;
  auxData?: { frameId?: string; isDefault?: boolean; type?: string };
}

export class IsolatedWorld implements OverlayWorld {
  private readonly contexts = new Map<number, ContextInfo>();
  private axeLoadedIn = -1;

  private constructor(
    private readonly session: CDPSession,
    private readonly origin: string,
  ) {}

  /** Attaches to `page`; `extensionId` picks Stepwise's world out of the page's contexts. */
  static async attach(page: Page, extensionId: string): Promise<IsolatedWorld> {
    const session = await page.createCDPSession();
    const world = new IsolatedWorld(session, `chrome-extension://${extensionId}`);
    session.on('Runtime.executionContextCreated', ({ context }) => world.contexts.set(context.id, context));
    session.on('Runtime.executionContextDestroyed', ({ executionContextId }) =>
      world.contexts.delete(executionContextId),
    );
    session.on('Runtime.executionContextsCleared', () => world.contexts.clear());
    await session.send('Runtime.enable');
    return world;
  }

  /** The newest Stepwise context in the top frame (after an extension reload, the new one). */
  private async contextId(): Promise<number> {
    const { frameTree } = await this.session.send('Page.getFrameTree');
    const top = frameTree.frame.id;
    return waitFor(() => {
      const ids = [...this.contexts.values()]
        .filter((c) => c.origin === this.origin && c.auxData?.frameId === top)
        .map((c) => c.id);
      return ids.length ? Math.max(...ids) : 0;
    }, "Stepwise's content script in the page");
  }

  /** Evaluates `expression` (awaiting a promise) in the isolated world and returns its value. */
  async evaluate<T>(expression: string): Promise<T> {
    const contextId = await this.contextId();
    const { result, exceptionDetails } = await this.session.send('Runtime.evaluate', {
      expression,
      contextId,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) {
      throw new Error(`In the isolated world: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    }
    return result.value as T;
  }

  /**
   * Waits until the overlay runtime has asked for the page's rules and looked at the page as it was
   * then (end-to-end build only): whether it runs here, and whether it loaded its UI. After this, what
   * the page showed at load has had its chance to bring up help, so a test can assert an absence.
   */
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
    return this.evaluate(`(() => {
      const host = document.querySelector('stepwise-overlay');
      const root = host && chrome.dom.openOrClosedShadowRoot(host);
      return [...(root?.querySelectorAll(${JSON.stringify(selector)}) ?? [])].map((e) => e.textContent).join('\\n');
    })()`);
  }

  /** How many elements match `selector` inside the overlay's shadow root. */
  overlayCount(selector: string): Promise<number> {
    return this.evaluate(`(() => {
      const host = document.querySelector('stepwise-overlay');
      const root = host && chrome.dom.openOrClosedShadowRoot(host);
      return root?.querySelectorAll(${JSON.stringify(selector)}).length ?? 0;
    })()`);
  }

  /** The class of the first element matching `selector` in the overlay's shadow root ('' when none). */
  overlayClass(selector: string): Promise<string> {
    return this.evaluate(`(() => {
      const host = document.querySelector('stepwise-overlay');
      const root = host && chrome.dom.openOrClosedShadowRoot(host);
      return root?.querySelector(${JSON.stringify(selector)})?.className ?? '';
    })()`);
  }

  /** The role, or else the text, of what has focus inside the overlay ('' when nothing). */
  overlayFocus(): Promise<string> {
    return this.evaluate(`(() => {
      const host = document.querySelector('stepwise-overlay');
      const el = host && chrome.dom.openOrClosedShadowRoot(host)?.activeElement;
      return el ? el.getAttribute('role') || el.textContent.trim() : '';
    })()`);
  }

  /**
   * Runs axe-core on the overlay's card, inside the isolated world. axe finds shadow trees through
   * `element.shadowRoot`, which is null for a closed root; for the run only, the isolated world's
   * own `Element.prototype` (the page's is a different object) answers with the closed root.
   */
  async axe(selector = '.card'): Promise<{ id: string; impact: string; nodes: string[] }[]> {
    const contextId = await this.contextId();
    if (this.axeLoadedIn !== contextId) {
      const require = createRequire(import.meta.url);
      await this.evaluate<void>(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
      this.axeLoadedIn = contextId;
    }
    return this.evaluate(`(async () => {
      const proto = Element.prototype;
      const original = Object.getOwnPropertyDescriptor(proto, 'shadowRoot');
      Object.defineProperty(proto, 'shadowRoot', {
        configurable: true,
        get() { return chrome.dom.openOrClosedShadowRoot(this) ?? null; },
      });
      try {
        const host = document.querySelector('stepwise-overlay');
        const card = chrome.dom.openOrClosedShadowRoot(host).querySelector(${JSON.stringify(selector)});
        if (!card) throw new Error('No ${selector} in the overlay');
        const results = await axe.run(card, { resultTypes: ['violations'] });
        return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.failureSummary) }));
      } finally {
        Object.defineProperty(proto, 'shadowRoot', original);
      }
    })()`);
  }

  async detach(): Promise<void> {
    await this.session.detach().catch(() => undefined);
  }
}
