/// <reference types="chrome" />
/**
 * The end-to-end harness: Chromium with the built extension loaded, driven by Puppeteer.
 *
 * The browser comes from `CHROME_PATH`, then `/usr/bin/chromium`, then a Chrome that Puppeteer
 * installed itself; with none, the suite fails and says what to install.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getInstalledBrowsers, Browser as InstalledBrowser } from '@puppeteer/browsers';
import puppeteer, {
  type Browser,
  type CDPSession,
  type EvaluateFunc,
  type Page,
  type Target,
  TimeoutError,
} from 'puppeteer-core';
import type { Envelope, MessageOf, MessageType, Replies } from '../messaging/messages';

/**
 * How long a wait for something to happen (an element, a state, a worker) lasts before it fails
 * naming what it waited for. Waits end as soon as their condition holds, so this only catches
 * what never happens: it is sized for a 2-core machine busy with other work, not for speed.
 */
export const WAIT_MS = 30_000;

/** The e2e build (`npm run build:e2e`): the demo CRM's origin is granted in its manifest. */
export const E2E_EXTENSION_DIR = resolve(import.meta.dirname, '../.output/chrome-mv3-e2e');

export const INSTALL_HINT =
  'No Chromium found for the end-to-end tests. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) ' +
  'or point CHROME_PATH at a Chrome or Chromium binary.';

/** Finds the browser binary, or throws with the install command. */
export async function findChrome(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.CHROME_PATH) {
    if (existsSync(env.CHROME_PATH)) return env.CHROME_PATH;
    throw new Error(`CHROME_PATH is set to ${env.CHROME_PATH}, but there is no file there. ${INSTALL_HINT}`);
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const cacheDir = env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer');
  const installed = existsSync(cacheDir) ? await getInstalledBrowsers({ cacheDir }) : [];
  const own = installed.find((b) => b.browser === InstalledBrowser.CHROME || b.browser === InstalledBrowser.CHROMIUM);
  if (own && existsSync(own.executablePath)) return own.executablePath;
  throw new Error(INSTALL_HINT);
}

/** Flags that keep Chromium quiet and working on a machine with a closed network and no sandbox. */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface LaunchOptions {
  /** The unpacked extension; the e2e build by default. Pass `null` for a browser without it. */
  extensionDir?: string | null;
  /** Reuse a profile (for restart tests); a fresh temporary one by default. */
  userDataDir?: string;
  headless?: boolean;
}

/** A running Chromium with Stepwise loaded, and the helpers the tests use on it. */
export class StepwiseBrowser {
  /** An extension page kept open to send page messages from. */
  private messenger: Page | null = null;
  private readonly background = new BackgroundWorker(() => this.workerTarget());

  private constructor(
    readonly browser: Browser,
    readonly extensionId: string,
    readonly userDataDir: string,
    private readonly ownsProfile: boolean,
  ) {}

