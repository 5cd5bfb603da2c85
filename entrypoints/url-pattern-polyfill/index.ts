import { URLPattern } from 'urlpattern-polyfill/urlpattern';
import { defineUnlistedScript } from '#imports';

/**
 * URLPattern for the overlay's matching engine where the browser has none (Firefox before 142).
 * Only the Firefox build has this file; the background registers it just before the overlay
 * content script (`background/sites.ts`), in the same isolated world, so the Chrome content script never
 * carries the polyfill.
 */
export default defineUnlistedScript({
  include: ['firefox'],
  main() {
    const scope = globalThis as { URLPattern?: unknown };
    scope.URLPattern ??= URLPattern;
  },
});
