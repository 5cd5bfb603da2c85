/**
 * URL changes the overlay follows: WXT's `wxt:locationchange` (the Navigation API's `navigate`
 * event in Chromium, a one-second poll elsewhere), plus `popstate` and `hashchange`, which arrive at
 * once everywhere. Each only schedules a check: the scheduler compares `location.href` on the next
 * frame, after the page has committed the new URL and rendered for it.
 */
import type { ContentScriptContext } from '#imports';

/** Calls `changed` on every signal that the URL may have moved; stops with `ctx`. */
export function watchLocation(ctx: ContentScriptContext, changed: () => void): void {
  ctx.addEventListener(window, 'wxt:locationchange', changed);
  ctx.addEventListener(window, 'popstate', changed);
  ctx.addEventListener(window, 'hashchange', changed);
}
