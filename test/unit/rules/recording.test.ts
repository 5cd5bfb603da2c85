import { describe, expect, it } from 'vitest';
import { type RecordedAction, recordedRule, recordedSteps, ruleProblems } from '../../../rules/index';

const CRM = 'https://crm.example.com';
const click = (selector: string, name: string, url: string, role = 'button'): RecordedAction => ({
  kind: 'click',
  target: { selector },
  name,
  role,
  url: `${CRM}${url}`,
});
const fill = (selector: string, name: string, url: string, secret = false): RecordedAction => ({
  kind: 'fill',
  target: { selector },
  name,
  role: 'textbox',
  url: `${CRM}${url}`,
  ...(secret && { secret }),
});
const go = (url: string): RecordedAction => ({ kind: 'navigate', url: `${CRM}${url}` });
const steps = (actions: RecordedAction[]) => recordedSteps(actions).map((r) => r.step);

describe('turning a recording into steps', () => {
  it('gives a click the click advance and a field the typing advance', () => {
    expect(steps([click('#log-call', 'Log a call', '/accounts/1'), fill('#notes', 'Notes', '/accounts/1')])).toEqual([
      {
        id: 'step-1',
        target: { selector: '#log-call' },
        title: 'Log a call',
        brief: 'Click **Log a call**.',
        advance: 'click-target',
      },
      {
        id: 'step-2',
        target: { selector: '#notes' },
        title: 'Notes',
        brief: 'Fill in **Notes**.',
        advance: 'input-target',
      },
    ]);
  });

  it('keeps repeated typing in one field as one step', () => {
    const result = steps([
      fill('[name="name"]', 'Name', '/opportunities/new'),
      fill('[name="name"]', 'Name', '/opportunities/new'),
      fill('[name="name"]', 'Name', '/opportunities/new'),
      fill('[name="amount"]', 'Amount', '/opportunities/new'),
      fill('[name="amount"]', 'Amount', '/opportunities/new'),
    ]);
    expect(result.map((s) => [s.id, s.target?.selector, s.advance])).toEqual([
      ['step-1', '[name="name"]', 'input-target'],
      ['step-2', '[name="amount"]', 'input-target'],
    ]);
  });

  it('counts a field filled again after something else as a new step', () => {
    const result = steps([fill('#a', 'A', '/form'), click('#check', 'Check', '/form'), fill('#a', 'A', '/form')]);
    expect(result.map((s) => s.target?.selector)).toEqual(['#a', '#check', '#a']);
  });

  it('makes the step before a navigation advance on the new page’s URL, record ids generalised', () => {
    const result = steps([
      click('#new-opportunity', 'New opportunity', '/accounts/17', 'link'),
      go('/opportunities/new?account=17'),
      fill('#opp-name', 'Opportunity name', '/opportunities/new?account=17'),
      click('#save', 'Save', '/opportunities/new?account=17'),
      go('/opportunities/93'),
    ]);
    expect(result.map((s) => s.advance)).toEqual([
      { url: { pathname: '/opportunities/new' } },
      'input-target',
      { url: { pathname: '/opportunities/:id' } },
    ]);
  });

  it('makes no step of a navigation before any step, or to the same page', () => {
    const result = steps([
      go('/accounts'),
      go('/accounts/4'),
      click('#log-call', 'Log a call', '/accounts/4'),
      go('/accounts/4?tab=calls'),
    ]);
    expect(result).toHaveLength(1);
    expect(result[0]!.advance).toBe('click-target');
  });

  it('says a secret field was filled without anything of its value, and escapes Markdown in names', () => {
    const [password, star] = steps([
      fill('input[name="password"]', 'Password', '/login', true),
      click('#x', 'Deals *this* week', '/login'),
    ]);
    expect(password).toMatchObject({ title: 'Password', brief: 'Enter your **Password**.', advance: 'input-target' });
    expect(star!.brief).toBe('Click **Deals \\*this\\* week**.');
  });

  it('has words for an element without a name', () => {
    expect(steps([click('main > a', '', '/', 'link'), fill('input', '', '/')]).map((s) => s.title)).toEqual([
      'Click the link',
      'Fill in the field',
    ]);
  });
});

describe('the draft walkthrough a recording makes', () => {
  it('applies on every page a step was recorded on and is valid as it is', () => {
    const rule = recordedRule({
      actions: [
        click('#new-opportunity', 'New opportunity', '/accounts/17', 'link'),
        go('/opportunities/new?account=17'),
        fill('#opp-name', 'Opportunity name', '/opportunities/new?account=17'),
        fill('#opp-amount', 'Amount', '/opportunities/new?account=17'),
      ],
      startUrl: `${CRM}/accounts/17`,
      random: 'abc12345',
      now: '2026-12-02T05:00:00.000Z',
    });
    expect(rule).toMatchObject({
      id: 'recorded-walkthrough-from-accounts-17-abc12345',
      kind: 'walkthrough',
      status: 'draft',
      start: 'auto',
      where: { urls: [{ pathname: '/accounts/:id' }, { pathname: '/opportunities/new' }] },
    });
    expect(rule!.steps).toHaveLength(3);
    expect(ruleProblems(rule)).toEqual([]);
  });

  it('is nothing when nothing was recorded', () => {
    expect(recordedRule({ actions: [go('/accounts/2')], startUrl: `${CRM}/accounts`, random: 'x', now: '' })).toBe(
      null,
    );
  });
});
