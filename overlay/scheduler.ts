/**
 * Observation for the overlay: a MutationObserver whose callback only queues nodes, and a flush at
 * most once per frame that hands the queue to the engine in slices of at most `sliceMs`, yielding
 * between them so the page never sees a long task. Under a mutation storm (more than `stormRate`
 * added elements a second) it flushes at a slower cadence, and goes back to every frame once the
 * page calms down. Everything it starts ends with `signal`.
 *
 * The arithmetic of that pacing is `scheduler-pacing.ts` (pure, tested in Node); the browser's
 * services come in as a `SchedulerEnv` (`scheduler-env.ts` in a page, fakes in tests).
 */
import type { EngineChange, MatchEngine, MutationBatch } from '../rules/engine';
import { HOST_TAG } from './bridge';
import { FRAME_SLICE_MS, Pacing, type SchedulerTiming } from './scheduler-pacing';

export type { SchedulerTiming };

/** The browser services the scheduler uses; `browserSchedulerEnv` in a page, fakes in tests. */
export interface SchedulerEnv {
  now(): number;
  /** Runs `callback` at the start of the next rendering update (before style and layout). */
  frame(callback: () => void): void;
  /** Runs `callback` in a new task soon (after input and rendering get their turn). */
  yieldTask(callback: () => void): void;
  timer(callback: () => void, ms: number): void;
  location(): string;
}

export interface SchedulerOptions {
  signal: AbortSignal;
  engine: Pick<MatchEngine, 'update' | 'setUrl' | 'roots' | 'takesWhole'>;
  /** Called after each engine call (a slice of the queue, a URL change), with what it changed. */
  onChange(change: EngineChange, url: string | undefined): void;
  /** Everything again (after the queue overflowed): the runtime re-applies the rule set. */
  rescan(): EngineChange;
  env: SchedulerEnv;
  timing?: Partial<SchedulerTiming>;
}

const OBSERVE: MutationObserverInit = { childList: true, subtree: true, attributes: true, characterData: true };
const isOurs = (node: Node) => node.nodeName === HOST_TAG.toUpperCase();

/** Observes the page for the engine. */
export class ObservationScheduler {
  readonly #pacing: Pacing;
  readonly #observer: MutationObserver;
  readonly #observed = new WeakSet<Node>();
  #added: Node[] = [];
  #removed: Node[] = [];
  #changed = new Set<Element>();
  /** Nodes whose children or text changed (text filters and value conditions follow these). */
  #parents = new Set<Node>();
  #overflowed = false;
  #urlDirty = false;
  #grew = false;
  #lastUrl: string;
  #scheduled = false;
  #running = false;
  /** Elements the last batch held, its added subtrees counted whole. */
  #weight = 0;

  readonly #options: SchedulerOptions;

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#pacing = new Pacing(options.timing, options.env.now());
    this.#lastUrl = options.env.location();
    this.#observer = new MutationObserver((records) => this.#enqueue(records));
    options.signal.addEventListener('abort', () => this.#observer.disconnect(), { once: true });
  }

  /** True while the flush is backed off because of a mutation storm. */
  get backedOff(): boolean {
    return this.#pacing.storm;
  }

  /** Starts observing `root` (a document, an open shadow root or a same-origin iframe's document). */
  observe(root: Document | ShadowRoot): void {
    if (this.#observed.has(root) || this.#options.signal.aborted) return;
    this.#observed.add(root);
    this.#observer.observe(root, OBSERVE);
    const signal = this.#options.signal;
    // Field values are not attributes: input events tell the engine a value condition may flip.
    const onValue = (event: Event) => this.markChanged(event.composedPath()[0]);
    root.addEventListener('input', onValue, { capture: true, passive: true, signal });
    root.addEventListener('change', onValue, { capture: true, passive: true, signal });
    // A same-origin iframe that (re)loads gets a new document the observer has never seen.
    root.addEventListener('load', (event) => this.#markAdded(event.target), { capture: true, signal });
  }

  /** The URL may have changed (history, hash, Navigation API): checked on the next frame. */
  urlChanged(): void {
    this.#urlDirty = true;
    this.#schedule();
  }

  /** Queues an element whose state changed outside the DOM tree (a value, a loaded frame). */
  markChanged(target: EventTarget | undefined): void {
    if (target instanceof Element || (target && (target as Node).nodeType === 1)) {
      this.#changed.add(target as Element);
      this.#schedule();
    }
  }

  #markAdded(target: EventTarget | null): void {
    if (target && (target as Node).nodeName === 'IFRAME') {
      this.#added.push(target as Node);
      this.#schedule();
    }
  }

  /** The observer's callback: queue, count, schedule. No matching happens here. */
  #enqueue(records: MutationRecord[]): void {
    let addedElements = 0;
    for (const record of records) {
      if (record.type === 'childList') {
        if (!isOurs(record.target)) this.#parents.add(record.target);
        for (const node of record.addedNodes) {
          if (isOurs(node)) continue;
          this.#added.push(node);
          if (node.nodeType === 1) addedElements++;
        }
        for (const node of record.removedNodes) if (!isOurs(node)) this.#removed.push(node);
      } else if (record.type === 'attributes') {
        // Inline styles churn with animations and no rule keys on them.
        if (record.attributeName !== 'style' && !isOurs(record.target)) this.#changed.add(record.target as Element);
      } else {
        this.#parents.add(record.target);
      }
    }
    this.#pacing.count(addedElements, this.#options.env.now());
    if (this.#queued() > this.#pacing.timing.maxQueue) {
      this.#clear();
      this.#overflowed = true;
    }
    if (this.#hasWork()) this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled || this.#running || this.#options.signal.aborted) return;
    this.#scheduled = true;
    let ran = false;
    const run = (sliceMs?: number) => {
      // A big change waits for the task: in the rendering update it would lengthen the page's frame.
      if (ran || (sliceMs && this.#whole())) return;
      ran = true;
      this.#scheduled = false;
      this.#flush(sliceMs);
    };
    const env = this.#options.env;
    // At most one flush a frame. When the last flush is a frame old, whichever comes first: a task
    // right after the mutations, or the next rendering update, which then draws the card in the
    // very frame that first paints its target.
    const wait = this.#pacing.wait(env.now());
    if (wait !== undefined) env.timer(run, wait);
    else {
      env.yieldTask(run);
      // Inside the rendering update only a short slice, which does not tip the page's own update
      // into a long task; anything left goes on in tasks.
      env.frame(() => run(FRAME_SLICE_MS));
    }
  }

  #queued(): number {
    return this.#added.length + this.#removed.length + this.#changed.size + this.#parents.size;
  }

  #clear(): void {
    this.#added = [];
    this.#removed = [];
    this.#changed.clear();
    this.#parents.clear();
  }

  #hasWork(): boolean {
    return this.#overflowed || this.#queued() > 0;
  }

