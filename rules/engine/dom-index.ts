/**
 * The incremental engine's view of the DOM: for every target it watches, the elements that match,
 * kept current from mutation batches.
 *
 * A target is resolved through probes (`dom/probe.ts`), one per selector and fallback, which read
 * the watch of their selector (`dom/watches.ts`) and apply the target's text and label filters.
 * Watches are indexed by the key their selector's subject must have (`dom/keys.ts`), so an added
 * element is tested only against selectors it could match. A batch goes to the watches first
 * (`dom/apply.ts`), then to the probes that read what changed: their filters are applied again,
 * label filters when a label may have changed (`dom/labels.ts`), frame targets when a frame may
 * have (`dom/frames.ts`).
 */
import type { MutationBatch } from '../engine-api';
import type { Target } from '../model';
import { analyzeSelector } from '../selector/analyze';
import { filterMatches } from '../target/filter';
import { applyToWatches, bigChange, REQUERY_ABOVE } from './dom/apply';
import { frameRoots, queryFrames, refreshFrames } from './dom/frames';
import { labelsMayChange } from './dom/labels';
import { type Probe, probeKey } from './dom/probe';
import { type Watch, WatchIndex } from './dom/watches';
import { sameElements } from './resolution';

export type { Probe };

export class DomIndex<U> {
  readonly #watches: WatchIndex;
  readonly #probes = new Map<string, Probe<U>>();
  readonly #frameProbes = new Set<Probe<U>>();
  readonly #labelProbes = new Set<Probe<U>>();
  /** Probes that read their elements' text or value (a text filter, or a handle that reads content). */
  #contentProbes = 0;

  readonly #doc: Document;
  readonly #requeryAbove: number | undefined;

  /** `requeryAbove`: past this many added and removed elements, watches are queried again (`dom/apply.ts`). */
  constructor(doc: Document, requeryAbove?: number) {
    this.#doc = doc;
    this.#requeryAbove = requeryAbove;
    this.#watches = new WatchIndex(doc);
  }

  /** The probes of a target (its selector, then its fallbacks), acquired for `user`. */
  acquire(target: Target, user: U, content: boolean): Probe<U>[] {
    return [target.selector, ...(target.fallbacks ?? [])].map((selector) => {
      const key = probeKey(target, selector);
      let p = this.#probes.get(key);
      if (!p) {
        const own: Target = { ...target, selector, fallbacks: undefined };
        const frameLocal = target.frame !== undefined && analyzeSelector(target.frame).local;
        p = { target: own, watch: null, result: [], users: new Map(), contentRefs: 0, frameRoots: [], frameLocal };
        if (target.frame) {
          this.#frameProbes.add(p);
          p.result = queryFrames(p, this.#watches);
        } else {
          const w = this.#watches.acquire(selector);
          (p as { watch: Watch }).watch = w;
          w.probes.add(p);
          p.result = filterMatches(own, [...w.matches]);
        }
        if (target.ariaLabel !== undefined) this.#labelProbes.add(p);
        if (target.text !== undefined) this.#contentProbes++;
        this.#probes.set(key, p);
      }
      p.users.set(user, (p.users.get(user) ?? 0) + 1);
      if (content && p.contentRefs++ === 0 && target.text === undefined) this.#contentProbes++;
      return p;
    });
  }

  release(probes: readonly Probe<U>[], user: U, content: boolean): void {
    for (const p of probes) {
      const n = (p.users.get(user) ?? 1) - 1;
      if (n > 0) p.users.set(user, n);
      else p.users.delete(user);
      if (content && --p.contentRefs === 0 && p.target.text === undefined) this.#contentProbes--;
      if (p.users.size > 0) continue;
      if (p.target.text !== undefined) this.#contentProbes--;
      this.#probes.delete(probeKey(p.target, p.target.selector));
      this.#frameProbes.delete(p);
      this.#labelProbes.delete(p);
      const w = p.watch;
      if (w) {
        w.probes.delete(p);
        if (w.probes.size === 0) this.#watches.drop(w);
      }
    }
  }

  /** The elements a target's selector resolves to: the probe's current result. */
  probe(target: Target, selector: string): Probe<U> | undefined {
    return this.#probes.get(probeKey(target, selector));
  }

  /** Open shadow roots and frame documents looked into. */
  *roots(): Iterable<Document | ShadowRoot> {
    for (const r of this.#watches.shadowRoots) if (r.host.isConnected) yield r;
    yield* frameRoots(this.#frameProbes);
  }

  /** Whether a batch is big enough for the path that queries every watch again. */
  isBig(batch: MutationBatch): boolean {
    return bigChange(batch, this.#requeryAbove ?? REQUERY_ABOVE);
  }

  /** Applies a mutation batch; returns the probes whose result changed or whose content may have. */
  apply(batch: MutationBatch): Set<Probe<U>> {
    const out = new Set<Probe<U>>();
    const { added, removed, changed = [], parents = [] } = batch;
    if (added.length + removed.length + changed.length + parents.length === 0) return out;
    const hasFrames = this.#frameProbes.size > 0;
    const changedWatches = new Set<Watch>();
    const framesDirty = applyToWatches(this.#watches, this.#doc, batch, hasFrames, changedWatches, this.#requeryAbove);
    for (const w of changedWatches) {
      for (const p of w.probes as Set<Probe<U>>) this.#refilter(p, out);
    }
    if (this.#labelProbes.size && labelsMayChange(batch, this.#labelProbes)) {
      for (const p of this.#labelProbes) if (p.watch && !out.has(p)) this.#refilter(p, out);
    }
    if (this.#contentProbes > 0) this.#markContent([...parents, ...changed, ...added.map((n) => n.parentNode)], out);
    if (hasFrames) refreshFrames(this.#frameProbes, framesDirty, this.#watches, out);
    return out;
  }

  #refilter(p: Probe<U>, out: Set<Probe<U>>): void {
    const fresh = filterMatches(p.target, [...p.watch!.matches]);
    if (!sameElements(fresh, p.result)) {
      p.result = fresh;
      out.add(p);
    }
  }

  /** Probes reading the text or value of an element whose content changed (or of its ancestors). */
  #markContent(nodes: (Node | null)[], out: Set<Probe<U>>): void {
    const visited = new Set<Node>();
    for (let node of nodes) {
      for (; node && !visited.has(node); node = node.parentNode ?? (node as ShadowRoot).host ?? null) {
        visited.add(node);
        const ws = node.nodeType === 1 ? this.#watches.of(node as Element) : undefined;
        if (!ws) continue;
        for (const w of ws) {
          for (const p of w.probes as Set<Probe<U>>) {
            if (p.target.text !== undefined) this.#refilter(p, out);
            if (p.contentRefs > 0) out.add(p);
          }
        }
      }
    }
  }
}
