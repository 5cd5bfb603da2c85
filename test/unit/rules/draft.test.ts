import { describe, expect, it } from 'vitest';
import { newRule, ruleIdFor, ruleProblems, suggestUrlPattern } from '../../../rules/index';
import { compileUrlPattern } from '../../../rules/url/compile';
import { urlPatternImpl } from '../../../rules/url/with-polyfill';

describe('where a new rule applies', () => {
  it.each([
    ['https://crm.example.com/accounts/123', { pathname: '/accounts/:id' }],
    ['https://crm.example.com/accounts/123/opportunities/9', { pathname: '/accounts/:id/opportunities/:id2' }],
    ['https://crm.example.com/opportunities/new?account=5', { pathname: '/opportunities/new' }],
    ['https://crm.example.com/t/3f2b8c1e-9a4d-4c1b-8e2f-0a1b2c3d4e5f/edit', { pathname: '/t/:id/edit' }],
    ['https://crm.example.com/lead/001Dn00000AbCdE', { pathname: '/lead/:id' }],
    ['https://crm.example.com/invoices/INV-2024', { pathname: '/invoices/:id' }],
    ['https://crm.example.com/reports#/pipeline/42?stage=won', { pathname: '/reports', hash: '/pipeline/:id' }],
    ['https://crm.example.com/settings/profile', { pathname: '/settings/profile' }],
    ['https://crm.example.com/', { pathname: '/' }],
  ])('%s → %j', (url, pattern) => {
    expect(suggestUrlPattern(url)).toEqual(pattern);
  });

  it('matches the page it came from and others like it, not other kinds of page', () => {
    const matcher = compileUrlPattern(suggestUrlPattern('https://crm.example.com/accounts/17'), urlPatternImpl());
    expect(matcher.test(new URL('https://crm.example.com/accounts/17'))).toBe(true);
    expect(matcher.test(new URL('https://crm.example.com/accounts/9000'))).toBe(true);
    expect(matcher.test(new URL('https://crm.example.com/accounts'))).toBe(false);
    expect(matcher.test(new URL('https://crm.example.com/contacts/17'))).toBe(false);
  });

  it('escapes what URLPattern would read as syntax', () => {
    const pattern = suggestUrlPattern('https://crm.example.com/a:b/(x)');
    const matcher = compileUrlPattern(pattern, urlPatternImpl());
    expect(matcher.test(new URL('https://crm.example.com/a:b/(x)'))).toBe(true);
  });
});

describe('new rules and their problems', () => {
  const rule = newRule({
    kind: 'tip',
    target: { selector: 'input[name="amount"]' },
    url: 'https://crm.example.com/accounts/17',
    elementName: 'Amount (USD)',
    random: 'a1b2c3d4',
    now: '2026-12-01T10:00:00.000Z',
  });

  it('is a draft tip on the picked element, on pages like the one it was picked on', () => {
    expect(rule).toMatchObject({
      id: 'tip-amount-usd-a1b2c3d4',
      name: 'Tip: Amount (USD)',
      kind: 'tip',
      status: 'draft',
      where: { urls: [{ pathname: '/accounts/:id' }] },
      steps: [{ target: { selector: 'input[name="amount"]' }, title: '', brief: '' }],
    });
  });

  it('is a walkthrough started from the catalog, its first step on the picked element', () => {
    const tour = newRule({
      kind: 'walkthrough',
      target: { selector: '#log-call' },
      url: 'https://crm.example.com/accounts/17',
      elementName: 'Log a call',
      random: 'a1b2c3d4',
      now: '2026-12-01T10:00:00.000Z',
    });
    expect(tour).toMatchObject({
      id: 'walkthrough-log-a-call-a1b2c3d4',
      name: 'Walkthrough: Log a call',
      kind: 'walkthrough',
      start: 'manual',
      steps: [{ id: 'step-1', target: { selector: '#log-call' }, title: '', brief: '' }],
    });
    expect(
      newRule({
        ...tour,
        kind: 'hint',
        elementName: undefined,
        target: { selector: '#a' },
        url: 'https://a.com/',
        random: 'x',
        now: '',
      }).name,
    ).toBe('New hint');
  });

  it('names what is still missing with the path in the rule', () => {
    const problems = ruleProblems(rule);
    expect(problems.map((p) => p.path)).toEqual(['steps[0].title', 'steps[0].brief']);
    expect(ruleProblems({ ...rule, steps: [{ ...rule.steps[0], title: 'Amount', brief: 'In **USD**.' }] })).toEqual([]);
  });

  it('reports a bad selector and an unknown field as an import would', () => {
    const bad = { ...rule, steps: [{ title: 'A', brief: 'B', target: { selector: 'div >> span' }, placment: 'top' }] };
    const problems = ruleProblems(bad);
    expect(problems.find((p) => p.path === 'steps[0].target.selector')?.message).toMatch(/not a valid CSS selector/);
    expect(problems.find((p) => p.path === 'steps[0].placment')?.message).toMatch(/placement/);
  });

  it('says so when the rule is not an object', () => {
    expect(ruleProblems('tip')[0]?.message).toBeTruthy();
  });

  it('makes ids from names', () => {
    expect(ruleIdFor('Tip: Größe & Menge!', 'x1')).toBe('tip-gro-e-menge-x1');
    expect(ruleIdFor('???', 'x1')).toBe('rule-x1');
  });
});
