/// <reference types="chrome" />
/**
 * Firefox with Stepwise loaded, driven by Puppeteer over WebDriver BiDi.
 *
 * Firefox has no service-worker target to find the extension by: its MV3 background is an event
 * page with no BiDi context of its own. The harness starts Firefox with `-remote-allow-system-access`,
 * which lets BiDi evaluate in the browser's own (chrome) window, and from there:
 * - reads the extension's moz-extension:// host from `WebExtensionPolicy` after
 *   `browser.installExtension` (the id the browser generated at install, nothing guessed),
 * - stops the background as about:debugging's "Terminate background script" does,
 * - opens and closes the sidebar;
 * and lets BiDi navigate a tab to the extension's pages (refused without it). Extension APIs are
 * called from an extension page the harness keeps open (same extension, same APIs as the
 * background); the content script's world is reached with `scripting.executeScript`, which runs
 * in the same sandbox as the overlay.
 *
 * Known gaps of Puppeteer on Firefox, handled here: `goto` on a moz-extension:// page does not
 * resolve (the page is waited for by its own `location` and `readyState`), and ARIA queries do not
 * look inside shadow roots (the overlay's closed roots are searched explicitly, see `allByRole`).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { type Background, DEFAULT_WINDOW, type LaunchOptions, StepwiseBrowser, WAIT_MS, waitFor } from './harness';

export { FirefoxOverlayWorld } from './firefox-overlay-world';

/** The Firefox e2e build (`npm run build:e2e`): the demo CRM's origin is granted in its manifest. */
export const FIREFOX_E2E_EXTENSION_DIR = resolve(import.meta.dirname, '../.output/firefox-mv3-e2e');

export const FIREFOX_INSTALL_HINT =
  'No Firefox found for the end-to-end tests. Install it (Debian/Ubuntu: `sudo apt-get install -y firefox-esr`) ' +
  'or point FIREFOX_PATH at a Firefox binary.';

/** Finds Firefox: `FIREFOX_PATH`, then `/usr/bin/firefox-esr`, then `/usr/bin/firefox`; or throws with the install command. */
export function findFirefox(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FIREFOX_PATH) {
    if (existsSync(env.FIREFOX_PATH)) return env.FIREFOX_PATH;
    throw new Error(`FIREFOX_PATH is set to ${env.FIREFOX_PATH}, but there is no file there. ${FIREFOX_INSTALL_HINT}`);
  }
  for (const path of ['/usr/bin/firefox-esr', '/usr/bin/firefox']) if (existsSync(path)) return path;
  throw new Error(FIREFOX_INSTALL_HINT);
}

/** Preferences for a quiet, predictable test profile (Puppeteer adds its own on top). */
const FIREFOX_PREFS: Record<string, unknown> = {
  // No first-run pages, updates or telemetry on a closed network.
  'browser.shell.checkDefaultBrowser': false,
  'app.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  // Keep the event page running between tests unless a test stops it.
  'extensions.background.idle.timeout': 300_000,
};

/** The part of Puppeteer's BiDi connection the harness uses (Puppeteer keeps it internal). */
interface BidiConnection {
  send(method: 'browsingContext.getTree', params: object): Promise<{ result: { contexts: { context: string }[] } }>;
  send(
    method: 'script.evaluate',
    params: object,
  ): Promise<{
    result:
      | { type: 'success'; result: { type: string; value?: string } }
      | { type: 'exception'; exceptionDetails?: { text?: string } };
  }>;
}

/** Firefox with Stepwise loaded. */
export class FirefoxStepwise extends StepwiseBrowser {
  /** The add-on id from the manifest (`browser_specific_settings.gecko.id`). */
  private addonId = '';

