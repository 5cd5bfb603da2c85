/**
 * Where a card (or a field hint) goes: beside its target on the side the author asked for, unless
 * that side covers the fields, buttons, links and labels around the target, or a card that was
 * there first; then on the first side that covers none of them; where no side is free, on the one
 * that covers least. Cards never overlap: when a card can go nowhere without covering an earlier
 * one, the earlier one steps aside (hidden) while it is open — one card per place.
 *
 * Each side is computed in `side-position.ts` (offset, shift, arrow, as Floating UI would); the
 * choice between sides is ours, since Floating UI's `flip` looks only at the viewport, not at what
 * the card would cover. Floating UI's `autoUpdate` says when to place again.
 */
import { autoUpdate } from '@floating-ui/dom';
import type { Placement as StepPlacement } from '../rules/engine';
import { viewportRect } from './position';
import { positionOnSide, type Rect, type Side, type SidePosition, viewportBox } from './side-position';

export type Box = Rect;

/** What the page offers the user near a target: a card should not sit on these. */
const CONTROLS =
  'input:not([type="hidden"]), select, textarea, button, a[href], label, summary, [contenteditable=""], ' +
  '[contenteditable="true"], [tabindex]:not([tabindex="-1"]), [role="button"], [role="link"], [role="textbox"], ' +
  '[role="combobox"], [role="checkbox"], [role="radio"], [role="switch"], [role="tab"], [role="menuitem"]';
/** How far from the target a control still counts as near it. */
const NEAR_PX = 320;
/** How many elements around the target are looked at, nearest in the tree first. */
const LOOK_AT = 400;

/**
 * The controls and labels near `target` (not the target, nor what contains it). Elements are visited
 * outwards from the target through the tree — its siblings, then its parent's siblings… — so a huge
 * page costs no more than a small one; open shadow roots are looked into.
 */
export function nearbyControls(target: Element): Element[] {
  const around = viewportRect(target);
  const found: Element[] = [];
  let budget = LOOK_AT;
  const visit = (element: Element) => {
    const stack: Element[] = [element];
    while (stack.length && budget-- > 0) {
      const el = stack.pop() as Element;
      if (el.matches(CONTROLS) && !el.contains(target) && distance(visibleBox(el), around) <= NEAR_PX) {
        found.push(el);
      }
      if (el.shadowRoot) stack.push(...el.shadowRoot.children);
      for (let child = el.lastElementChild; child; child = child.previousElementSibling) stack.push(child);
    }
  };
  let node: Element = target;
  while (budget > 0) {
    const parent: Element | null =
      node.parentElement ?? ((node.parentNode as ShadowRoot | null)?.host as Element) ?? null;
    if (!parent) break;
    // The siblings, nearest first on both sides.
    let before = node.previousElementSibling;
    let after = node.nextElementSibling;
    while ((before || after) && budget > 0) {
      if (after) {
        visit(after);
        after = after.nextElementSibling;
      }
      if (before) {
        visit(before);
        before = before.previousElementSibling;
      }
    }
    if (parent.matches(CONTROLS) && parent !== target) found.push(parent);
    node = parent;
  }
  // A label of the target counts even where it is not a neighbour in the tree.
  for (const label of (target as HTMLInputElement).labels ?? []) if (!found.includes(label)) found.push(label);
  return found;
}

/**
 * What of `element` the user sees and reads: a label's text, not the block it fills (a `display:
 * block` label spans the whole form, beside its field too); the border box of anything else.
 */
export function visibleBox(element: Element): Box {
  if (element.localName !== 'label' && element.localName !== 'legend') return viewportRect(element);
  const range = element.ownerDocument.createRange();
  range.selectNodeContents(element);
  return viewportRect(element, range.getBoundingClientRect());
}

function distance(a: Box, b: Box): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const PAD = 8;

/** How much of `box` falls outside the viewport (less 8 px). */
function outside(box: Box): number {
  const inside = { x: PAD, y: PAD, width: innerWidth - 2 * PAD, height: innerHeight - 2 * PAD };
  return box.width * box.height - overlap(box, inside);
}

/** The cards on screen, by rank (lower first): each avoids those before it. */
export class CardLayout {
  readonly #entries = new Map<HTMLElement, { rank: number; box: Box | null; update(): unknown; yields: boolean }>();
  readonly #yielded = new Map<HTMLElement, Set<HTMLElement>>();
  #held = false;
  readonly #pending = new Set<() => unknown>();

