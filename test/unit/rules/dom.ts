/**
 * DOM fixtures for the rules tests: saved HTML in happy-dom, with declarative shadow roots
 * (`<template shadowrootmode="open">`) attached and same-origin iframes loaded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PropertySymbol, Window } from 'happy-dom';
import { URLPattern } from 'urlpattern-polyfill/urlpattern';
import type { URLPatternConstructor } from '../../../rules/url/types';

/** The polyfill's class: Node 20 has no URLPattern, as older Firefox has none. */
export const URLPatternImpl = URLPattern as unknown as URLPatternConstructor;

const FIXTURES = join(import.meta.dirname, '../../fixtures/rules');

export interface Fixture {
  window: Window;
  document: Document;
  close(): Promise<void>;
}

/** Turns `<template shadowrootmode="open">` children into open shadow roots. */
function attachDeclarativeShadowRoots(root: ParentNode): void {
  for (const template of Array.from(root.querySelectorAll('template[shadowrootmode]'))) {
    const host = template.parentElement!;
    const shadow = host.attachShadow({ mode: template.getAttribute('shadowrootmode') as 'open' | 'closed' });
    shadow.innerHTML = template.innerHTML;
    template.remove();
    attachDeclarativeShadowRoots(shadow);
  }
}

/** A document holding `html` (the body's content) at `url`. */
export async function documentWith(html: string, url = 'https://crm.example.com/'): Promise<Fixture> {
  const window = new Window({ url, settings: { disableJavaScriptEvaluation: true } });
  const document = window.document as unknown as Document;
  document.body.innerHTML = html;
  attachDeclarativeShadowRoots(document);
  await window.happyDOM.waitUntilComplete();
  return { window, document, close: () => window.happyDOM.close() };
}

/** A saved fixture from `test/fixtures/rules/<name>.html`. */
export function fixture(name: string, url?: string): Promise<Fixture> {
  return documentWith(readFileSync(join(FIXTURES, `${name}.html`), 'utf8'), url);
}

/**
 * happy-dom caches `matches()` per element and misses invalidating it when an ancestor changes
 * or a subtree moves (browsers keep no such cache), so tests that mutate clear it after each change.
 */
export function forgetMatchCaches(elements: Iterable<Element>): void {
  const clear = PropertySymbol.clearCache as unknown as string;
  for (const el of elements) (el as unknown as Record<string, () => void>)[clear]?.();
}
