/// <reference types="chrome" />
/**
 * The end-to-end harness: a real browser with the built extension loaded, driven by Puppeteer —
 * Chromium over CDP (this file) or Firefox over WebDriver BiDi (`firefox.ts`), behind one
 * `StepwiseBrowser` with the same helpers. `STEPWISE_BROWSER=firefox` (or `launch({ browser })`)
 * picks Firefox; Chromium otherwise.
 *
 * Chromium comes from `CHROME_PATH`, then `/usr/bin/chromium`, then a Chrome that Puppeteer
 * installed itself (`chromium-binary.ts`); with none, the suite fails and says what to install.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page, type Target } from 'puppeteer-core';
import type { Envelope, MessageOf, MessageType, Replies } from '../messaging/messages';
import { CHROME_ARGS, findChrome } from './chromium-binary';
import { named, WAIT_MS, waitFor } from './queries';
import { BackgroundWorker, targetId } from './service-worker';
import type { Background, LaunchOptions } from './types';

export * from './chromium-binary';
export * from './downloads';
export * from './queries';
export { BackgroundWorker } from './service-worker';

/** The e2e build (`npm run build:e2e`): the demo CRM's origin is granted in its manifest. */
export const E2E_EXTENSION_DIR = resolve(import.meta.dirname, '../.output/chrome-mv3-e2e');

/** The browsers the harness drives. */
export type BrowserName = 'chromium' | 'firefox';

/** The browser the end-to-end tests run in: `STEPWISE_BROWSER` (`chromium` or `firefox`), Chromium by default. */
export function e2eBrowser(env: NodeJS.ProcessEnv = process.env): BrowserName {
  const name = env.STEPWISE_BROWSER?.trim().toLowerCase() || 'chromium';
  if (name === 'chromium' || name === 'chrome') return 'chromium';
  if (name === 'firefox') return 'firefox';
  throw new Error(`STEPWISE_BROWSER is "${env.STEPWISE_BROWSER}": use "chromium" or "firefox"`);
}

export type { Background, LaunchOptions, OverlayWorld } from './types';
export { DEFAULT_WINDOW } from './types';

/**
 * A running browser with Stepwise loaded, and the helpers the tests use on it. The same helpers
 * work in both browsers, with what differs said on each.
 */
export abstract class StepwiseBrowser {
  /** An extension page kept open to send page messages from. */
  protected messenger: Page | null = null;

  protected constructor(
    readonly name: BrowserName,
    readonly browser: Browser,
    readonly extensionId: string,
    readonly userDataDir: string,
    protected readonly ownsProfile: boolean,
  ) {}

  /** Launches the browser `options.browser` (or `STEPWISE_BROWSER`) with the e2e build loaded. */
  static async launch(options: LaunchOptions = {}): Promise<StepwiseBrowser> {
    if ((options.browser ?? e2eBrowser()) === 'firefox') {
      const { FirefoxStepwise } = await import('./firefox');
      return FirefoxStepwise.launch(options);
    }
    return ChromiumStepwise.launch(options);
  }

  /** The extension's base URL, e.g. `chrome-extension://<id>/` or `moz-extension://<uuid>/`. */
  abstract get origin(): string;

  /** Where the background's extension APIs can be called (the background itself in Chromium). */
  abstract worker(): Promise<Background>;

  /** Stops the background, as the browser does when it is idle; the next event starts it again. */
  abstract stopWorker(): Promise<void>;

  /** Saves the browser's downloads in `dir`, without asking (a file being written ends in `.crdownload` or `.part`). */
  abstract downloadTo(dir: string): Promise<void>;

  /**
   * Makes `page` prefer reduced motion (`reduce: true`) or not. Firefox has no per-page emulation
   * over BiDi: there it is the browser's setting, for every page until it is set back.
   */
  abstract prefersReducedMotion(page: Page, reduce: boolean): Promise<void>;

  /**
   * Evaluates `fn` in the overlay content script's world on `page`, so a test can send messages
   * exactly as the overlay does, with the page's URL and tab as their sender.
   */
  abstract inContentScript<A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>>;

  /**
   * Makes sure Stepwise is on for `origin` (a match pattern such as `http://127.0.0.1/*`): the
   * e2e build holds that permission from install, so this checks it and waits for the overlay's
   * registration rather than showing a prompt a headless browser cannot answer.
   */
  async grantDemoOrigin(origin = 'http://127.0.0.1/*'): Promise<void> {
    const worker = await this.worker();
    await waitFor(
      () =>
        worker.evaluate(async (o) => {
          const granted = await chrome.permissions.contains({ origins: [o] });
          const scripts = await chrome.scripting.getRegisteredContentScripts();
          return granted && scripts.some((s) => s.matches?.includes(o));
        }, origin),
      `the overlay to be registered for ${origin}`,
    );
  }

