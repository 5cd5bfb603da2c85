/**
 * The panel's lists as last drawn for a page, kept in the extension's own `localStorage` (read
 * without a message to the background, and synchronously), so an opening panel shows them at once
 * while it asks the background what holds now. What is shown from it is a picture: inert (no
 * button, link or field in it can be reached by the pointer, the keyboard or a screen reader) and
 * marked busy, and the live answer replaces all of it in one step (`mountPanel`).
 *
 * Kept per page address (as the tab reports it), for the last `MAX_SNAPSHOTS` pages; a picture larger than
 * `MAX_SNAPSHOT_CHARS` (every row of a large catalog shown with "Show all") is not kept. A page
 * whose live answer has no lists (the site turned off, no packs, a page that cannot be reached)
 * loses its picture, so a stale one is never shown twice.
 */

/** The picture's format: a change of the panel's markup that old pictures would not fit bumps it. */
const FORMAT = 1;
const PREFIX = `stepwise:panel-snapshot:${FORMAT}:`;
/** The addresses with a picture, most recent last. */
const INDEX = `stepwise:panel-snapshots:${FORMAT}`;
export const MAX_SNAPSHOTS = 8;
export const MAX_SNAPSHOT_CHARS = 200_000;
/** The class of the element that holds a picture in the panel's root. */
export const SNAPSHOT_CLASS = 'panel-snapshot';

/** Where pictures are kept: `localStorage`'s part of the Storage interface. */
export type SnapshotStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The key of `url`'s picture: web pages only (a browser page or a file shows no lists). */
export function snapshotKey(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return PREFIX + parsed.href;
  } catch {
    return null;
  }
}

function readIndex(storage: SnapshotStorage): string[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(INDEX) ?? '[]');
    return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** The picture of `url`'s lists, if one is kept. */
export function readSnapshot(url: string | undefined, storage: SnapshotStorage = localStorage): string | null {
  const key = snapshotKey(url);
  if (!key) return null;
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * Keeps `html` as `url`'s picture, forgetting the least recently kept beyond `MAX_SNAPSHOTS`.
 * Storage that is full or refused loses the picture only: the panel works the same without it.
 */
export function saveSnapshot(url: string | undefined, html: string, storage: SnapshotStorage = localStorage): void {
  const key = snapshotKey(url);
  if (!key) return;
  if (html.length > MAX_SNAPSHOT_CHARS) {
    forgetSnapshot(url, storage);
    return;
  }
  try {
    const keys = [...readIndex(storage).filter((k) => k !== key), key];
    for (const old of keys.splice(0, Math.max(0, keys.length - MAX_SNAPSHOTS))) storage.removeItem(old);
    storage.setItem(INDEX, JSON.stringify(keys));
    storage.setItem(key, html);
  } catch {
    forgetSnapshot(url, storage);
  }
}

/** Forgets `url`'s picture. */
export function forgetSnapshot(url: string | undefined, storage: SnapshotStorage = localStorage): void {
  const key = snapshotKey(url);
  if (!key) return;
  try {
    storage.removeItem(key);
    storage.setItem(INDEX, JSON.stringify(readIndex(storage).filter((k) => k !== key)));
  } catch {
    // Nothing kept, nothing to forget.
  }
}

/**
 * The markup of `main` as it looks on a screen `height` pixels tall: what starts below it is left
 * out (drawing it would only delay the next opening's first paint, and the live panel replaces
 * the picture before anyone scrolls), and a box's tick, a property the markup does not carry,
 * becomes an attribute.
 */
export function pictureOf(main: HTMLElement, height = pictureHeight()): string {
  const copy = main.cloneNode(true) as HTMLElement;
  const boxes = main.querySelectorAll('input');
  copy.querySelectorAll('input').forEach((box, i) => {
    box.toggleAttribute('checked', boxes[i]?.checked ?? false);
  });
  leaveOutBelow(main, copy, height);
  return copy.outerHTML;
}

/** The tallest the panel can be: its height now, or the screen's. */
const pictureHeight = (): number => Math.max(innerHeight, screen.availHeight || 0);

/**
 * Removes from `copy` (a clone of `shown`) the elements that start at or below `height`, looking
 * inside only the elements that cross that line.
 */
function leaveOutBelow(shown: Element, copy: Element, height: number): void {
  const children = [...shown.children];
  const copies = [...copy.children];
  children.forEach((child, i) => {
    const box = child.getBoundingClientRect();
    if (box.top >= height) copies[i]?.remove();
    else if (box.bottom > height) leaveOutBelow(child, copies[i]!, height);
  });
}

/**
 * Shows `html` in `root` as a picture of the lists (inert, busy) and marks the moment it is drawn
 * (`stepwise:panel-snapshot`, after the next paint; the benchmark reads it).
 */
export function showSnapshot(root: HTMLElement, html: string): void {
  const picture = document.createElement('div');
  picture.className = SNAPSHOT_CLASS;
  picture.inert = true;
  picture.setAttribute('aria-busy', 'true');
  picture.innerHTML = html;
  root.replaceChildren(picture);
  requestAnimationFrame(() => setTimeout(() => performance.mark('stepwise:panel-snapshot'), 0));
}

/** Whether `root` shows a picture (the live panel has not replaced it yet). */
export const showsSnapshot = (root: HTMLElement): boolean =>
  root.firstElementChild?.classList.contains(SNAPSHOT_CLASS) ?? false;
