import type { CDPSession, Target } from 'puppeteer-core';
import type { Background } from './harness';

/** CDP's id of a target (Puppeteer keeps it internal). */
export function targetId(target: Target): string {
  return (target as unknown as { _targetId: string })._targetId;
}

/**
 * Evaluates code in the background service worker, over a CDP session of its own. When Chrome
 * stops the worker and starts it again (under the same target or a new one) the session goes
 * stale, and the next call attaches again: it always reaches the worker as it is now.
 */
export class BackgroundWorker implements Background {
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
