/**
 * Waiting for what a test expects, in either browser: a condition, an element by role and
 * accessible name (through closed shadow roots too), a page state. Every timeout names what it
 * waited for.
 */
import { type ElementHandle, type EvaluateFunc, type Page, TimeoutError } from 'puppeteer-core';

/**
 * How long a wait for something to happen (an element, a state, a worker) lasts before it fails
 * naming what it waited for. Waits end as soon as their condition holds, so this only catches
 * what never happens: it is sized for a 2-core machine busy with other work, not for speed.
 */
export const WAIT_MS = 30_000;

/** Waits until `check` returns truthy (polling, for test code only), or throws naming `what`. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = WAIT_MS,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** How much longer `byRole` waits over WebDriver BiDi (Firefox), where each query is slower. */
export const BIDI_TIMEOUT_FACTOR = 3;

/** True when `page` is driven over WebDriver BiDi (Firefox), false over CDP (Chromium). */
export function overBidi(page: Page): boolean {
  return (page.browser() as unknown as { protocol?: string }).protocol === 'webDriverBiDi';
}

/** Puppeteer's ARIA selector for `role` and, when given, the accessible name `name`. */
export function ariaSelector(role: string, name?: string): string {
  return name === undefined
    ? `::-p-aria([role=${JSON.stringify(role)}])`
    : `::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`;
}

/** Turns Puppeteer's timeout into one that names what was awaited (other errors pass through). */
export function named(what: string, timeoutMs: number) {
  return (error: unknown): never => {
    if (error instanceof TimeoutError) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    throw error;
  };
}

/**
 * Every element with `role` (and accessible name `name`, when given) on `page`, through closed
 * shadow roots too, as assistive technology finds them. Chromium's ARIA query reads the whole
 * accessibility tree; Firefox's (WebDriver BiDi `locateNodes`) walks element children only, so
 * there the overlay's shadow roots are searched as well (`firefox.ts`).
 */
export async function allByRole(page: Page, role: string, name?: string): Promise<ElementHandle[]> {
  if (overBidi(page)) {
    const { firefoxAllByRole } = await import('./firefox-queries');
    return firefoxAllByRole(page, ariaSelector(role, name));
  }
  return page.$$(ariaSelector(role, name));
}

/** The first element with `role` and accessible name `name`, or null when there is none now. */
export async function queryRole(page: Page, role: string, name: string): Promise<ElementHandle | null> {
  if (!overBidi(page)) return page.$(ariaSelector(role, name));
  const { firefoxAllByRole } = await import('./firefox-queries');
  const [first = null, ...rest] = await firefoxAllByRole(page, ariaSelector(role, name), true);
  await Promise.all(rest.map((h) => h.dispose()));
  return first;
}

/**
 * Waits for an element by role and accessible name, through closed shadow roots too (Puppeteer's
 * ARIA query reads the accessibility tree, as assistive technology does).
 */
export async function byRole(page: Page, role: string, name: string, timeout = WAIT_MS): Promise<ElementHandle> {
  if (overBidi(page)) {
    // Each BiDi accessibility query walks the page in script, element by element: on the demo
    // CRM's 16,000-element accounts page one takes a second or more on a busy machine.
    const wait = timeout * BIDI_TIMEOUT_FACTOR;
    return (await waitFor(() => queryRole(page, role, name), `a ${role} named "${name}"`, wait, 100))!;
  }
  const handle = await page
    .waitForSelector(ariaSelector(role, name), { timeout })
    .catch(named(`a ${role} named "${name}"`, timeout));
  if (!handle) throw new Error(`No ${role} named "${name}"`);
  return handle;
}

/**
 * Clicks the element with `role` and accessible name `name` once it is there and has stopped
 * moving (a card that follows its target as the page scrolls it into view would otherwise take
 * the click at the place it just left), as Puppeteer's locators do.
 */
export async function clickRole(page: Page, role: string, name: string, timeout = WAIT_MS): Promise<void> {
  const handle = await byRole(page, role, name, timeout);
  await handle.asLocator().setTimeout(timeout).click();
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
