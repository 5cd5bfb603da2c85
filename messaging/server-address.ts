/** The team server's address as a person types it, checked once for the options page and the background. */

/**
 * `storage.local` key of the origin pattern granted for the team server alone: access to it lets
 * the background sync, and does not turn Stepwise on for that site. Absent when the server's
 * origin was already a site Stepwise runs on.
 */
export const SERVER_ONLY_ORIGIN_KEY = 'serverOnlyOrigin';

/**
 * The server's origin for an address a person typed: http or https, nothing after the host but
 * an optional slash. Throws a sentence saying what is wrong.
 */
export function serverOrigin(address: string): string {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new Error(`"${address}" is not a web address: enter one like https://stepwise.example.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`The server address must start with https:// (or http://), not ${url.protocol}//`);
  }
  if (url.username || url.password) throw new Error('Leave the user name and password out of the address');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new Error(`Enter the server's address only (${url.origin}), without a path`);
  }
  return url.origin;
}
