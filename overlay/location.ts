/**
 * URL changes the overlay follows: WXT's `wxt:locationchange` (the Navigation API's `navigate`
 * event in Chromium, a one-second poll elsewhere), plus `popstate` and `hashchange`, which arrive at
 * once everywhere. In Chromium's isolated world `navigate` fires for the page's own `pushState`,
 * `replaceState`, hash changes and Back/Forward alike (the page's history calls fire no other event
 * there), but before the new URL is committed. So each signal only schedules a check: the scheduler
 * compares `location.href` on its next flush, after the page has committed the URL and rendered
 * (a Back whose commit comes later is caught by the `popstate` that follows it). Without the
 * Navigation API, WXT's one-second poll stands in for `navigate`.
 */
import type { ContentScriptContext } from '#imports';

/** Calls `changed` on every signal that the URL may have moved; stops with `ctx`. */
export function watchLocation(ctx: ContentScriptContext, changed: () => void): void {
  ctx.addEventListener(window, 'wxt:locationchange', changed);
  ctx.addEventListener(window, 'popstate', changed);
  ctx.addEventListener(window, 'hashchange', changed);
}
