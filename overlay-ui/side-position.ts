/**
 * Where a card goes on one side of its target, as Floating UI's `computePosition` with `offset`,
 * `shift` and `arrow` puts a `fixed` card: beside the target and centred on it, slid along that
 * side to stay inside the viewport, its arrow pointing at the target's centre.
 *
 * Box arithmetic written here rather than `computePosition`: `placement.ts` chooses the side
 * itself (Floating UI's `flip` sees only the viewport, not what a card would cover) and measures
 * the target itself, through frames (`viewportRect`), so this is all that is left of placing.
 * `computePosition` would bring its platform layer (clipping ancestors, offset parents, scale,
 * alignment), 3.4 KB of the overlay UI's gzipped bundle, which counts against the overlay's
 * budget on every page that shows help. Floating UI's `autoUpdate` (when to place again) stays.
 * test/unit/overlay/side-position.test.ts holds these answers to `computePosition`'s.
 */

/** A box in the viewport. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Side = 'top' | 'right' | 'bottom' | 'left';

export interface SideOptions {
  /** Between the target and the card (Floating UI's `offset`). */
  gap: number;
  /** How far inside the viewport the card stays (`shift`'s padding). */
  padding: number;
  /**
   * The card's arrow: its length along the side, the room it moves in (the card's inner size along
   * the side) and how far it stays from the card's corners (`arrow`'s padding).
   */
  arrow?: { length: number; room: number; padding: number };
}

export interface SidePosition {
  x: number;
  y: number;
  /** The arrow's offset along the side, from the card's inner edge (left, or top for left/right). */
  arrow?: number;
}

const clamp = (min: number, value: number, max: number) => Math.max(min, Math.min(value, max));

/** Where a card of `size` goes on `side` of `target`, inside `view` (all in viewport pixels). */
export function positionOnSide(
  side: Side,
  target: Rect,
  size: { width: number; height: number },
  view: Rect,
  { gap, padding, arrow }: SideOptions,
): SidePosition {
  // Above or below the target the card slides along x, beside it along y.
  const across = side === 'top' || side === 'bottom';
  let x =
    side === 'left'
      ? target.x - size.width - gap
      : side === 'right'
        ? target.x + target.width + gap
        : target.x + target.width / 2 - size.width / 2;
  let y =
    side === 'top'
      ? target.y - size.height - gap
      : side === 'bottom'
        ? target.y + target.height + gap
        : target.y + target.height / 2 - size.height / 2;
  // Where the card is larger than the view, its start stays in view.
  if (across) x = clamp(view.x + padding, x, view.x + view.width - padding - size.width);
  else y = clamp(view.y + padding, y, view.y + view.height - padding - size.height);
  if (!arrow) return { x, y };
  const [start, length, targetStart, targetLength] = across
    ? [x, size.width, target.x, target.width]
    : [y, size.height, target.y, target.height];
  // From the card's centre to the target's, along the side.
  const toTarget = (targetStart + targetLength - start - length) / 2 - (start - targetStart) / 2;
  // A padding too large for the card would push the arrow off its centre.
  const inset = Math.min(arrow.padding, arrow.room / 2 - arrow.length / 2 - 1);
  const centre = arrow.room / 2 - arrow.length / 2 + toTarget;
  return { x, y, arrow: clamp(inset, centre, arrow.room - arrow.length - inset) };
}

/**
 * The viewport a fixed card must stay inside, as Floating UI's `shift` sees it: the visual
 * viewport where there is one (what is on screen when zoomed in), else the root's client box.
 */
export function viewportBox(): Rect {
  const visual = window.visualViewport;
  if (visual) return { x: visual.offsetLeft, y: visual.offsetTop, width: visual.width, height: visual.height };
  const root = document.documentElement;
  return { x: 0, y: 0, width: root.clientWidth, height: root.clientHeight };
}