  /** One frame's work: the URL first, then the queue in slices that yield. */
  #flush(sliceMs = this.#pacing.timing.sliceMs): void {
    if (this.#options.signal.aborted) return;
    this.#running = true;
    const { env, engine, onChange } = this.#options;
    this.#pacing.flushing(env.now());
    const sliceStart = env.now();
    try {
      // Only after a URL signal: reading location.href on every batch costs more than it finds.
      if (this.#urlDirty) {
        this.#urlDirty = false;
        const url = env.location();
        if (url !== this.#lastUrl) {
          this.#lastUrl = url;
          onChange(engine.setUrl(url), url);
        }
      }
      if (this.#overflowed) {
        this.#overflowed = false;
        this.#grew = true;
        onChange(this.#options.rescan(), undefined);
      }
      // Another engine call only if it is expected to end inside the slice (the first always runs).
      let first = true;
      while (this.#hasWork() && (first || this.#pacing.fits(env.now() - sliceStart, sliceMs))) {
        first = false;
        this.#step();
      }
    } catch (error) {
      // The page must never break because of us; drop what failed and carry on.
      console.warn('Stepwise: matching failed', error);
      this.#clear();
    } finally {
      this.#running = false;
    }
    if (this.#options.signal.aborted) return;
    if (this.#hasWork()) {
      // More queued than one slice allows: continue in a new task so input and paint come first,
      // unless a storm is on, in which case the slower cadence applies.
      if (this.#pacing.storm) this.#schedule();
      else env.yieldTask(() => this.#flush());
    }
    // New shadow roots and frame documents come only with added or changed elements.
    if (this.#grew) {
      this.#grew = false;
      for (const root of engine.roots()) this.observe(root);
    }
  }

  /** One engine call over at most `chunk` queued nodes, adapting the chunk to the time it took. */
  #step(): void {
    const { env, engine, onChange } = this.#options;
    const batch = this.#take();
    const start = env.now();
    const change = engine.update(batch);
    if (this.#weight) this.#pacing.measured(this.#weight, env.now() - start);
    onChange(change, undefined);
  }

  /** Whether the queue is a big change, which the engine takes whole. */
  #whole(): boolean | undefined {
    return this.#options.engine.takesWhole?.({ added: this.#added, removed: this.#removed });
  }

  #take(): MutationBatch {
    // A big change (an app re-rendering its view) costs the engine a query per selector, whatever
    // its size: it goes whole, where slices would each be walked element by element.
    if (this.#whole()) {
      const batch = {
        added: this.#added,
        removed: this.#removed,
        changed: [...this.#changed],
        parents: [...this.#parents],
        big: true,
      };
      this.#clear();
      // Its time says nothing about the cost per node of the slices: the pacing does not learn from it.
      this.#weight = 0;
      this.#grew = true;
      return batch;
    }
    const chunk = this.#pacing.chunk;
    let budget = chunk;
    const removed = this.#removed.length <= budget ? this.#removed : this.#removed.slice(0, budget);
    this.#removed = removed === this.#removed ? [] : this.#removed.slice(budget);
    budget -= removed.length;
    const added: Node[] = [];
    const changed: Element[] = [];
    const parents: Node[] = [];
    let i = 0;
    for (; i < this.#added.length && budget > 0; i++) {
      const node = this.#added[i] as Node;
      // A node added and removed again before this flush is no longer the page's business.
      if (!node.isConnected) continue;
      // The engine walks an added element's whole subtree: it costs what the subtree holds.
      const weight = node.nodeType === 1 ? 1 + (node as Element).getElementsByTagName('*').length : 1;
      if (weight > chunk && (node as Element).firstElementChild) {
        // Too big for one slice: its children go back to the queue, to be walked in slices of their
        // own, and the element itself is checked alone (as changed), its parent's content with it.
        this.#added.splice(i + 1, 0, ...(node as Element).children);
        changed.push(node as Element);
        if (node.parentNode) parents.push(node.parentNode);
        budget--;
        continue;
      }
      added.push(node);
      budget -= weight;
    }
    this.#added = i >= this.#added.length ? [] : this.#added.slice(i);
    for (const element of this.#changed) {
      if (budget <= 0) break;
      this.#changed.delete(element);
      if (element.isConnected) changed.push(element);
      budget--;
    }
    // A parent that left the page still matters: its text or children went with it.
    for (const node of this.#parents) {
      if (budget <= 0) break;
      this.#parents.delete(node);
      parents.push(node);
      budget--;
    }
    this.#weight = chunk - budget;
    if (added.length || changed.length) this.#grew = true;
    return { added, removed, changed, parents };
  }
}
