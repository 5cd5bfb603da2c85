/**
 * The part of `npm run bench:picker` that runs in an isolated world of the page (bundled by
 * esbuild, evaluated through CDP): the picker's own generator and the baseline (@medv/finder with
 * its defaults), and the resolution of their targets after a reload. It sees the DOM only: the
 * demo app's record of which element is which lives in the page's own world, out of its reach.
 */
import { finder } from '@medv/finder';
import { generateTarget, resolveTarget } from '../rules/authoring';
import type { Target } from '../rules/index';

/**
 * Every element of the page in one order, which the page's world computes the same way: tree
 * order, an open shadow root's content after its host, a same-origin frame's body after the frame.
 */
export function walk(doc: Document = document): Element[] {
  const out: Element[] = [];
  const stack: Element[] = doc.body ? [doc.body] : [];
  while (stack.length) {
    const el = stack.pop()!;
    out.push(el);
    const next: Element[] = Array.from(el.children);
    if (el.shadowRoot) next.push(...Array.from(el.shadowRoot.children));
    if (el.localName === 'iframe') {
      try {
        const body = (el as HTMLIFrameElement).contentDocument?.body;
        if (body) next.push(body);
      } catch {
        // Cross-origin: not walked.
      }
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return out;
}

/** finder's defaults, for the element's own tree, with the frame found the same way. */
function baseline(el: Element): Target {
  // Only the wall-clock limit is lifted, so the baseline does not depend on the machine's speed.
  const options = { timeoutMs: 600_000 };
  const root = el.getRootNode();
  const selector = finder(el, root instanceof ShadowRoot ? { ...options, root: root as unknown as Element } : options);
  const doc = el.ownerDocument;
  if (doc === document) return { selector };
  const frame = Array.from(document.querySelectorAll('iframe')).find((f) => f.contentDocument === doc);
  if (!frame) throw new Error('frame not found');
  return { selector, frame: finder(frame, options) };
}

interface Picked {
  ours: Target | null;
  oursUnique: boolean;
  oursMs: number;
  baseline: Target | null;
  baselineError?: string;
  words: string;
  kind: string;
}

/** Generates both targets for the elements at `indices` of the walk. */
function pick(indices: number[]): Picked[] {
  const all = walk();
  return indices.map((i) => {
    const el = all[i]!;
    const start = performance.now();
    const generated = generateTarget(el, { root: document });
    const oursMs = performance.now() - start;
    let base: Target | null = null;
    let baselineError: string | undefined;
    try {
      base = baseline(el);
    } catch (error) {
      baselineError = String(error);
    }
    const best = generated.candidates.find((c) => c.target.selector === generated.target.selector);
    return {
      ours: generated.unique ? generated.target : null,
      oursUnique: generated.unique,
      oursMs,
      baseline: base,
      baselineError,
      words: best?.explanation ?? generated.problems.join(' '),
      kind: best?.kind ?? 'none',
    };
  });
}

/** For each target, the walk indices of the elements it resolves to now. */
function resolve(targets: (Target | null)[]): number[][] {
  const all = walk();
  const index = new Map(all.map((el, i) => [el, i]));
  return targets.map((t) => (t ? resolveTarget(document, t).elements.map((el) => index.get(el) ?? -1) : []));
}

/** The naive hover: a target generated for the element under the pointer. */
const generate = (el: Element) => generateTarget(el, { root: document });

(globalThis as unknown as { pickerBench: unknown }).pickerBench = { walk, pick, resolve, generate };
