/**
 * The probe bundle's start: each time the background injects it into a frame (after the overlay's
 * greeting, and after the app's own navigations), once the page has loaded, asks the background
 * which rules are due, probes them in idle time and reports. It changes nothing on the page and adds no
 * listener the page could see; a failure is only logged.
 */
import type { Envelope, MessageOf, Replies } from '../messaging/messages';
import { nativeURLPattern } from '../rules/probe';
import { runProbe } from './probe';

type Send = (message: unknown) => Promise<unknown>;

/** The isolated world's flag: an injection while a probe runs asks for one more run after it. */
const STARTED = Symbol.for('stepwise.probe');
/** How long the page must be quiet before missing targets are looked for again, and the longest wait. */
const QUIET_MS = 1000;
const MAX_WAIT_MS = 10_000;

async function call<T extends 'insights.probeRules' | 'insights.probeReport'>(
  send: Send,
  message: MessageOf<T> & { type: T },
): Promise<Replies[T]> {
  const envelope = (await send(message)) as Envelope<Replies[T]> | undefined;
  if (!envelope?.ok) throw new Error(envelope ? envelope.error : `No reply to "${(message as { type: string }).type}"`);
  return envelope.value;
}

const loaded = () =>
  document.readyState === 'complete'
    ? Promise.resolve()
    : new Promise<void>((resolve) => window.addEventListener('load', () => resolve(), { once: true }));

const idle = (callback: (deadline: { timeRemaining(): number }) => void) =>
  typeof requestIdleCallback === 'function'
    ? requestIdleCallback(callback, { timeout: 5000 })
    : setTimeout(() => callback({ timeRemaining: () => 0 }), 50);

/** Resolves once no DOM change happened for `QUIET_MS`, or after `MAX_WAIT_MS`. */
function settled(): Promise<void> {
  return new Promise((resolve) => {
    let quiet: ReturnType<typeof setTimeout>;
    const done = () => {
      observer.disconnect();
      clearTimeout(quiet);
      clearTimeout(limit);
      resolve();
    };
    const observer = new MutationObserver(() => {
      clearTimeout(quiet);
      quiet = setTimeout(done, QUIET_MS);
    });
    observer.observe(document, { childList: true, subtree: true, attributes: true });
    quiet = setTimeout(done, QUIET_MS);
    const limit = setTimeout(done, MAX_WAIT_MS);
  });
}

/**
 * Probes this frame; `alive` says whether the extension that injected it is still there (once it
 * was reloaded or removed, a failed report is expected and not worth a warning). Injected again
 * while a probe runs (the app moved to another page meanwhile), it probes once more after it.
 */
export async function startProbe(send: Send, alive: () => boolean = () => true): Promise<void> {
  const world = globalThis as { [STARTED]?: 'running' | 'again' };
  if (world[STARTED]) {
    world[STARTED] = 'again';
    return;
  }
  do {
    world[STARTED] = 'running';
    try {
      await probeOnce(send);
    } catch (error) {
      if (alive()) console.warn('Stepwise: content health probe', error);
    }
  } while (askedAgain(world) && alive());
  world[STARTED] = undefined;
}

/** Whether the bundle was injected again while the probe ran (read through a call: it changes meanwhile). */
const askedAgain = (world: { [STARTED]?: 'running' | 'again' }) => world[STARTED] === 'again';

/** Asks for the rules due on this page, probes them and reports. */
async function probeOnce(send: Send): Promise<void> {
  await loaded();
  const { rules } = await call(send, { type: 'insights.probeRules', url: location.href });
  if (!rules.length) return;
  const results = await runProbe({
    rules,
    doc: document,
    url: () => location.href,
    URLPattern: nativeURLPattern(),
    idle,
    settled,
  });
  await call(send, { type: 'insights.probeReport', results });
}
