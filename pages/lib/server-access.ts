/**
 * Host access to the team server, asked from an extension page inside the person's click: for
 * that one origin only (`https://stepwise.example.com/*`), so the background may call it.
 */
import { browser } from '#imports';
import { serverOrigin } from '../../messaging/server-address';

/** The match pattern of the server at `address` (its origin); throws a sentence when the address is wrong. */
export function serverPattern(address: string): string {
  const origin = serverOrigin(address);
  return `${origin.replace(/:\d+$/, '')}/*`;
}

/**
 * Asks the browser for access to the server at `address` (must run inside a user gesture).
 * Resolves when granted; throws a sentence saying what to do when the address is wrong or the
 * person declined.
 */
export async function requestServerAccess(address: string): Promise<void> {
  const pattern = serverPattern(address);
  const host = new URL(serverOrigin(address)).host;
  if (await browser.permissions.contains({ origins: [pattern] })) return;
  const granted = await browser.permissions.request({ origins: [pattern] });
  if (!granted) {
    throw new Error(
      `Stepwise needs access to ${host} to sync with your team's server. Click Connect again and choose Allow.`,
    );
  }
}
