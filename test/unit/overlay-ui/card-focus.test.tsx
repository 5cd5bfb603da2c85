// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Card, type CardProps } from '../../../overlay-ui/Card';

/** Counts the card's focus calls and the page's scrolls to a target while `run` renders. */
function setUp() {
  const focused: Element[] = [];
  const revealed: Element[] = [];
  vi.spyOn(HTMLElement.prototype, 'focus').mockImplementation(function (this: HTMLElement) {
    focused.push(this);
  });
  // Every target is out of view: a reveal scrolls to it.
  class OutOfView {
    constructor(private readonly callback: (entries: { intersectionRatio: number }[]) => void) {}
    observe(element: Element) {
      queueMicrotask(() => this.callback([{ intersectionRatio: 0 }]));
      revealed.push(element);
    }
    disconnect() {}
  }
  vi.stubGlobal('IntersectionObserver', OutOfView);
  vi.stubGlobal('matchMedia', () => ({ matches: false }));
  Element.prototype.scrollIntoView = () => {};
  return { focused, revealed };
}

const props = (target: Element | null, focusKey: string): CardProps => ({
  id: 'c',
  title: 'Step',
  brief: 'Do this.',
  detailOpen: false,
  onToggleDetail() {},
  target,
  dir: 'ltr',
  closeLabel: 'Close',
  onClose() {},
  onRate() {},
  focusKey,
});

describe('a card shown anew', () => {
  beforeEach(() => {
    document.body.innerHTML = '<div id="app"><button id="a">A</button></div><div id="ui"></div>';
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('takes focus and reveals its target once per step, not again when the app re-renders the target', async () => {
    const { focused, revealed } = setUp();
    const ui = document.getElementById('ui')!;
    const first = document.getElementById('a')!;
    render(<Card {...props(first, 'rule:1')} />, ui);
    await new Promise((r) => setTimeout(r, 5));
    expect(focused).toHaveLength(1);
    expect(revealed).toEqual([first]);

    // The app renders the same button again: another element, the same step.
    const again = document.createElement('button');
    first.replaceWith(again);
    render(<Card {...props(again, 'rule:1')} />, ui);
    await new Promise((r) => setTimeout(r, 5));
    expect(focused).toHaveLength(1);
    expect(revealed).toEqual([first]);

    // The next step: shown anew.
    render(<Card {...props(again, 'rule:2')} />, ui);
    await new Promise((r) => setTimeout(r, 5));
    expect(focused).toHaveLength(2);
    expect(revealed).toEqual([first, again]);
  });

  it('is shown anew when its target turns up after it was missing', async () => {
    const { focused, revealed } = setUp();
    const ui = document.getElementById('ui')!;
    render(<Card {...props(null, 'rule:1')} />, ui);
    await new Promise((r) => setTimeout(r, 5));
    expect(focused).toHaveLength(1);
    const target = document.getElementById('a')!;
    render(<Card {...props(target, 'rule:1')} />, ui);
    await new Promise((r) => setTimeout(r, 5));
    expect(focused).toHaveLength(2);
    expect(revealed).toEqual([target]);
  });
});
