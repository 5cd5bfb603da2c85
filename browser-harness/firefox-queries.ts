/**
 * Finding the overlay's UI in Firefox, where WebDriver BiDi's accessibility locator walks element
 * children only and does not enter shadow roots: the overlay's (closed) shadow roots are reached
 * through the remote values Puppeteer's BiDi handles keep.
 */
import type { ElementHandle, Page } from 'puppeteer-core';

/** A BiDi remote value, as Puppeteer's BiDi handles keep it (internal). */
interface RemoteNode {
  type: string;
  sharedId?: string;
  value?: { shadowRoot?: RemoteNode | null };
}

/**
 * The shadow roots (open or closed) of the elements directly under `<html>` besides `<head>` and
 * `<body>`: where the overlay's UI lives. WebDriver BiDi serializes an element with its shadow
 * root, closed ones included, so a handle to it can be made from Puppeteer's remote value.
 */
export async function overlayShadowRoots(page: Page): Promise<ElementHandle[]> {
  const hosts = await page.$$(':root > :not(head, body)');
  const roots: ElementHandle[] = [];
  for (const host of hosts) {
    const internals = host as unknown as {
      remoteValue(): RemoteNode;
      realm: unknown;
      constructor: { from(value: RemoteNode, realm: unknown): ElementHandle };
    };
    if (typeof internals.remoteValue !== 'function' || typeof internals.constructor.from !== 'function') {
      throw new Error(
        "Puppeteer's BiDi element handles no longer expose remoteValue()/from(): update overlayShadowRoots in browser-harness/firefox-queries.ts",
      );
    }
    const root = internals.remoteValue().value?.shadowRoot;
    if (root?.sharedId) roots.push(internals.constructor.from(root, internals.realm));
    await host.dispose();
  }
  return roots;
}

/**
 * The elements matching the ARIA `selector` on a Firefox page: inside the overlay's shadow roots
 * first, then in the document (BiDi's accessibility locator walks element children only). With
 * `first`, stops at the first root that has one (the document, the largest, is searched last).
 */
export async function firefoxAllByRole(page: Page, selector: string, first = false): Promise<ElementHandle[]> {
  const found: ElementHandle[] = [];
  const roots = await overlayShadowRoots(page);
  for (const root of roots) {
    if (!(first && found.length)) found.push(...(await root.$$(selector)));
    await root.dispose();
  }
  if (!(first && found.length)) found.push(...(await page.$$(selector)));
  return found;
}
