// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OverlayController } from '../../../overlay-ui/controller';
import type { Rule } from '../../../rules/model';
import { createLinearTester } from '../../../rules/regex/linear';
import type { PatternTester } from '../../../rules/regex/test-pattern';
import { type FakeHost, fakeHost, step, walkthrough } from './fakes';

const tour = walkthrough('tour', [step('One'), step('Two'), step('Three')]);
const other = walkthrough('other', [step('Only')], { priority: 1 });
const tip: Rule = { ...walkthrough('tip', [step('A tip', { target: { selector: '#t' } })]), kind: 'tip' };
const hint: Rule = {
  ...walkthrough('hint', [
    step('Postal code', { target: { selector: '#zip' }, validate: { matches: '^\\d{5}$', message: 'Five digits' } }),
  ]),
  kind: 'hint',
};

describe('OverlayController', () => {
  let host: FakeHost;
  const make = (rules: Rule[], state = {}) => {
    host = fakeHost(rules, state);
    return new OverlayController(host);
  };
  beforeEach(() => {
    document.body.innerHTML = '';
  });
  afterEach(() => host.abort.abort());

  it('starts an auto walkthrough at its first step', () => {
    const c = make([tour]);
    expect(c.walkthrough?.rule.id).toBe('tour');
    expect(c.walkthrough?.index).toBe(0);
  });

  it('resumes a walkthrough in progress at its step, before starting another', () => {
    const c = make([other, tour], { progress: { tour: { stepIndex: 2, status: 'active', updatedAt: 1 } } });
    expect(c.walkthrough?.rule.id).toBe('tour');
    expect(c.walkthrough?.index).toBe(2);
  });

  it.each([
    ['marked "I know this"', { known: ['tour'] }],
    ['mastered (completed expertAfter times)', { completions: { tour: 3 } }],
    ['closed by the user before', { progress: { tour: { stepIndex: 1, status: 'dismissed', updatedAt: 1 } } }],
  ])('does not start by itself when %s', (_why, state) => {
    expect(make([tour], state).walkthrough).toBeNull();
  });

  it('starts again after fewer completions than expertAfter, but not on the page it just ended on', () => {
    const c = make([tour], { completions: { tour: 2 } });
    c.walkthrough?.next();
    c.walkthrough?.next();
    c.walkthrough?.next();
    expect(host.state.completions.tour).toBe(3);
    expect(c.walkthrough).toBeNull();
    host.emit();
    expect(c.walkthrough).toBeNull();
  });

  it('hands over to the next walkthrough when one ends', () => {
    const c = make([other, tour]);
    expect(c.walkthrough?.rule.id).toBe('other');
    c.walkthrough?.close();
    expect(c.walkthrough?.rule.id).toBe('tour');
  });

  it('pauses when the rule stops applying and resumes at the same step when it applies again', () => {
    const c = make([tour]);
    c.walkthrough?.next();
    host.engine.applies.delete('tour');
    host.emit({ left: ['tour'] });
    expect(c.walkthrough).toBeNull();
    expect(host.state.progress.tour?.status).toBe('active');
    host.engine.applies.add('tour');
    host.emit({ entered: ['tour'] });
    expect(c.walkthrough?.index).toBe(1);
  });

  it('starts a walkthrough when its trigger is clicked', () => {
    const button = document.createElement('button');
    button.id = 'go';
    document.body.append(button);
    const triggered = walkthrough('triggered', [step('Go')], { start: { on: 'click', target: { selector: '#go' } } });
    host = fakeHost([triggered]);
    host.engine.startTargets.set('triggered', button);
    const c = new OverlayController(host);
    expect(c.walkthrough).toBeNull();
    button.click();
    expect(c.walkthrough?.rule.id).toBe('triggered');
  });

  it('shows beacons for tips with a target, not for dismissed ones', () => {
    const t = document.createElement('div');
    document.body.append(t);
    let c = make([tip]);
    host.engine.targets.set('tip', t);
    host.emit({ targets: ['tip'] });
    expect(c.tips.views.map((v) => v.rule.id)).toEqual(['tip']);
    c.tips.toggle('tip');
    expect(c.tips.views[0]?.open).toBe(true);
    c.tips.dismiss('tip');
    expect(c.tips.views).toEqual([]);
    expect(host.sent).toContainEqual({ type: 'tip.dismissed', ruleId: 'tip' });
    c = make([tip], { dismissedTips: ['tip'] });
    host.engine.targets.set('tip', t);
    host.emit();
    expect(c.tips.views).toEqual([]);
  });

  it('shows a field hint on focus and a validation mark on blur', async () => {
    const zip = document.createElement('input');
    document.body.append(zip);
    const c = make([hint]);
    host.engine.targets.set('hint', zip);
    host.emit({ targets: ['hint'] });
    // The pattern engine loads as soon as a hint that validates is bound.
    await Promise.resolve();
    expect(c.hints.views).toEqual([]);
    zip.dispatchEvent(new FocusEvent('focus'));
    expect(c.hints.views[0]?.focused).toBe(true);
    expect(c.announcement).toBe('Postal code: Do Postal code.');
    zip.value = '12a';
    zip.dispatchEvent(new FocusEvent('blur'));
    expect(c.hints.views[0]).toMatchObject({ focused: false, result: { ok: false, message: 'Five digits' } });
    zip.value = '12345';
    zip.dispatchEvent(new Event('input'));
    expect(c.hints.views[0]?.result).toEqual({ ok: true, message: 'Looks right' });
  });

  it('steps help back while an app modal is open, unless its target is inside the modal', () => {
    document.body.innerHTML =
      '<main><button id="t">Page</button></main><div role="dialog" aria-modal="true"><input id="zip"></div>';
    const c = make([tour]);
    let notified = 0;
    c.subscribe(() => notified++);
    const inside = document.getElementById('zip');
    const outside = document.getElementById('t');
    expect([c.shows(outside), c.shows(inside), c.shows(null)]).toEqual([true, true, true]);
    host.modal = document.querySelector('[role="dialog"]');
    host.emit({ targets: ['\u0002app-modal'] });
    expect(notified).toBeGreaterThan(0);
    expect([c.shows(outside), c.shows(inside), c.shows(null)]).toEqual([false, true, false]);
    host.modal = null;
    host.emit();
    expect(c.shows(outside)).toBe(true);
  });

  it('shows the validation mark once the pattern engine has loaded, when the field was left before', async () => {
    const zip = document.createElement('input');
    document.body.append(zip);
    let loaded: (tester: PatternTester) => void = () => {};
    const pending = new Promise<PatternTester>((ok) => (loaded = ok));
    host = fakeHost([hint]);
    host.patterns = () => pending;
    const c = new OverlayController(host);
    host.engine.targets.set('hint', zip);
    host.emit({ targets: ['hint'] });
    zip.value = '12a';
    zip.dispatchEvent(new FocusEvent('blur'));
    expect(c.hints.views).toEqual([]);
    const drawn = vi.fn();
    c.subscribe(drawn);
    loaded(createLinearTester());
    await vi.waitFor(() => expect(c.hints.views[0]?.result).toEqual({ ok: false, message: 'Five digits' }));
    expect(drawn).toHaveBeenCalled();
  });
});
