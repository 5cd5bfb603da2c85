/**
 * The target generator: for an element an author picked, the ways to find it again, each checked
 * on the page and ranked by how well it survives re-renders and releases, and the target built
 * from the best of them (a primary selector, fallbacks, and a text or label filter where that is
 * what makes it stable).
 *
 * Ranking, from DESIGN's "What makes a target last": test ids, field names and stable ids first;
 * then labels, link routes and the words of buttons and links; then other stable attributes and
 * classes; then the same inside a stable landmark, next to a stable sibling, or around a stable
 * child; a position in the structure (`:nth-of-type`) only when nothing else finds it alone.
 * Generated ids, hashed classes, record ids and data-like text are never used (`stability.ts`).
 */
import type { Target } from '../../model';
import { type DeepQuery, deepQuerier, matchSelector } from '../resolve';
import { type ElementSummary, summarize } from './describe';
import { type CandidateKind, type Feature, type FeatureOptions, featuresOf, tagFeature } from './features';
import { filtersOf } from './filters';

export type { ElementSummary } from './describe';
export type { CandidateKind } from './features';

/** One way to find the picked element, checked on the page. */
export interface TargetCandidate {
  kind: CandidateKind;
  /** This way alone, as a target (its selector, and its filter when it needs one). */
  target: Target;
  /** How it finds the element, in words: "by its label “Amount (USD)”". */
  explanation: string;
  /** 0–100: how likely it still finds this element after a reload and a release. */
  stability: number;
  /** How many elements it finds on the page now. */
  matches: number;
  /** Whether it finds exactly the picked element. */
  unique: boolean;
}

/** What the generator answers for a picked element. */
export interface GeneratedTarget {
  /** The recommended target: the best unique candidate, with fallbacks that share its filter. */
  target: Target;
  /** Whether `target` finds exactly the picked element now. */
  unique: boolean;
  /** Every candidate, unique ones first, most stable first. */
  candidates: TargetCandidate[];
  /** The picked element in words. */
  element: ElementSummary;
  /** Problems to tell the author (an element in a nested frame, say). */
  problems: string[];
}

export interface GenerateOptions extends FeatureOptions {
  /** The document targets are resolved in (the top frame's); the element's own by default. */
  root?: Document;
  /** At most this many fallbacks in the recommended target (3 by default). */
  maxFallbacks?: number;
}

interface Draft {
  kind: CandidateKind;
  selector: string;
  text?: string;
  ariaLabel?: string;
  stability: number;
  words: string;
}

/** The candidates' resolution, with one deep query (shadow roots listed once) per generation. */
class Checker {
  readonly #query: DeepQuery = deepQuerier();
  readonly #cache = new Map<string, Element[]>();

  constructor(
    readonly root: Document,
    readonly frame: string | undefined,
  ) {}

