/**
 * Host access to the team server, asked from an extension page inside the person's click: for
 * that one origin only (`https://stepwise.example.com/*`), so the background may call it. Access
 * granted for the server alone is marked as such (SERVER_ONLY_ORIGIN_KEY): it does not turn the
 * overlay on for that site, and it is given back when the connection fails or ends.
 */
import { browser } from '#imports';
import { SERVER_ONLY_ORIGIN_KEY, serverOrigin } from '../../messaging/server-address';

/** The match pattern of the server at `address` (its origin); throws a sentence when the address is wrong. */
export function serverPattern(address: string): string {
  const origin = serverOrigin(address);
  return `${origin.replace(/:\d+$/, '')}/*`;
}

/**
 * Asks the browser for access to the server at `address` (must run inside a user gesture).
 * Resolves to the pattern granted for the server alone, or null when Stepwise already had access
 * (a site it runs on); throws a sentence saying what to do when the address is wrong or the
 * person declined.
 */
export async function requestServerAccess(address: string): Promise<string | null> {
  const pattern = serverPattern(address);
  const host = new URL(serverOrigin(address)).host;
  if (await browser.permissions.contains({ origins: [pattern] })) return null;
  // Marked before the grant, so the background never takes the new origin for a site.
  await browser.storage.local.set({ [SERVER_ONLY_ORIGIN_KEY]: pattern });
  const granted = await browser.permissions.request({ origins: [pattern] });
  if (!granted) {
    await browser.storage.local.remove(SERVER_ONLY_ORIGIN_KEY);
    throw new Error(
      `Stepwise needs access to ${host} to sync with your team's server. Click Connect again and choose Allow.`,
    );
  }
  return pattern;
}

/** Gives back access asked for the server alone (the connection was refused). */
export async function releaseServerAccess(pattern: string): Promise<void> {
  await browser.permissions.remove({ origins: [pattern] });
  await browser.storage.local.remove(SERVER_ONLY_ORIGIN_KEY);
}
