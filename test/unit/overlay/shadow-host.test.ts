// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOverlayRoot, PutBackPacing } from '../../../overlay-ui/shadow-host';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('createOverlayRoot', () => {
  it('puts a closed shadow root under <html>, styled from inside only', () => {
    const abort = new AbortController();
    const { host, root } = createOverlayRoot(':host { all: initial !important; }', abort.signal);
    expect(host.parentNode).toBe(document.documentElement);
    expect(host.shadowRoot).toBeNull();
    expect(root.mode).toBe('closed');
    expect(root.querySelector('style')?.textContent).toContain('all: initial');
    expect(document.head.querySelector('style')).toBeNull();
    abort.abort();
  });

  it('comes back when the page removes it, and goes for good with its signal', async () => {
    const abort = new AbortController();
    const { host } = createOverlayRoot('', abort.signal);
    host.remove();
    await settle();
    expect(host.isConnected).toBe(true);
    abort.abort();
    expect(host.isConnected).toBe(false);
    await settle();
    expect(host.isConnected).toBe(false);
  });

  it('does not fight a page that removes it on every return: the page keeps running', async () => {
    const abort = new AbortController();
    const { host } = createOverlayRoot('', abort.signal);
    let removals = 0;
    const page = new MutationObserver(() => {
      if (host.isConnected) {
        removals++;
        host.remove();
      }
    });
    page.observe(document.documentElement, { childList: true });
    host.remove();
    // Without pacing, the two observers would call each other for ever and this wait never ends.
    await new Promise((r) => setTimeout(r, 50));
    expect(removals).toBeGreaterThanOrEqual(5);
    expect(removals).toBeLessThan(20);
    // The page gives up: the overlay is back within the current wait.
    page.disconnect();
    await new Promise((r) => setTimeout(r, 400));
    expect(host.isConnected).toBe(true);
    abort.abort();
  });
});

describe('PutBackPacing', () => {
  it('returns at once a few times a second, then waits longer each time, up to 30 s', () => {
    const pacing = new PutBackPacing(3);
    expect([0, 1, 2].map((t) => pacing.next(t))).toEqual([0, 0, 0]);
    expect([3, 4, 5].map((t) => pacing.next(t))).toEqual([250, 500, 1000]);
    // A new second: a few at once again, and the waits go on from where they were.
    expect([2000, 2001, 2002, 2003].map((t) => pacing.next(t))).toEqual([0, 0, 0, 2000]);
    for (let t = 2004; t < 2020; t++) pacing.next(t);
    expect(pacing.next(2021)).toBe(30_000);
  });
});

describe('overlay code never hands markup strings to the DOM', () => {
  const root = join(import.meta.dirname, '../../..');
  const files = ['components', 'overlay', 'overlay-ui', 'entrypoints/overlay-ui', 'entrypoints/overlay'].flatMap(
    (dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.tsx?$/.test(f))
        .map((f) => join(dir, f)),
  );
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    expect(text).not.toMatch(
      /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write/,
    );
  });
});
