// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OverlayController } from '../../../overlay-ui/controller';
import { OverlayApp } from '../../../overlay-ui/OverlayApp';
import type { Rule } from '../../../rules/model';
import { type FakeHost, fakeHost, step, walkthrough } from './fakes';

const tour = walkthrough('tour', [
  step('Find the account', { brief: 'Type its **name**.', detail: 'Search <img src=x onerror="window.pwned=1">.' }),
  step('Open it'),
  step('Log a call'),
]);

describe('overlay components', () => {
  let host: FakeHost;
  let shadow: ShadowRoot;
  let controller: OverlayController;

  let container: HTMLElement | undefined;
  const unmount = () => {
    host?.abort.abort();
    if (container) render(null, container);
    document.body.innerHTML = '';
  };
  const mount = async (rules: Rule[], state = {}) => {
    if (container) unmount();
    host = fakeHost(rules, state);
    const el = document.createElement('div');
    document.body.append(el);
    shadow = el.attachShadow({ mode: 'open' });
    container = document.createElement('div');
    shadow.append(container);
    const into = container;
    await act(() => {
      controller = new OverlayController(host);
      render(<OverlayApp controller={controller} />, into);
    });
  };
  const $ = <T extends Element = HTMLElement>(selector: string) => shadow.querySelector<T>(selector);
  const button = (name: string) =>
    [...shadow.querySelectorAll('button')].find(
      (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
    );
  const key = (target: Element, k: string) =>
    act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

  beforeEach(() => {
    document.body.innerHTML = '';
    document.documentElement.removeAttribute('dir');
    document.documentElement.style.direction = '';
  });
  afterEach(() => {
    unmount();
    container = undefined;
  });

  it('renders a step as a non-modal dialog labelled by its title and described by its text', async () => {
    await mount([tour]);
    const dialog = $('[role="dialog"]') as HTMLElement;
    expect(dialog.getAttribute('aria-modal')).toBe('false');
    expect(shadow.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Find the account');
    expect(shadow.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Type its name.');
    expect($('.progress')?.textContent).toBe('Step 1 of 3');
    expect(button('Back')).toBeUndefined();
    expect(button('Next')).toBeDefined();
    expect($('[role="status"]')?.textContent).toBe('Step 1 of 3: Find the account');
  });

  it('renders Markdown as elements and raw HTML as text', async () => {
    await mount([tour]);
    expect($('strong')?.textContent).toBe('name');
    expect($('.detail')?.textContent).toContain('<img src=x onerror="window.pwned=1">');
    expect(shadow.querySelector('img')).toBeNull();
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });

  it('shows the detail to newcomers and the brief form to experts, behind "More detail"', async () => {
    await mount([tour], { completions: { tour: 1 } });
    expect($('.detail')).not.toBeNull();
    await mount([tour], { completions: { tour: 5 } });
    // Mastered: no auto-start; started from the catalog it shows the brief form.
    expect($('[role="dialog"]')).toBeNull();
    await act(() => controller.startWalkthrough(tour));
    expect($('.detail')).toBeNull();
    const more = button('More detail') as HTMLButtonElement;
    expect(more.getAttribute('aria-expanded')).toBe('false');
    await act(() => more.click());
    expect($('.detail')).not.toBeNull();
    expect(button('Less detail')?.getAttribute('aria-expanded')).toBe('true');
  });

  it('moves with Next and Back, and with the arrow keys while focus is in the card', async () => {
    await mount([tour]);
    await act(() => button('Next')?.click());
    expect($('.progress')?.textContent).toBe('Step 2 of 3');
    await act(() => button('Back')?.click());
    expect($('.progress')?.textContent).toBe('Step 1 of 3');
    const dialog = $('[role="dialog"]') as HTMLElement;
    await key(dialog, 'ArrowRight');
    await key(dialog, 'ArrowDown');
    expect($('.progress')?.textContent).toBe('Step 3 of 3');
    expect(button('Done')).toBeDefined();
    await key(dialog, 'ArrowLeft');
    expect($('.progress')?.textContent).toBe('Step 2 of 3');
  });

  it('swaps the horizontal arrows in right-to-left pages', async () => {
    document.documentElement.setAttribute('dir', 'rtl');
    document.documentElement.style.direction = 'rtl';
    await mount([tour]);
    const dialog = $('[role="dialog"]') as HTMLElement;
    expect(dialog.getAttribute('dir')).toBe('rtl');
    await key(dialog, 'ArrowLeft');
    expect($('.progress')?.textContent).toBe('Step 2 of 3');
  });

  it('closes on Escape and reports it', async () => {
    await mount([tour]);
    await key($('[role="dialog"]') as HTMLElement, 'Escape');
    expect($('[role="dialog"]')).toBeNull();
    expect(host.state.progress.tour?.status).toBe('dismissed');
  });

  it('never takes focus from a field the user is typing in', async () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    await mount([tour]);
    await act(() => new Promise((r) => setTimeout(r, 10)));
    expect(document.activeElement).toBe(input);
    expect(shadow.activeElement).toBeNull();
  });

  it('takes focus when the page is idle, and keeps it across steps', async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    await mount([tour]);
    await act(() => new Promise((r) => setTimeout(r, 10)));
    expect(shadow.activeElement).toBe($('[role="dialog"]'));
    const next = button('Next') as HTMLButtonElement;
    next.focus();
    await act(() => next.click());
    await act(() => new Promise((r) => setTimeout(r, 10)));
    expect(shadow.activeElement).toBe(button('Next'));
  });

  it('offers Skip for a step the user completes by acting, and a note when its target is missing', async () => {
    const target = document.createElement('button');
    document.body.append(target);
    const acting = walkthrough('acting', [
      step('Click it', { target: { selector: '#x' }, advance: 'click-target' }),
      step('Then'),
    ]);
    await mount([acting]);
    host.engine.targets.set('acting', target);
    await act(() => host.emit({ targets: ['acting'] }));
    expect(button('Next')).toBeUndefined();
    expect(button('Skip')).toBeDefined();
    expect($('.missing')).toBeNull();
  });

  it('draws a validation mark for a hint after blur', async () => {
    const zip = document.createElement('input');
    document.body.append(zip);
    const hint: Rule = {
      ...walkthrough('zip', [
        step('Postal code', {
          target: { selector: '#zip' },
          validate: { matches: '^\\d{5}$', message: 'Five digits' },
        }),
      ]),
      kind: 'hint',
    };
    await mount([hint]);
    host.engine.targets.set('zip', zip);
    await act(() => host.emit({ targets: ['zip'] }));
    await act(() => void zip.dispatchEvent(new FocusEvent('focus')));
    expect($('[role="tooltip"]')?.textContent).toBe('Do Postal code.');
    zip.value = 'abc';
    await act(() => void zip.dispatchEvent(new FocusEvent('blur')));
    expect($('[role="tooltip"]')?.className).toContain('bad');
    expect($('[role="tooltip"]')?.textContent).toBe('✗ Five digits');
  });

  it('opens a tip from its beacon and closes it for good', async () => {
    const t = document.createElement('div');
    document.body.append(t);
    const tip: Rule = { ...walkthrough('tip', [step('Shortcut', { target: { selector: '#t' } })]), kind: 'tip' };
    await mount([tip]);
    host.engine.targets.set('tip', t);
    await act(() => host.emit({ targets: ['tip'] }));
    const beacon = button('Tip: Shortcut') as HTMLButtonElement;
    expect(beacon.getAttribute('aria-expanded')).toBe('false');
    await act(() => beacon.click());
    expect($('[role="dialog"] h2')?.textContent).toBe('Shortcut');
    await act(() => button("Don't show again")?.click());
    expect($('[role="dialog"]')).toBeNull();
    expect(button('Tip: Shortcut')).toBeUndefined();
    expect(host.state.dismissedTips).toEqual(['tip']);
  });
});
