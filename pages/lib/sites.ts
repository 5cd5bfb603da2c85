/**
 * Turning a site on, from an extension page: a site is on when its origin is granted, so the page
 * asks the browser for the origin's host permission (inside the user's gesture). The background
 * notices the grant and registers the overlay there (`background/sites.ts`).
 */
import { browser } from '#imports';

/** A match pattern for the origin of `url`, e.g. `https://crm.example.com/*`. */
export function originPattern(url: string): string {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new Error(`Stepwise runs on http and https pages, not ${protocol} pages`);
  }
  return `${protocol}//${hostname}/*`;
}

/**
 * Asks the user for `origin` (must run in an extension page, inside a user gesture). The
 * background registers the overlay when the grant arrives (`permissions.onAdded`).
 */
export async function requestSite(origin: string): Promise<boolean> {
  return browser.permissions.request({ origins: [origin] });
}
