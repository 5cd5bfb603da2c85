/**
 * The card's place on one side of its target (`overlay-ui/side-position.ts`) against Floating UI's
 * own `computePosition` with the middleware the overlay used (offset 12, shift padding 8, arrow
 * padding 10), given the same boxes through a platform of plain numbers: seeded random targets,
 * cards and viewports, many of them at the viewport's edges or larger than it.
 */
import { arrow, computePosition, offset, type Platform, shift } from '@floating-ui/dom';
import { describe, expect, it } from 'vitest';
import { positionOnSide, type Rect, type Side } from '../../../overlay-ui/side-position';
import { random } from '../rules/random';

const SIDES: Side[] = ['top', 'right', 'bottom', 'left'];

interface Case {
  side: Side;
  target: Rect;
  card: { width: number; height: number };
  view: Rect;
  arrow: { length: number; room: number } | null;
}

/** What Floating UI answers for `c`, its elements stood in for by the case's boxes. */
async function floatingUi(c: Case) {
  const reference = { id: 'reference' };
  const floating = { id: 'floating' };
  const arrowElement = { id: 'arrow' };
  const inner = c.arrow && { clientWidth: c.arrow.room, clientHeight: c.arrow.room };
  // Everything computePosition asks of the page, answered from the case's numbers.
  const platform = {
    getElementRects: () => ({ reference: c.target, floating: { x: 0, y: 0, ...c.card } }),
    getClippingRect: () => c.view,
    convertOffsetParentRelativeRectToViewportRelativeRect: ({ rect }: { rect: Rect }) => rect,
    getDimensions: () => ({ width: c.arrow?.length ?? 0, height: c.arrow?.length ?? 0 }),
    getOffsetParent: (element: unknown) => (element === arrowElement ? inner : undefined),
    isElement: (value: unknown) => value === inner || value === floating,
    getScale: () => ({ x: 1, y: 1 }),
    isRTL: () => false,
  } as unknown as Platform;
  return computePosition(reference as never, floating as never, {
    strategy: 'fixed',
    placement: c.side,
    platform,
    middleware: [
      offset(12),
      shift({ padding: 8 }),
      ...(c.arrow ? [arrow({ element: arrowElement as never, padding: 10 })] : []),
    ],
  });
}

function cases(seed: number, count: number): Case[] {
  const r = random(seed);
  const view = (): Rect => ({
    x: r.pick([0, 0, 13.5]),
    y: r.pick([0, 0, 7]),
    width: 200 + r.int(1400),
    height: 150 + r.int(900),
  });
  return Array.from({ length: count }, () => {
    const v = view();
    // Targets inside, at the edges of and beyond the view; cards from tiny to wider than the view.
    const target = {
      x: r.int(v.width + 200) - 100 + r.next(),
      y: r.int(v.height + 200) - 100 + r.next(),
      width: r.pick([0, 1, 12, 80, 300, 2000]) + r.next(),
      height: r.pick([0, 1, 16, 40, 600]) + r.next(),
    };
    const card = { width: r.pick([20, 220, 340, 900, 1800]), height: r.pick([20, 120, 260, 1200]) };
    const room = r.pick([card.width - 2, card.height - 2, 18, 30]);
    return { side: r.pick(SIDES), target, card, view: v, arrow: r.chance(0.8) ? { length: 12, room } : null };
  });
}

describe('positionOnSide', () => {
  it.each([1, 2, 3])('places a card where Floating UI does (seed %i, 400 cases)', async (seed) => {
    for (const c of cases(seed, 400)) {
      const expected = await floatingUi(c);
      const at = positionOnSide(c.side, c.target, c.card, c.view, {
        gap: 12,
        padding: 8,
        ...(c.arrow && { arrow: { ...c.arrow, padding: 10 } }),
      });
      const across = c.side === 'top' || c.side === 'bottom';
      const arrowAt = expected.middlewareData.arrow?.[across ? 'x' : 'y'];
      const what = `seed ${seed}: ${JSON.stringify(c)}`;
      expect(expected.placement, what).toBe(c.side);
      expect(at.x, what).toBeCloseTo(expected.x, 9);
      expect(at.y, what).toBeCloseTo(expected.y, 9);
      if (c.arrow) expect(at.arrow, what).toBeCloseTo(arrowAt!, 9);
      else expect(at.arrow, what).toBeUndefined();
    }
  });

  it.each<[Side, { x: number; y: number; arrow: number }]>([
    // A 100×40 target at (500, 300) in a 1000×800 view; a 200×100 card with a 12 px arrow.
    ['bottom', { x: 450, y: 352, arrow: 93 }],
    ['top', { x: 450, y: 188, arrow: 93 }],
    ['right', { x: 612, y: 270, arrow: 43 }],
    ['left', { x: 288, y: 270, arrow: 43 }],
  ])('puts a card %s of its target, centred, 12 px away, the arrow at the middle', (side, expected) => {
    const at = positionOnSide(
      side,
      { x: 500, y: 300, width: 100, height: 40 },
      { width: 200, height: 100 },
      { x: 0, y: 0, width: 1000, height: 800 },
      { gap: 12, padding: 8, arrow: { length: 12, room: side === 'top' || side === 'bottom' ? 198 : 98, padding: 10 } },
    );
    expect(at).toEqual(expected);
  });

  it('slides a card along its side to stay 8 px inside the view, its arrow still on the target', () => {
    const at = positionOnSide(
      'bottom',
      { x: 0, y: 100, width: 20, height: 20 },
      { width: 200, height: 100 },
      { x: 0, y: 0, width: 1000, height: 800 },
      { gap: 12, padding: 8, arrow: { length: 12, room: 198, padding: 10 } },
    );
    // The target's centre is at x 10; the card starts at 8, so the arrow's middle is 2 px in: clamped to 10.
    expect(at).toEqual({ x: 8, y: 132, arrow: 10 });
  });
});
