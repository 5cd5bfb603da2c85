// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOverlayRoot } from '../../../overlay-ui/shadow-host';

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