  /** The extension page messages are sent from, opened in a background tab the first time. */
  protected async messengerPage(): Promise<Page> {
    if (!this.messenger || this.messenger.isClosed()) {
      // A background tab: the test's own pages stay in front (a hidden page gets no animation frames).
      this.messenger = await this.openExtensionTab('popup', '', true);
    }
    return this.messenger;
  }

  /** The id of the tab showing `page`, found by its full address (make it unique among the tabs). */
  async tabIdOf(page: Page): Promise<number> {
    const worker = await this.worker();
    const url = page.url();
    const id = await waitFor(
      () => worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url),
      `the tab of ${url}`,
    );
    return id!;
  }

  /** Opens an extension page (side panel, popup or options) as a tab. */
  openExtensionPage(name: 'sidepanel' | 'popup' | 'options' | 'editor', query = ''): Promise<Page> {
    return this.openExtensionTab(name, query, false);
  }

  /**
   * Waits until `popup` (the popup's page, opened as a tab) has closed itself, as it does once it
   * has started the picker or a recording. Bring another tab to the front only after that:
   * Firefox's `browsingContext.activate` waits for the tab in front to be hidden and fails ("no
   * such frame: BrowsingContext does no longer exist") when that tab closes meanwhile. Over BiDi,
   * Puppeteer may not hear that an extension page closed: a page that no longer answers is closed.
   */
  async popupClosed(popup: Page): Promise<void> {
    await waitFor(
      async () =>
        popup.isClosed() ||
        (await popup
          .evaluate(() => false)
          .then(
            () => false,
            () => true,
          )),
      'the popup to close itself (window.close())',
    );
  }

  /** Loads the extension's `<name>.html` (plus `query`) in `page` and waits for it to load. */
  abstract loadExtensionPage(page: Page, name: string, query?: string): Promise<void>;

  /** Opens `<name>.html` of the extension in a new tab and waits for it to load. */
  protected async openExtensionTab(name: string, query: string, background: boolean): Promise<Page> {
    const page = await this.browser.newPage({ background });
    await this.loadExtensionPage(page, name, query);
    return page;
  }

  /**
   * Sends a message to the background from an extension page, through the real messaging path
   * (validation, sender check, handler), and returns the reply's value; throws with its error.
   */
  async send<T extends MessageType>(message: MessageOf<T> | { type: T }): Promise<Replies[T]> {
    const messenger = await this.messengerPage();
    const envelope = (await messenger.evaluate(
      (m) => chrome.runtime.sendMessage(m),
      message as unknown as Record<string, unknown>,
    )) as Envelope<Replies[T]> | undefined;
    if (!envelope) throw new Error(`No reply to "${message.type}"`);
    if (!envelope.ok) throw new Error(envelope.error);
    return envelope.value;
  }

  /** Imports a rule pack as the options page does (`packs.import`); returns the import's reply. */
  importPack(pack: unknown, source: 'local' | 'imported' | 'server' = 'imported'): Promise<Replies['packs.import']> {
    return this.send({ type: 'packs.import', pack, source });
  }

  /**
   * The first tab not in `ignore` whose address (as the page itself reports it) `matches`, once
   * one does, e.g. a page Stepwise opened. Firefox's BiDi targets may keep a stale URL for extension pages.
   */
  waitForPage(matches: (url: string) => boolean, what: string, ignore: Page[] = []): Promise<Page> {
    return waitFor(async () => {
      for (const page of await this.browser.pages()) {
        if (ignore.includes(page)) continue;
        const url = await page.evaluate(() => location.href).catch(() => '');
        if (matches(url)) return page;
      }
      return null;
    }, what) as Promise<Page>;
  }

  /** A new tab at `url`, loaded. */
  async open(url: string): Promise<Page> {
    const page = await this.browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  async close(): Promise<void> {
    this.messenger = null;
    await this.browser.close();
    if (this.ownsProfile) await rm(this.userDataDir, { recursive: true, force: true });
  }
}

/** Chromium with Stepwise loaded, over CDP: the background is the extension's service worker. */
export class ChromiumStepwise extends StepwiseBrowser {
  private readonly background = new BackgroundWorker(() => this.workerTarget());