  /** While the pointer is pressed on the overlay nothing moves: a button stays under the press. */
  hold(held: boolean): void {
    this.#held = held;
    if (held) return;
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const update of pending) update();
  }

  /** Defers `update` while held; true when it may run now. */
  ready(update: () => unknown): boolean {
    if (!this.#held) return true;
    this.#pending.add(update);
    return false;
  }

  /**
   * Adds a floating element of `rank`; `yields`: whether it steps aside for a later card that has
   * nowhere else to go. Returns the removal.
   */
  add(element: HTMLElement, rank: number, update: () => unknown, yields: boolean): () => void {
    this.#entries.set(element, { rank, box: null, update, yields });
    return () => {
      this.#entries.delete(element);
      this.#pending.delete(update);
      this.#release(element);
    };
  }

  /**
   * Boxes of what `element` must not cover: the cards ranked before it (one that stepped aside for
   * it still counts, or the two would trade places on every update).
   */
  before(element: HTMLElement): Box[] {
    const rank = this.#entries.get(element)?.rank ?? Number.POSITIVE_INFINITY;
    const boxes: Box[] = [];
    for (const [other, entry] of this.#entries) {
      if (other !== element && entry.rank < rank && entry.box) boxes.push(entry.box);
    }
    return boxes;
  }

  /** `element` is at `box`; the cards ranked after it follow. `blocked`: the earlier cards it could not avoid. */
  placed(element: HTMLElement, box: Box, blocked: Box[]): void {
    const entry = this.#entries.get(element);
    if (!entry) return;
    const moved =
      !entry.box || ['x', 'y', 'width', 'height'].some((k) => entry.box?.[k as keyof Box] !== box[k as keyof Box]);
    entry.box = box;
    this.#release(element);
    if (blocked.length) {
      const yielded = new Set<HTMLElement>();
      for (const [other, o] of this.#entries) {
        if (o.yields && o.box && o.rank < entry.rank && blocked.includes(o.box)) {
          other.classList.add('yielded');
          yielded.add(other);
        }
      }
      this.#yielded.set(element, yielded);
    }
    if (!moved) return;
    for (const o of this.#entries.values()) if (o.rank > entry.rank) o.update();
  }

  #release(element: HTMLElement): void {
    for (const other of this.#yielded.get(element) ?? []) other.classList.remove('yielded');
    this.#yielded.delete(element);
  }
}

export interface AnchorOptions {
  layout?: CardLayout;
  /** 0 for a walkthrough step, 1 for a tip, 2 for a field hint. */
  rank?: number;
  /** Whether this card steps aside for a later one that has nowhere else to go. */
  yields?: boolean;
}

const SIDES: Side[] = ['bottom', 'right', 'top', 'left'];

/**
 * The sides to try, in order: where the card is now (it does not jump while that stays clear), the
 * author's (below by default), then the others.
 */
function sides(wanted: StepPlacement | undefined, current: Side | null): Side[] {
  const first: Side = !wanted || wanted === 'auto' ? 'bottom' : wanted;
  return [...new Set<Side>([...(current ? [current] : []), first, ...SIDES])];
}

/** Keeps `floating` beside `reference`, clear of what is near it; returns the cleanup. */
export function anchor(
  reference: Element,
  floating: HTMLElement,
  arrowElement: HTMLElement | null,
  placement: StepPlacement | undefined,
  options: AnchorOptions = {},
): () => void {
  const { layout, rank = 0, yields = false } = options;
  const controls = nearbyControls(reference);
  let current: Side | null = null;
  let stopped = false;
  const update = () => {
    if (stopped || (layout && !layout.ready(update))) return;
    const size = { width: floating.offsetWidth, height: floating.offsetHeight };
    const target = viewportRect(reference);
    const view = viewportBox();
    const avoid = controls.map(visibleBox).filter((b) => b.width && b.height);
    const cards = layout?.before(floating) ?? [];
    let best: { cost: number; blocked: Box[]; side: Side; at: SidePosition } | null = null;
    for (const side of sides(placement, current)) {
      const across = side === 'top' || side === 'bottom';
      const at = positionOnSide(side, target, size, view, {
        gap: 12,
        padding: PAD,
        ...(arrowElement && {
          arrow: {
            length: across ? arrowElement.offsetWidth : arrowElement.offsetHeight,
            room: across ? floating.clientWidth : floating.clientHeight,
            padding: 10,
          },
        }),
      });
      const box = { x: at.x, y: at.y, ...size };
      const blocked = cards.filter((card) => overlap(box, card) > 0);
      // Never over another card or the target, never off screen; then as little of the page's controls as can be.
      const cost =
        blocked.reduce((sum, card) => sum + overlap(box, card), 0) * 1e6 +
        (outside(box) + overlap(box, target)) * 1e3 +
        avoid.reduce((sum, b) => sum + overlap(box, b), 0);
      if (!best || cost < best.cost) best = { cost, blocked, side, at };
      if (cost === 0) break;
    }
    if (!best) return;
    const { side, at } = best;
    current = side;
    // The card is fixed inside the overlay's host, which sits at the viewport's corner unless the
    // page's root is transformed (then the root is where fixed boxes start).
    const origin = (floating.getRootNode() as ShadowRoot).host?.getBoundingClientRect() ?? { x: 0, y: 0 };
    floating.style.left = `${Math.round(at.x - origin.x)}px`;
    floating.style.top = `${Math.round(at.y - origin.y)}px`;
    floating.dataset.side = side;
    if (arrowElement && at.arrow !== undefined) {
      const across = side === 'top' || side === 'bottom';
      arrowElement.style.left = across ? `${Math.round(at.arrow)}px` : '';
      arrowElement.style.top = across ? '' : `${Math.round(at.arrow)}px`;
    }
    layout?.placed(floating, { x: at.x, y: at.y, ...size }, best.blocked);
  };
  const remove = layout?.add(floating, rank, update, yields);
  const stop = autoUpdate(reference, floating, update);
  return () => {
    stopped = true;
    stop();
    remove?.();
  };
}
