// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { CardLayout } from '../../../overlay-ui/placement';

const box = (x: number, y: number) => ({ x, y, width: 100, height: 50 });

describe('CardLayout', () => {
  it('makes a later card avoid the earlier ones, and hears when they move', () => {
    const layout = new CardLayout();
    const step = document.createElement('div');
    const tip = document.createElement('div');
    const tipUpdate = vi.fn();
    layout.add(step, 0, () => {}, true);
    layout.add(tip, 1, tipUpdate, false);
    expect(layout.before(tip)).toEqual([]);
    layout.placed(step, box(0, 0), []);
    expect(layout.before(tip)).toEqual([box(0, 0)]);
    expect(layout.before(step)).toEqual([]);
    expect(tipUpdate).toHaveBeenCalledTimes(1);
    layout.placed(step, box(0, 0), []);
    expect(tipUpdate).toHaveBeenCalledTimes(1);
  });

  it('has the earlier card step aside while a later one has nowhere else to go: one card per place', () => {
    const layout = new CardLayout();
    const step = document.createElement('div');
    const tip = document.createElement('div');
    layout.add(step, 0, () => {}, true);
    const removeTip = layout.add(tip, 1, () => {}, false);
    layout.placed(step, box(0, 0), []);
    const [stepBox] = layout.before(tip);
    layout.placed(tip, box(10, 10), [stepBox!]);
    expect(step.classList.contains('yielded')).toBe(true);
    // It still counts for the tip, which would otherwise move back over it.
    expect(layout.before(tip)).toEqual([box(0, 0)]);
    layout.placed(tip, box(200, 0), []);
    expect(step.classList.contains('yielded')).toBe(false);
    layout.placed(tip, box(10, 10), [stepBox!]);
    removeTip();
    expect(step.classList.contains('yielded')).toBe(false);
  });

  it('moves nothing while the pointer is pressed on the overlay, and catches up after', () => {
    const layout = new CardLayout();
    const update = vi.fn();
    layout.hold(true);
    expect(layout.ready(update)).toBe(false);
    expect(update).not.toHaveBeenCalled();
    layout.hold(false);
    expect(update).toHaveBeenCalledTimes(1);
    expect(layout.ready(update)).toBe(true);
  });
});