  static override async launch(options: LaunchOptions = {}): Promise<ChromiumStepwise> {
    const extensionDir = options.extensionDir === undefined ? E2E_EXTENSION_DIR : options.extensionDir;
    if (extensionDir && !existsSync(join(extensionDir, 'manifest.json'))) {
      throw new Error(`No built extension at ${extensionDir}. Run \`npm run build:e2e\` first (npm test does).`);
    }
    const executablePath = await findChrome();
    const ownsProfile = !options.userDataDir;
    const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'stepwise-profile-')));
    const browser = await puppeteer.launch({
      executablePath,
      headless: options.headless ?? true,
      pipe: true,
      userDataDir,
      enableExtensions: extensionDir ? [extensionDir] : false,
      args: options.window
        ? [...CHROME_ARGS, `--window-size=${options.window.width},${options.window.height}`]
        : CHROME_ARGS,
      ...(options.window && { defaultViewport: options.window }),
    });
    let extensionId = '';
    if (extensionDir) {
      const target = await browser
        .waitForTarget(isStepwiseWorker, { timeout: WAIT_MS })
        .catch(named(`Stepwise's service worker to start (extension ${extensionDir})`, WAIT_MS));
      extensionId = new URL(target.url()).host;
    }
    return new ChromiumStepwise('chromium', browser, extensionId, userDataDir, ownsProfile);
  }

  /** `chrome-extension://<id>/` */
  override get origin(): string {
    return `chrome-extension://${this.extensionId}/`;
  }

  /** The background service worker: evaluates code in it, starting it first if it is not running. */
  async worker(): Promise<BackgroundWorker> {
    await this.workerTarget();
    return this.background;
  }

  /** The service worker's target, started if it is not running. */
  private async workerTarget(): Promise<Target> {
    const target = this.browser.targets().find(isStepwiseWorker);
    if (target) return target;
    // Opening an extension page wakes the worker through its first message.
    const page = await this.openExtensionPage('options');
    try {
      return await this.browser
        .waitForTarget(isStepwiseWorker, { timeout: WAIT_MS })
        .catch(named("Stepwise's service worker to start again", WAIT_MS));
    } finally {
      await page.close();
    }
  }

  /**
   * Stops the background service worker, as Chrome does when it is idle or kills it. Returns once
   * the worker that was running is gone: its target closed or, when messages keep arriving and
   * Chrome starts the worker again at once under the same target, a new worker answers (one with
   * another start time: nothing of the old one's memory).
   */
  async stopWorker(): Promise<void> {
    const target = this.browser.targets().find(isStepwiseWorker);
    if (!target) return;
    const { startedAt } = await this.send({ type: 'debug.store', action: 'stats' });
    const root = await this.browser.target().createCDPSession();
    try {
      await root.send('Target.closeTarget', { targetId: targetId(target) });
    } finally {
      await root.detach().catch(() => undefined);
      // An attached session would keep the worker from stopping.
      await this.background.detach();
    }
    const gone = await waitFor(() => !this.browser.targets().includes(target), 'the worker target to close', 1_500)
      .then(() => true)
      .catch(() => false);
    if (gone) return;
    await waitFor(
      async () => (await this.send({ type: 'debug.store', action: 'stats' })).startedAt !== startedAt,
      'the service worker to stop',
    );
  }

  override async downloadTo(dir: string): Promise<void> {
    const session = await this.browser.target().createCDPSession();
    await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
  }

  override async prefersReducedMotion(page: Page, reduce: boolean): Promise<void> {
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: reduce ? 'reduce' : 'no-preference' }]);
  }

  override async loadExtensionPage(page: Page, name: string, query = ''): Promise<void> {
    await page.goto(`${this.origin}${name}.html${query}`, { waitUntil: 'load' });
  }

  /** The content script's isolated world, reached through CDP. */
  override async inContentScript<A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>> {
    const session = await page.createCDPSession();
    try {
      const contexts: {
        id: number;
        origin: string;
        auxData?: { type?: string; isDefault?: boolean; frameId?: string };
      }[] = [];
      session.on('Runtime.executionContextCreated', (event) => contexts.push(event.context));
      await session.send('Runtime.enable');
      const frameId = (page.mainFrame() as unknown as { _id: string })._id;
      const context = await waitFor(
        () =>
          contexts.find(
            (c) =>
              c.auxData?.type === 'isolated' && c.origin === this.origin.slice(0, -1) && c.auxData.frameId === frameId,
          ),
        'the overlay content script to run on the page',
      );
      const result = await session.send('Runtime.evaluate', {
        // tsx (esbuild) may wrap functions in `__name(...)`: define it in that world too.
        expression: `((__name) => (${fn.toString()})(${JSON.stringify(arg)}))((f) => f)`,
        contextId: context!.id,
        awaitPromise: true,
        returnByValue: true,
      });
      if (result.exceptionDetails) {
        throw new Error(
          `In the content script: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`,
        );
      }
      return result.result.value as Awaited<R>;
    } finally {
      await session.detach().catch(() => undefined);
    }
  }

  override async close(): Promise<void> {
    await this.background.detach();
    await super.close();
  }
}

function isStepwiseWorker(target: Target): boolean {
  return (
    target.type() === 'service_worker' &&
    target.url().startsWith('chrome-extension://') &&
    target.url().endsWith('/background.js')
  );
}
