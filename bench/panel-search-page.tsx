/**
 * The part of the side panel benchmark that runs in a page (bundled by `bench/panel.ts`, which
 * also gives it the panel's stylesheet): the panel's own `Catalog` view on the catalog the background sent, searched as the person types,
 * once with the panel's own search (its MiniSearch index, built in slices after mounting as in the
 * panel) and once with the naive baseline (a substring filter
 * over every rule's name and step text). A keystroke's time runs from the input event to the list
 * drawn again: Preact's render, then style and layout forced, before the next task.
 */
import { render } from 'preact';
import type { CatalogRule, CatalogTexts } from '../messaging/areas/catalog';
import { Catalog } from '../pages/sidepanel/Catalog';
import { naiveSearch } from '../pages/sidepanel/search';

/** Resolves in the next task (after Preact's render, which runs in a microtask). */
const nextTask = () =>
  new Promise<void>((done) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done();
    channel.port2.postMessage(0);
  });

let box: HTMLElement | null = null;

async function mount(rules: CatalogRule[], texts: CatalogTexts, which: 'index' | 'naive'): Promise<void> {
  box?.remove();
  box = document.createElement('div');
  document.body.append(box);
  render(
    <Catalog
      rules={rules}
      contentKey={texts.contentKey}
      loadTexts={async () => texts}
      here={new Set(rules.slice(0, 20).map((r) => r.id))}
      known={new Set()}
      completions={{}}
      expertAfter={3}
      pageUrl="http://127.0.0.1/accounts"
      onStart={async () => ({ started: true })}
      onUndoKnown={() => undefined}
      onGo={() => undefined}
      {...(which === 'naive' && { makeSearch: naiveSearch })}
    />,
    box,
  );
  // The words come in a moment after the list is drawn (a message to the background in the panel).
  await nextTask();
  await nextTask();
}

/** Types `query` a character at a time into the search box; the milliseconds of each keystroke. */
async function type(query: string): Promise<number[]> {
  const input = box!.querySelector<HTMLInputElement>('#catalog-search')!;
  const times: number[] = [];
  for (let i = 1; i <= query.length; i++) {
    input.value = query.slice(0, i);
    const t0 = performance.now();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await Promise.resolve();
    // Style and layout of what changed, as the browser does before painting.
    void box!.offsetHeight;
    await nextTask();
    void box!.offsetHeight;
    times.push(performance.now() - t0);
  }
  return times;
}

/** Resolves after the next frame has been drawn. */
const nextFrame = () => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0)));

/**
 * Empties the search box (not timed). The list it brings back is laid out and drawn here, so that
 * work is not counted in the next keystroke.
 */
async function clear(): Promise<void> {
  const input = box!.querySelector<HTMLInputElement>('#catalog-search')!;
  input.value = '';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await nextTask();
  void box!.offsetHeight;
  await nextFrame();
}

/** The number of results listed now. */
const listed = () => box!.querySelectorAll('li.rule').length;

declare global {
  interface Window {
    panelBench: { mount: typeof mount; type: typeof type; clear: typeof clear; listed: typeof listed };
  }
}
window.panelBench = { mount, type, clear, listed };