  static override async launch(options: LaunchOptions = {}): Promise<FirefoxStepwise> {
    const extensionDir = options.extensionDir === undefined ? FIREFOX_E2E_EXTENSION_DIR : options.extensionDir;
    if (extensionDir && !existsSync(join(extensionDir, 'manifest.json'))) {
      throw new Error(`No built extension at ${extensionDir}. Run \`npm run build:e2e\` first (npm test does).`);
    }
    const executablePath = findFirefox();
    const ownsProfile = !options.userDataDir;
    const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'stepwise-firefox-')));
    const size = options.window ?? DEFAULT_WINDOW;
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: options.headless ?? true,
      userDataDir,
      // Firefox over BiDi cannot size a page's viewport: the window is sized instead.
      defaultViewport: null,
      // (Firefox takes -width and -height; it ignores Chromium's --window-size.)
      args: ['-remote-allow-system-access', '-width', String(size.width), '-height', String(size.height)],
      extraPrefsFirefox: { ...FIREFOX_PREFS, ...options.firefoxPrefs },
    });
    const sw = new FirefoxStepwise('firefox', browser, '', userDataDir, ownsProfile);
    if (!extensionDir) return sw;
    try {
      sw.addonId = await browser.installExtension(extensionDir);
      const host = await sw.inChrome<string | null>(
        `WebExtensionPolicy.getByID(${JSON.stringify(sw.addonId)})?.mozExtensionHostname ?? null`,
      );
      if (!host) throw new Error(`Firefox installed ${sw.addonId} but has no moz-extension:// host for it`);
      (sw as { extensionId: string }).extensionId = host;
      await waitFor(
        () => sw.inChrome<boolean>(`${sw.policy}.extension?.backgroundState === 'running'`),
        "Stepwise's background to start",
      );
      // Firefox opens an extension's sidebar when it is installed; tests open it when they mean to.
      await sw.closeSidebar();
      return sw;
    } catch (error) {
      await sw.close().catch(() => undefined);
      throw error;
    }
  }

  /** `moz-extension://<uuid>/` */
  override get origin(): string {
    return `moz-extension://${this.extensionId}/`;
  }

  /** Chrome-scope code for the extension's `WebExtensionPolicy`. */
  private get policy(): string {
    return `WebExtensionPolicy.getByID(${JSON.stringify(this.addonId)})`;
  }

  /** The sidebar's id in Firefox's `SidebarController` (its widget id, then `-sidebar-action`). */
  private get sidebarId(): string {
    return `${this.addonId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-sidebar-action`;
  }

  /**
   * Extension APIs from an extension page of Stepwise's. Firefox's event page is not a BiDi
   * context; an extension page has the same APIs, storage and IndexedDB as the background.
   */
  async worker(): Promise<Background> {
    return {
      evaluate: async (fn, ...args) => {
        const page = await this.messengerPage();
        // tsx (esbuild) may wrap functions in `__name(...)`: define it there too.
        return (await page.evaluate(`((__name) => (${fn.toString()})(...${JSON.stringify(args)}))((f) => f)`)) as never;
      },
    };
  }

  /**
   * Stops the background event page as about:debugging's "Terminate background script" does (and
   * as Firefox does after its idle timeout); the next message starts it again. Firefox keeps an
   * event page running while events keep arriving, so the request is repeated until the page that
   * was running is gone (stopped, or replaced by a new one).
   */
  async stopWorker(): Promise<void> {
    const extension = `${this.policy}.extension`;
    const mark = JSON.stringify(randomUUID());
    await this.inChrome(
      `(() => { const c = ${extension}.backgroundContext; if (c) c.stepwiseHarnessMark = ${mark}; })()`,
    );
    await waitFor(
      async () => {
        const state = await this.inChrome<string>(
          `(() => { const e = ${extension}; return e.backgroundContext?.stepwiseHarnessMark === ${mark} ? e.backgroundState : 'gone'; })()`,
        );
        if (state === 'gone') return true;
        if (state === 'running') {
          await this.inChrome(
            `${extension}.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true })`,
          );
        }
        return false;
      },
      'Firefox to stop the background (it keeps an event page running while events keep arriving)',
      WAIT_MS,
      200,
    );
  }

  /** BiDi's navigation to an extension page never reports done: the page itself is asked. */
  override loadExtensionPage(page: Page, name: string, query = ''): Promise<void> {
    return this.gotoExtensionPage(page, `${this.origin}${name}.html${query}`);
  }

  private async gotoExtensionPage(page: Page, url: string): Promise<void> {
    // The document before is marked, so a page already at `url` (or one that wrote it into its own
    // address) is not taken for the new one.
    const mark = `stepwiseHarnessLeft${randomUUID().replaceAll('-', '')}`;
    await page.evaluate((m) => ((window as unknown as Record<string, boolean>)[m] = true), mark).catch(() => undefined);
    page.goto(url).catch(() => undefined);
    await waitFor(
      () =>
        page
          .evaluate((u, m) => location.href === u && document.readyState === 'complete' && !(m in window), url, mark)
          .catch(() => false),
      `${url} to load`,
    );
  }

  /** A new tab at `url` (a web page or one of the extension's), loaded. */
  override async open(url: string): Promise<Page> {
    if (!url.startsWith(this.origin)) return super.open(url);
    const page = await this.browser.newPage();
    await this.gotoExtensionPage(page, url);
    return page;
  }

  /**
   * Runs `fn(arg)` in the overlay content script's sandbox on `page` (`scripting.executeScript`
   * shares it with the registered content scripts), so messages it sends carry the page's tab
   * and URL as their sender, exactly as the overlay's do.
   */
  async inContentScript<A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>> {
    return this.executeInTab<Awaited<R>>(
      page,
      `function (arg) { const __name = (f) => f; return (${fn.toString()})(arg); }`,
      arg,
    );
  }

  /**
   * Evaluates `func` (source text of a one-argument function) with `arg` in Stepwise's content
   * script sandbox in the top frame of `page`, and returns its (awaited) result.
   */
  async executeInTab<R>(page: Page, func: string, arg: unknown): Promise<R> {
    const tabId = await this.tabIdOf(page);
    const messenger = await this.messengerPage();
    const outcome = (await messenger.evaluate(`(async () => {
      try {
        const [result] = await browser.scripting.executeScript({
          target: { tabId: ${tabId}, frameIds: [0] },
          args: [${JSON.stringify(arg ?? null)}],
          func: ${func},
        });
        return result.error ? { error: String(result.error?.message ?? result.error) } : { value: result.result };
      } catch (error) {
        return { error: String(error?.message ?? error) };
      }
    })()`)) as { value?: R; error?: string };
    if (outcome.error !== undefined) throw new Error(`In the content script: ${outcome.error}`);
    return outcome.value as R;
  }

  /** The extension's tab id for `page`: by its URL, or by a mark set in the page when several tabs share it. */
  override async tabIdOf(page: Page): Promise<number> {
    const url = await page.evaluate(() => location.href);
    const worker = await this.worker();
    const ids = await worker.evaluate(
      async (u) => (await chrome.tabs.query({})).filter((t) => t.url === u).map((t) => t.id!),
      url,
    );
    if (ids.length === 1) return ids[0]!;
    if (ids.length === 0) throw new Error(`No tab of Firefox's shows ${url}`);
    const mark = randomUUID();
    await page.evaluate((m) => {
      (window as unknown as { __harnessMark?: string }).__harnessMark = m;
    }, mark);
    try {
      const messenger = await this.messengerPage();
      for (const id of ids) {
        const seen = await messenger.evaluate(
          `browser.scripting.executeScript({ target: { tabId: ${id}, frameIds: [0] },
             func: () => window.wrappedJSObject.__harnessMark }).then(([r]) => r?.result, () => null)`,
        );
        if (seen === mark) return id;
      }
    } finally {
      await page.evaluate(() => delete (window as unknown as { __harnessMark?: string }).__harnessMark);
    }
    throw new Error(`Could not tell which of ${ids.length} tabs showing ${url} is this page`);
  }

  /** Downloads go straight to `dir` (Firefox's preferences, as its settings page sets them). */
  override async downloadTo(dir: string): Promise<void> {
    await this.inChrome(`(() => {
      Services.prefs.setIntPref('browser.download.folderList', 2);
      Services.prefs.setStringPref('browser.download.dir', ${JSON.stringify(dir)});
      Services.prefs.setBoolPref('browser.download.useDownloadDir', true);
      Services.prefs.setBoolPref('browser.download.always_ask_before_handling_new_types', false);
      Services.prefs.setBoolPref('browser.download.start_downloads_in_tmp_dir', false);
      Services.prefs.setBoolPref('browser.download.alwaysOpenPanel', false);
    })()`);
  }

  /** Firefox's own setting (`ui.prefersReducedMotion`): every page of the browser follows it at once. */
  override async prefersReducedMotion(_page: Page, reduce: boolean): Promise<void> {
    await this.inChrome(
      reduce
        ? `Services.prefs.setIntPref('ui.prefersReducedMotion', 1)`
        : `Services.prefs.setIntPref('ui.prefersReducedMotion', 0)`,
    );
  }

  /** Opens Stepwise's sidebar in the current window, as its toolbar button or the Sidebar menu does. */
  async openSidebar(): Promise<void> {
    await this.inChrome(`(async () => { await SidebarController.show(${JSON.stringify(this.sidebarId)}); })()`);
  }

  /** Closes the sidebar when Stepwise's is the one open. */
  async closeSidebar(): Promise<void> {
    await this.inChrome(
      `(async () => { if (SidebarController.isOpen && SidebarController.currentID === ${JSON.stringify(this.sidebarId)}) await SidebarController.hide(); })()`,
    );
  }

  /**
   * Evaluates `expression` in the browser's own window (chrome scope, system privileges) and
   * returns its JSON value. Only the harness uses this, for what no web or extension API offers.
   */
  async inChrome<T = unknown>(expression: string): Promise<T> {
    const connection = (this.browser as unknown as { connection: BidiConnection }).connection;
    const { result: tree } = await connection
      .send('browsingContext.getTree', { 'moz:scope': 'chrome' })
      .catch((error: unknown) => {
        throw new Error(
          `Firefox refused to evaluate in its own window (${error}). The harness needs a Firefox whose ` +
            'WebDriver BiDi takes -remote-allow-system-access and moz:scope (ESR 140 or later).',
        );
      });
    const context = tree.contexts[0]?.context;
    if (!context) throw new Error('Firefox has no browser window to evaluate in');
    const { result } = await connection.send('script.evaluate', {
      expression: `(async () => JSON.stringify((await (${expression})) ?? null))()`,
      target: { context },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    if (result.type === 'exception') {
      throw new Error(`In Firefox's chrome scope: ${result.exceptionDetails?.text ?? 'an exception'}`);
    }
    return JSON.parse(result.result.value ?? 'null') as T;
  }
}