  static async launch(options: LaunchOptions = {}): Promise<StepwiseBrowser> {
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
      args: CHROME_ARGS,
    });
    let extensionId = '';
    if (extensionDir) {
      const target = await browser
        .waitForTarget(isStepwiseWorker, { timeout: WAIT_MS })
        .catch(named(`Stepwise's service worker to start (extension ${extensionDir})`, WAIT_MS));
      extensionId = new URL(target.url()).host;
    }
    return new StepwiseBrowser(browser, extensionId, userDataDir, ownsProfile);
  }

  /** `chrome-extension://<id>/` */
  get origin(): string {
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

  /** Opens an extension page (side panel, popup or options) as a tab. */
  async openExtensionPage(name: 'sidepanel' | 'popup' | 'options' | 'editor', query = ''): Promise<Page> {
    const page = await this.browser.newPage();
    await page.goto(`${this.origin}${name}.html${query}`, { waitUntil: 'load' });
    return page;
  }

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

  /**
   * Sends a message to the background from an extension page, through the real messaging path
   * (validation, sender check, handler), and returns the reply's value; throws with its error.
   */
  async send<T extends MessageType>(message: MessageOf<T> | { type: T }): Promise<Replies[T]> {
    if (!this.messenger || this.messenger.isClosed()) {
      // A background tab: the test's own pages stay in front (a hidden page gets no animation frames).
      this.messenger = await this.browser.newPage({ background: true });
      await this.messenger.goto(`${this.origin}popup.html`, { waitUntil: 'load' });
    }
    const envelope = (await this.messenger.evaluate(
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
   * Evaluates `fn` in the overlay content script's world on `page` (its isolated world, reached
   * through CDP), so a test can send messages exactly as the overlay does, with the page's URL
   * and tab as their sender.
   */
  async inContentScript<A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>> {
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

  /** A new tab at `url`, loaded. */
  async open(url: string): Promise<Page> {
    const page = await this.browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  async close(): Promise<void> {
    this.messenger = null;
    await this.background.detach();
    await this.browser.close();
    if (this.ownsProfile) await rm(this.userDataDir, { recursive: true, force: true });
  }
}

/** CDP's id of a target (Puppeteer keeps it internal). */
function targetId(target: Target): string {
  return (target as unknown as { _targetId: string })._targetId;
}

/**
 * Evaluates code in the background service worker, over a CDP session of its own. When Chrome
 * stops the worker and starts it again (under the same target or a new one) the session goes
 * stale, and the next call attaches again: it always reaches the worker as it is now.
 */
export class BackgroundWorker {
  private session: CDPSession | null = null;
  private sessionTarget: Target | null = null;

  constructor(private readonly target: () => Promise<Target>) {}

  async evaluate<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<Awaited<R>> {
    for (let attempt = 1; ; attempt++) {
      try {
        const session = await this.attach();
        const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
          // tsx (esbuild) may wrap functions in `__name(...)`: define it in the worker too.
          expression: `((__name) => (${fn.toString()})(...${JSON.stringify(args)}))((f) => f)`,
          awaitPromise: true,
          returnByValue: true,
        });
        if (exceptionDetails) {
          throw new Error(`In the service worker: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
        }
        return result.value as Awaited<R>;
      } catch (error) {
        const stale = /detached|closed|No target|No session|not found|Target closed/i.test(String(error));
        if (!stale || attempt >= 3) throw error;
        await this.detach();
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Lets go of the worker (a session attached to it keeps Chrome from stopping it). */
  async detach(): Promise<void> {
    const session = this.session;
    this.session = null;
    this.sessionTarget = null;
    await session?.detach().catch(() => undefined);
  }

  private async attach(): Promise<CDPSession> {
    const target = await this.target();
    if (this.session && !this.session.detached && this.sessionTarget === target) return this.session;
    await this.detach();
    const session = await target.createCDPSession();
    // Evaluate once the worker's context exists (Runtime.enable reports it, new or existing), and
    // let a worker that waits for a debugger (Puppeteer's auto-attach) run.
    const context = new Promise<void>((resolve) => session.once('Runtime.executionContextCreated', () => resolve()));
    await session.send('Runtime.enable');
    await session.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
    await Promise.race([context, new Promise((r) => setTimeout(r, 2_000))]);
    this.session = session;
    this.sessionTarget = target;
    return session;
  }
}

function isStepwiseWorker(target: Target): boolean {
  return (
    target.type() === 'service_worker' &&
    target.url().startsWith('chrome-extension://') &&
    target.url().endsWith('/background.js')
  );
}

/** Waits until `check` returns truthy (polling, for test code only), or throws naming `what`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** Turns Puppeteer's timeout into one that names what was awaited (other errors pass through). */
function named(what: string, timeoutMs: number) {
  return (error: unknown): never => {
    if (error instanceof TimeoutError) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    throw error;
  };
}

/**
 * Finds an element by role and accessible name, through closed shadow roots too (Puppeteer's
 * ARIA query reads the accessibility tree, as assistive technology does).
 */
export async function byRole(page: Page, role: string, name: string, timeout = WAIT_MS) {
  const handle = await page
    .waitForSelector(`::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`, { timeout })
    .catch(named(`a ${role} named "${name}"`, timeout));
  if (!handle) throw new Error(`No ${role} named "${name}"`);
  return handle;
}

/**
 * Waits until `condition` (evaluated in the page, with `args`) is truthy, or throws naming `what`.
 * Puppeteer's own timeout says only how long it waited.
 */
export async function waitInPage<Params extends unknown[], Func extends EvaluateFunc<Params> = EvaluateFunc<Params>>(
  page: Page,
  what: string,
  condition: Func,
  ...args: Params
): Promise<void> {
  await page.waitForFunction(condition, { timeout: WAIT_MS }, ...args).catch(named(what, WAIT_MS));
}

/** Waits until the page's text includes `text`. */
export function pageSays(page: Page, text: string): Promise<void> {
  return waitInPage(page, `the page to say "${text}"`, (t) => document.body.textContent?.includes(t), text);
}