  /** The elements `selector` with the filters finds, as the engine would. */
  find(selector: string, filter: { text?: string; ariaLabel?: string } = {}): Element[] {
    const key = `${selector}\u0000${filter.text ?? ''}\u0000${filter.ariaLabel ?? ''}`;
    let found = this.#cache.get(key);
    if (!found) {
      found = matchSelector(this.root, this.target({ selector, ...filter }), selector, this.#query);
      this.#cache.set(key, found);
    }
    return found;
  }

  /** Whether the selector (in the element's own document) finds only `el`. */
  only(el: Element, selector: string, filter?: { text?: string; ariaLabel?: string }): boolean {
    const found = this.find(selector, filter);
    return found.length === 1 && found[0] === el;
  }

  target(d: { selector: string; text?: string; ariaLabel?: string }): Target {
    const t: Target = { selector: d.selector };
    if (d.text !== undefined) t.text = d.text;
    if (d.ariaLabel !== undefined) t.ariaLabel = d.ariaLabel;
    if (this.frame) t.frame = this.frame;
    return t;
  }
}

/** The same-origin iframe in `root` (or its shadow roots) whose document is `doc`. */
function frameElementOf(root: Document, doc: Document, query: DeepQuery): Element | null {
  for (const frame of query(root, 'iframe, frame')) {
    try {
      if ((frame as HTMLIFrameElement).contentDocument === doc) return frame;
    } catch {
      // Cross-origin: not this one.
    }
  }
  return null;
}

/** Ancestors of `el` in its own tree (a selector cannot cross into a shadow root), nearest first. */
function ancestors(el: Element): Element[] {
  const out: Element[] = [];
  for (let a = el.parentElement; a; a = a.parentElement) out.push(a);
  return out;
}

/** The nearest ancestors that a stable selector finds alone: the landmarks to scope within. */
function anchorsOf(el: Element, check: Checker, options: FeatureOptions, max: number): Feature[] {
  const found: Feature[] = [];
  for (const a of ancestors(el)) {
    if (a.localName === 'html' || a.localName === 'body') break;
    const own = [...featuresOf(a, options), tagFeature(a)].filter((f) => f.kind !== 'class' || f.stability >= 60);
    const unique = own.find((f) => check.only(a, f.selector));
    if (unique) {
      found.push({ ...unique, words: `inside the ${summarize(a).phrase}` });
      if (found.length >= max) break;
    }
  }
  return found;
}

/** A path of tags (with `:nth-of-type` where siblings share the tag) from `anchor` down to `el`. */
function positionDraft(el: Element, anchor: Feature | undefined, check: Checker): Draft {
  const parts: string[] = [];
  let nths = 0;
  let selector = '';
  for (let cur: Element | null = el; cur; cur = cur.parentElement) {
    if (anchor && check.only(cur, anchor.selector)) break;
    const parent: Element | null = cur.parentElement;
    const same = parent ? Array.from(parent.children).filter((c) => c.localName === cur!.localName) : [cur];
    const nth = same.indexOf(cur) + 1;
    parts.unshift(same.length > 1 ? `${cur.localName}:nth-of-type(${nth})` : cur.localName);
    if (same.length > 1) nths++;
    selector = `${anchor ? `${anchor.selector} ` : ''}${parts.join(' > ')}`;
    if (check.only(el, selector)) break;
    // Right under the anchor: say so, rather than any depth below it.
    if (anchor && parent && check.only(parent, anchor.selector)) {
      const direct = `${anchor.selector} > ${parts.join(' > ')}`;
      if (check.only(el, direct)) selector = direct;
      break;
    }
  }
  return {
    kind: 'position',
    selector,
    stability: Math.max(5, 22 - 6 * nths - 2 * parts.length),
    words: `by its place in the page's structure${anchor ? ` ${anchor.words}` : ''} (breaks when elements are added or moved)`,
  };
}

/** The drafts for `el`, before they are checked. */
function draftsFor(el: Element, check: Checker, options: FeatureOptions): Draft[] {
  const tag = tagFeature(el).selector;
  const drafts: Draft[] = [...featuresOf(el, options), tagFeature(el), ...filtersOf(el)];
  // Two sturdy ways already: the weaker strategies below would only cost queries on a big page.
  if (drafts.filter((d) => d.stability >= 70 && check.only(el, d.selector, d)).length >= 2) return drafts;

  // Next to a stable sibling: an error message after its field, a value after its term.
  let prev = el.previousElementSibling;
  for (let step = 1; prev && step <= 3; step++, prev = prev.previousElementSibling) {
    const f = featuresOf(prev, options).find((x) => x.stability >= 70 && check.only(prev!, x.selector));
    if (!f) continue;
    drafts.push({
      kind: 'sibling',
      selector: step === 1 ? `${f.selector} + ${tag}` : `${f.selector} ~ ${tag}`,
      stability: f.stability - 14 - 2 * step,
      words: `as the ${el.localName} right after the ${summarize(prev).phrase}`,
    });
    break;
  }

  // Around a child: a field's box holds its input, an action bar its buttons.
  const holders: Draft[] = [];
  for (const child of Array.from(el.children).slice(0, 12)) {
    for (const f of [...featuresOf(child, options), tagFeature(child)]) {
      holders.push({
        kind: 'container',
        selector: `${tag}:has(> ${f.selector})`,
        stability: f.stability - 16,
        words: `as the ${el.localName} that holds the ${summarize(child).phrase}`,
      });
    }
  }
  holders.sort((x, y) => y.stability - x.stability);
  const holder = holders.slice(0, 8).find((d) => check.only(el, d.selector)) ?? holders[0];
  if (holder) drafts.push(holder);

  // Not unique alone: the same inside a stable landmark.
  const weak = drafts
    .filter((d) => !check.only(el, d.selector, d))
    .sort((x, y) => y.stability - x.stability)
    .slice(0, 6);
  if (weak.length) {
    for (const anchor of anchorsOf(el, check, options, 2)) {
      for (const d of weak) {
        drafts.push({
          ...d,
          kind: d.kind === 'label' || d.kind === 'text' || d.kind === 'container' ? d.kind : 'scoped',
          selector: `${anchor.selector} ${d.selector}`,
          stability: Math.min(anchor.stability, d.stability) - 4,
          words: `${d.kind === 'tag' ? `as the ${el.localName} element` : d.words} ${anchor.words}`,
        });
      }
    }
  }
  return drafts;
}

/**
 * Generates the target for `el`: its candidates, checked against the page, ranked, and the
 * recommended target. Reads only the DOM it is handed.
 */
export function generateTarget(el: Element, options: GenerateOptions = {}): GeneratedTarget {
  const doc = el.ownerDocument;
  const root = options.root ?? doc;
  const problems: string[] = [];
  let frame: string | undefined;
  let frameWords = '';
  if (doc !== root) {
    const frameEl = frameElementOf(root, doc, deepQuerier());
    if (!frameEl) {
      problems.push('The element is in a frame inside another frame; targets reach one frame deep only.');
    } else {
      const framed = generateTarget(frameEl, { ...options, root, maxFallbacks: 0 });
      const usable = framed.candidates.find((c) => c.unique && c.target.text === undefined && !c.target.ariaLabel);
      if (usable) {
        frame = usable.target.selector;
        frameWords = ` inside the ${framed.element.phrase}`;
      } else problems.push('The frame that holds the element cannot be told apart from the others on the page.');
    }
  }
  const check = new Checker(root, frame);
  const seen = new Set<string>();
  const candidates: TargetCandidate[] = [];
  for (const d of draftsFor(el, check, options)) {
    const key = `${d.selector}\u0000${d.text ?? ''}\u0000${d.ariaLabel ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const found = check.find(d.selector, d);
    if (!found.includes(el)) continue;
    candidates.push({
      kind: d.kind,
      target: check.target(d),
      explanation: `Will find it ${d.words}${frameWords}.`,
      stability: d.stability,
      matches: found.length,
      unique: found.length === 1,
    });
  }
  let best = candidates.filter((c) => c.unique).sort(byRank)[0];
  if (!best || best.stability < 40) {
    const anchor = anchorsOf(el, check, options, 1)[0];
    const p = positionDraft(el, anchor, check);
    const found = check.find(p.selector);
    if (found.includes(el) && !seen.has(`${p.selector}\u0000\u0000`))
      candidates.push({
        kind: 'position',
        target: check.target(p),
        explanation: `Will find it ${p.words}${frameWords}.`,
        stability: p.stability,
        matches: found.length,
        unique: found.length === 1,
      });
  }
  candidates.sort((a, b) => Number(b.unique) - Number(a.unique) || byRank(a, b));
  best = candidates.find((c) => c.unique) ?? candidates[0];
  const element = summarize(el);
  if (!best) {
    return {
      target: check.target({ selector: el.localName }),
      unique: false,
      candidates,
      element,
      problems: [...problems, 'Nothing on the page finds this element again.'],
    };
  }
  const target = compose(best, candidates, options.maxFallbacks ?? 3);
  const resolved = check.find(target.selector, target);
  return { target, unique: resolved.length === 1 && resolved[0] === el, candidates, element, problems };
}

function byRank(a: TargetCandidate, b: TargetCandidate): number {
  return b.stability - a.stability || a.target.selector.length - b.target.selector.length;
}

/**
 * The recommended target: `best`, then the next unique candidates with the same filter (a
 * target's filter applies to its fallbacks too, and a candidate needs its own). A position comes
 * last, and only when the target has little else: after a release it may find another element
 * rather than none.
 */
function compose(best: TargetCandidate, candidates: TargetCandidate[], max: number): Target {
  const { selector, text, ariaLabel, frame } = best.target;
  const fallbacks: string[] = [];
  for (const c of candidates) {
    if (fallbacks.length >= max) break;
    if (c === best || !c.unique || c.target.selector === selector || fallbacks.includes(c.target.selector)) continue;
    // The fallback finds the element only with its own filter: it must be the target's.
    const sameFilter = c.target.text === text && c.target.ariaLabel === ariaLabel && c.target.frame === frame;
    if (!sameFilter) continue;
    if (c.kind === 'position' && (best.stability >= 60 || fallbacks.length >= 1)) continue;
    if (c.stability < 35) continue;
    fallbacks.push(c.target.selector);
  }
  const target: Target = { selector };
  if (fallbacks.length) target.fallbacks = fallbacks;
  if (text !== undefined) target.text = text;
  if (ariaLabel !== undefined) target.ariaLabel = ariaLabel;
  if (frame) target.frame = frame;
  return target;
}
