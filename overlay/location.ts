/**
 * URL changes the overlay follows: the Navigation API's `navigate` event, plus `popstate` and
 * `hashchange`, which arrive at once everywhere. In Chromium's isolated world `navigate` fires for
 * the page's own `pushState`, `replaceState`, hash changes and Back/Forward alike (the page's
 * history calls fire no other event there), but before the new URL is committed. So each signal
 * only schedules a check: the scheduler compares `location.href` on its next flush, after the page
 * has committed the URL and rendered (a Back whose commit comes later is caught by the `popstate`
 * that follows it). Without the Navigation API, a one-second check of the URL stands in for it.
 *
 * Everything is heard where the page cannot see it: no event is dispatched on the page's window
 * (WXT's watcher dispatched one named with the extension's id), and a `navigation` that is really
 * a page element (`<div id="navigation">`, where the browser has no Navigation API) is not used.
 */
import type { OverlayContext } from './bridge';

/** The Navigation API's object, when the browser has one. */
function navigationApi(scope: object): EventTarget | undefined {
  const navigation = (scope as { navigation?: unknown }).navigation;
  return Object.prototype.toString.call(navigation) === '[object Navigation]' ? (navigation as EventTarget) : undefined;
}

/** Calls `changed` on every signal that the URL may have moved; stops with `ctx`. */
export function watchLocation(
  ctx: Pick<OverlayContext, 'signal' | 'timers'>,
  changed: () => void,
  scope: object = globalThis,
): void {
  const { signal } = ctx;
  const navigation = navigationApi(scope);
  if (navigation) navigation.addEventListener('navigate', changed, { signal });
  else {
    let last = location.href;
    const check = () => {
      if (location.href !== last) {
        last = location.href;
        changed();
      }
      ctx.timers.timeout(check, 1000);
    };
    ctx.timers.timeout(check, 1000);
  }
  window.addEventListener('popstate', changed, { signal });
  window.addEventListener('hashchange', changed, { signal });
}
