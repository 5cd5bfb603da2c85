// @vitest-environment happy-dom
/**
 * Walkthroughs that mean what they say: a typing step with a pattern moves on only on a valid value,
 * a step is counted as shown once per run however often the run comes back to its page, tips and
 * hints whose target never comes are counted as target-missing (never as shown), and a finished
 * walkthrough does not start by itself again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OverlayController } from '../../../overlay-ui/controller';
import { type Walkthrough as Run, Walkthrough } from '../../../overlay-ui/walkthrough/walkthrough';
import type { Rule } from '../../../rules/model';
import { type FakeHost, fakeHost, step, walkthrough } from './fakes';

const amount = walkthrough('amount', [
  step('Amount', {
    id: 'amount',
    target: { selector: '#amount' },
    advance: 'input-target',
    validate: { matches: '^\\d+$', message: 'Digits only, like 25000.' },
  }),
  step('Save', { id: 'save', target: { selector: '#save' } }),
]);

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('walkthrough semantics', () => {
  let host: FakeHost;
  let events: string[];
  let announced: string[];
  const start = (r: Rule, index = 0, resume = false) =>
    new Walkthrough(
      host,
      r,
      index,
      {
        record: (event, stepId) => events.push(`${event}:${stepId}`),
        changed: () => {},
        ended: (_run: Run) => {},
        announce: (text) => announced.push(text),
      },
      undefined,
      resume,
    );
  const input = (id: string) => {
    const e = document.createElement('input');
    e.id = id;
    document.body.append(e);
    return e;
  };

  beforeEach(() => {
    document.body.innerHTML = '';
    events = [];
    announced = [];
  });
  afterEach(() => host.abort.abort());

  it('moves a typing step with a pattern on only on a valid value, and says what is wrong', async () => {
    host = fakeHost([amount]);
    const field = input('amount');
    host.engine.targets.set('amount', field);
    const run = start(amount);
    run.refresh();
    field.value = '25,000';
    field.dispatchEvent(new Event('change'));
    await flush();
    expect(run.index).toBe(0);
    expect(run.invalid).toBe('Digits only, like 25000.');
    expect(announced.at(-1)).toBe('Digits only, like 25000.');
    field.value = '25000';
    field.dispatchEvent(new Event('change'));
    await flush();
    expect(run.index).toBe(1);
    expect(run.invalid).toBeNull();
  });

  it('moves a typing step without a pattern on for any value', () => {
    const plain = walkthrough('plain', [
      step('Name', { target: { selector: '#name' }, advance: 'input-target' }),
      step('B'),
    ]);
    host = fakeHost([plain]);
    const field = input('name');
    host.engine.targets.set('plain', field);
    const run = start(plain);
    run.refresh();
    field.value = 'anything';
    field.dispatchEvent(new Event('change'));
    expect(run.index).toBe(1);
  });

  it('counts a step shown once per run when the run comes back to its page (reloads, routes)', () => {
    const tour = walkthrough('tour', [step('One'), step('Two'), step('Three')]);
    host = fakeHost([tour]);
    start(tour).next();
    expect(events).toEqual(['shown:0', 'shown:1']);
    // The progress saved with the run says which steps were shown.
    expect(host.sent.at(-1)).toMatchObject({ type: 'progress.update', stepIndex: 1, status: 'active', shown: [0, 1] });
    // The page is reloaded three times (the saved state comes back from the background each time).
    for (let i = 0; i < 3; i++) {
      const again = start(tour, host.state.progress.tour?.stepIndex ?? 0, true);
      expect(again.index).toBe(1);
      expect(again.shownCount).toBe(1);
    }
    expect(events).toEqual(['shown:0', 'shown:1']);
    // A new run (started by hand) counts again.
    start(tour, 0);
    expect(events).toEqual(['shown:0', 'shown:1', 'shown:0']);
  });

  it('counts a step again in a run whose saved progress is a finished one', () => {
    const tour = walkthrough('tour', [step('One')]);
    host = fakeHost([tour], { progress: { tour: { stepIndex: 0, status: 'completed', updatedAt: 1, shown: [0] } } });
    start(tour, 0, true);
    expect(events).toEqual(['shown:0']);
  });
});

describe('tips and hints whose target never comes', () => {
  let host: FakeHost;
  const tip: Rule = {
    ...walkthrough('tip', [step('A tip', { id: 'tip-step', target: { selector: '#t' } })]),
    kind: 'tip',
  };
  const hint: Rule = { ...walkthrough('hint', [step('A hint', { target: { selector: '#h' } })]), kind: 'hint' };

  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = '';
  });
  afterEach(() => {
    host.abort.abort();
    vi.useRealTimers();
  });

  const counted = () =>
    host.sent.filter((m) => m.type === 'usage.record').flatMap((m) => m.events as { ruleId: string; event: string }[]);

  it('are counted once as target-missing after the wait, never as shown', async () => {
    host = fakeHost([tip, hint]);
    new OverlayController(host, 1_000);
    vi.advanceTimersByTime(999);
    host.emit();
    vi.advanceTimersByTime(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(counted()).toEqual([
      { ruleId: 'tip', stepId: 'tip-step', event: 'target-missing' },
      { ruleId: 'hint', stepId: '0', event: 'target-missing' },
    ]);
    host.emit();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(counted()).toHaveLength(2);
  });

  it('are not counted when the target comes in time, nor when the rule stops applying first', async () => {
    host = fakeHost([tip, hint]);
    const c = new OverlayController(host, 1_000);
    await vi.advanceTimersByTimeAsync(500);
    const t = document.createElement('div');
    document.body.append(t);
    host.engine.targets.set('tip', t);
    host.engine.applies.delete('hint');
    host.emit({ targets: ['tip'], left: ['hint'] });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(counted()).toEqual([]);
    // The beacon shows; only opening the tip counts it as shown.
    expect(c.tips.views.map((v) => v.rule.id)).toEqual(['tip']);
    c.tips.toggle('tip');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(counted()).toEqual([{ ruleId: 'tip', stepId: 'tip-step', event: 'shown' }]);
  });

  it('a dismissed tip is not waited for', async () => {
    host = fakeHost([tip], { dismissedTips: ['tip'] });
    new OverlayController(host, 1_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(counted()).toEqual([]);
  });
});

describe('a finished walkthrough', () => {
  let host: FakeHost;
  afterEach(() => host.abort.abort());
  const tour = walkthrough('tour', [step('One')]);

  it('does not start by itself again; by hand it does', () => {
    host = fakeHost([tour], { progress: { tour: { stepIndex: 0, status: 'completed', updatedAt: 1 } } });
    const c = new OverlayController(host);
    expect(c.walkthrough).toBeNull();
    host.emit();
    expect(c.walkthrough).toBeNull();
    c.startWalkthrough(tour);
    expect(c.walkthrough?.rule.id).toBe('tour');
  });

  it('starts by itself when the background left the completion out (the rule changed)', () => {
    host = fakeHost([tour], { completions: { tour: 1 } });
    expect(new OverlayController(host).walkthrough?.rule.id).toBe('tour');
  });
});

describe('a step that advances on the outcome (a URL)', () => {
  let host: FakeHost;
  afterEach(() => host.abort.abort());
  const save = walkthrough('save', [
    step('Name', { id: 'name' }),
    step('Save', { id: 'save', target: { selector: '#save' }, advance: { url: '/opportunities/:id' } }),
  ]);

  it('stays up while the app refuses the save, and completes when the app opens the saved record outside the rule’s pages', () => {
    host = fakeHost([save], { progress: { save: { stepIndex: 1, status: 'active', updatedAt: 1, shown: [0, 1] } } });
    const button = document.createElement('button');
    button.id = 'save';
    document.body.append(button);
    host.engine.targets.set('save', button);
    const c = new OverlayController(host);
    expect(c.walkthrough?.index).toBe(1);
    // The click alone does nothing: the app said "The form is not valid" and stayed.
    button.click();
    host.emit();
    expect(c.walkthrough?.index).toBe(1);
    expect(host.state.progress.save?.status).toBe('active');
    // The app saved and went to the record, where the rule does not apply.
    host.engine.applies.delete('save');
    host.engine.matchingUrls.add('/opportunities/:id');
    host.emit({ left: ['save'], url: 'https://crm.example.com/opportunities/1' });
    expect(c.walkthrough).toBeNull();
    expect(host.state.progress.save?.status).toBe('completed');
    expect(host.state.completions.save).toBe(1);
  });

  it('pauses (stays active) when the page leaves the rule’s pages for another URL', () => {
    host = fakeHost([save], { progress: { save: { stepIndex: 1, status: 'active', updatedAt: 1 } } });
    const c = new OverlayController(host);
    host.engine.applies.delete('save');
    host.emit({ left: ['save'], url: 'https://crm.example.com/accounts' });
    expect(c.walkthrough).toBeNull();
    expect(host.state.progress.save).toMatchObject({ status: 'active', stepIndex: 1 });
  });
});
