// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Walkthrough as Run, Walkthrough } from '../../../overlay-ui/walkthrough/walkthrough';
import { type FakeHost, fakeHost, step, walkthrough } from './fakes';

const rule = walkthrough('new-opp', [
  step('Open the form', { id: 'open', target: { selector: '#new' }, advance: 'click-target' }),
  step('Amount', { target: { selector: '#amount' }, advance: 'input-target', detail: 'In **USD**.' }),
  step('Check', { advance: { url: '/opportunities/1' } }),
  step('Done', { target: { selector: '#save' }, advance: 'next' }),
]);

describe('Walkthrough', () => {
  let host: FakeHost;
  let events: string[];
  let ended: string[];
  let announced: string[];
  const start = (index = 0, r = rule) =>
    new Walkthrough(host, r, index, {
      record: (event, stepId) => events.push(`${event}:${stepId}`),
      changed: () => {},
      ended: (_run: Run, status) => ended.push(status),
      announce: (text) => announced.push(text),
    });
  const el = (id: string, tag = 'button') => {
    const e = document.createElement(tag);
    e.id = id;
    document.body.append(e);
    return e;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = '';
    host = fakeHost([rule]);
    events = [];
    ended = [];
    announced = [];
  });
  afterEach(() => {
    host.abort.abort();
    vi.useRealTimers();
  });

  it('waits for a missing target, then shows the step when it appears', () => {
    const run = start();
    expect(run.status).toBe('waiting');
    expect(events).toEqual([]);
    const button = el('new');
    host.engine.targets.set('new-opp', button);
    run.refresh({ entered: [], left: [], targets: ['new-opp'] });
    expect(run.status).toBe('ready');
    expect(run.target).toBe(button);
    expect(events).toEqual(['shown:open']);
    expect(announced).toEqual(['Step 1 of 4: Open the form']);
    expect(host.sent).toContainEqual(
      expect.objectContaining({ type: 'progress.update', stepIndex: 0, status: 'active' }),
    );
  });

  it('reports target-missing once after the timeout and offers to skip', () => {
    const run = start();
    vi.advanceTimersByTime(7_999);
    expect(run.status).toBe('waiting');
    vi.advanceTimersByTime(1);
    expect(run.status).toBe('missing');
    expect(events).toEqual(['target-missing:open', 'shown:open']);
    run.refresh();
    vi.advanceTimersByTime(10_000);
    expect(events.filter((e) => e.startsWith('target-missing'))).toHaveLength(1);
    run.skip();
    expect(run.index).toBe(1);
    expect(host.engine.steps.get('new-opp')).toBe(1);
  });

  it('advances on a click on the target, on a change of the input, and on the URL', () => {
    const run = start();
    const button = el('new');
    host.engine.targets.set('new-opp', button);
    run.refresh();
    button.click();
    expect(run.index).toBe(1);
    const amount = el('amount', 'input') as HTMLInputElement;
    host.engine.targets.set('new-opp', amount);
    run.refresh();
    // Typing is not yet the end of the input…
    amount.dispatchEvent(new Event('input', { bubbles: true }));
    expect(run.index).toBe(1);
    // …leaving the field with a new value is.
    amount.dispatchEvent(new Event('change', { bubbles: true }));
    expect(run.index).toBe(2);
    // The old target's listeners are gone.
    button.click();
    expect(run.index).toBe(2);
    host.currentUrl = 'https://crm.example.com/opportunities/1';
    host.engine.matchingUrls.add('/opportunities/1');
    run.refresh({ entered: [], left: [], targets: [], url: host.currentUrl });
    expect(run.index).toBe(3);
  });

  it('advances when an element appears', () => {
    const r = walkthrough('appear', [step('Wait', { advance: { appear: { selector: '#toast' } } }), step('Next')]);
    host = fakeHost([r]);
    const run = start(0, r);
    run.refresh();
    expect(run.index).toBe(0);
    host.engine.advanceTargets.set('appear', el('toast', 'div'));
    run.refresh();
    expect(run.index).toBe(1);
  });

  it('ignores a stale button: Next from a step that already moved on does nothing', () => {
    const run = start(1);
    run.next(1);
    expect(run.index).toBe(2);
    run.skip(1);
    expect(run.index).toBe(2);
  });

  it('goes back, completes on the last step and counts the completion', () => {
    const run = start(3);
    run.back();
    expect(run.index).toBe(2);
    run.next();
    run.next();
    expect(ended).toEqual(['completed']);
    expect(host.state.completions['new-opp']).toBe(1);
    expect(host.state.progress['new-opp']?.status).toBe('completed');
    expect(events.at(-1)).toBe('completed:3');
    expect(run.active).toBe(false);
    run.next();
    expect(ended).toEqual(['completed']);
  });

  it('closes as dismissed, and "I know this" also stops auto-starts', () => {
    start().close();
    expect(ended).toEqual(['dismissed']);
    expect(host.sent.at(-1)).toMatchObject({ type: 'progress.update', status: 'dismissed' });
    start().know();
    expect(host.state.known).toEqual(['new-opp']);
    expect(host.sent).toContainEqual({ type: 'rule.known', ruleId: 'new-opp', known: true });
  });

  it('opens the detail for newcomers and keeps it closed for experts', () => {
    expect(start(1).detailOpen).toBe(true);
    host.state.completions['new-opp'] = 3;
    const expert = start(1);
    expect(expert.detailOpen).toBe(false);
    expert.toggleDetail();
    expect(expert.detailOpen).toBe(true);
  });

  it('counts one rating per step', () => {
    const run = start(2);
    run.refresh();
    run.rate(true);
    run.rate(false);
    expect(events.filter((e) => e.startsWith('helpful') || e.startsWith('unhelpful'))).toEqual(['helpful:2']);
  });

  it('stops its listeners and timers with the content script', () => {
    const run = start();
    const button = el('new');
    host.engine.targets.set('new-opp', button);
    run.refresh();
    host.abort.abort();
    button.click();
    vi.advanceTimersByTime(20_000);
    expect(run.index).toBe(0);
    expect(events).toEqual(['shown:open']);
  });
});
