import { afterEach, describe, expect, it, vi } from 'vitest';
import { checklistRules, PageReporter, RETRY_MS, readPage } from '../../../overlay/checklists';
import { hideProbes as takeChecklists, visibleEngine } from '../../../overlay/probes';
import { SignalTimers } from '../../../overlay/timers';
import { createEngine } from '../../../rules/engine';
import type { MatchEngine } from '../../../rules/engine-api';
import type { Checklist, Rule } from '../../../rules/model';
import { createLinearTester } from '../../../rules/regex/linear';
import { documentWith, type Fixture, forgetMatchCaches, URLPatternImpl } from '../rules/dom';

const URL_FORM = 'https://crm.example.com/opportunities/new';

const newDeal: Checklist = {
  id: 'new-deal',
  title: 'A new deal',
  where: { urls: ['https://crm.example.com/opportunities/*'] },
  items: [
    { id: 'named', title: 'Name it', doneWhen: { value: { target: { selector: '#name' }, matches: '\\S' } } },
    { id: 'saved', title: 'Save it', doneWhen: { exists: { selector: '.saved-banner' } }, once: true },
    {
      id: 'no-errors',
      title: 'No errors left',
      doneWhen: { all: [{ exists: { selector: 'form' } }, { absent: { selector: '.error' } }] },
    },
  ],
};
const accounts: Checklist = {
  id: 'accounts',
  title: 'Accounts',
  where: { urls: ['https://crm.example.com/accounts'] },
  items: [{ id: 'searched', title: 'Search', doneWhen: { exists: { selector: '#search' } } }],
};
const tip: Rule = {
  id: 'amount-tip',
  name: 'Amount',
  kind: 'tip',
  status: 'published',
  where: { urls: ['https://crm.example.com/*'] },
  start: 'auto',
  steps: [{ title: 'Amount', brief: 'In USD.', target: { selector: '#amount' } }],
};

describe('checklists on the page', () => {
  let page: Fixture;
  let engine: MatchEngine;
  afterEach(() => page?.close());

  const start = async (html: string, url = URL_FORM) => {
    page = await documentWith(html, url);
    engine = createEngine({
      root: page.document,
      url,
      rules: [tip, ...checklistRules([newDeal, accounts])],
      URLPattern: URLPatternImpl,
      testPattern: createLinearTester(),
    });
  };
  const met = () => readPage(engine, URL_FORM).checklists;

  it('reports which checklists apply and which items hold, by the same conditions as rules', async () => {
    await start('<form><input id="name"><input id="amount"><p class="error">Required</p></form>');
    expect(readPage(engine, URL_FORM)).toEqual({
      url: URL_FORM,
      rules: ['amount-tip'],
      checklists: [{ id: 'new-deal', met: [] }],
    });
  });

  it('ticks items as the work is done: a value typed, an element appearing, an error going away', async () => {
    await start('<form><input id="name"><p class="error">Required</p></form>');
    const name = page.document.querySelector<HTMLInputElement>('#name')!;
    name.value = 'Acme renewal';
    takeChecklists(engine.update({ added: [], removed: [], changed: [name] }));
    expect(met()).toEqual([{ id: 'new-deal', met: ['named'] }]);

    const error = page.document.querySelector('.error')!;
    error.remove();
    const banner = page.document.createElement('div');
    banner.className = 'saved-banner';
    page.document.body.append(banner);
    forgetMatchCaches(page.document.querySelectorAll('*'));
    const change = engine.update({
      added: [banner],
      removed: [error],
      parents: [page.document.querySelector('form')!],
    });
    expect(takeChecklists(change)).toBe(true);
    expect(met()[0]?.met.sort()).toEqual(['named', 'no-errors', 'saved']);
  });

  it('follows the URL: another page shows its own checklists', async () => {
    await start('<input id="search">');
    expect(met()).toEqual([{ id: 'new-deal', met: [] }]);
    engine.setUrl('https://crm.example.com/accounts');
    expect(readPage(engine, 'https://crm.example.com/accounts').checklists).toEqual([
      { id: 'accounts', met: ['searched'] },
    ]);
  });

  it('keeps the checklists out of what the UI sees', async () => {
    await start('<form><input id="name" value="x"><input id="amount"></form>');
    const view = visibleEngine(engine);
    expect(view.active().map((a) => a.rule.id)).toEqual(['amount-tip']);
    expect(engine.active().length).toBeGreaterThan(1);
    const change = view.setRules([tip, ...checklistRules([newDeal])]);
    expect([...change.entered, ...change.left, ...change.targets].every((id) => id === 'amount-tip')).toBe(true);
    const probeId = engine.active().find((a) => a.rule.id !== 'amount-tip')!.rule.id;
    expect(view.get(probeId)).toBeUndefined();
  });

  it('gives every item a rule id no pack rule can have', () => {
    const ids = checklistRules([newDeal]).map((r) => r.id);
    expect(ids).toHaveLength(4);
    for (const id of ids) expect(id.charCodeAt(0)).toBeLessThan(0x20);
  });
});

describe('the page reporter', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('sends a report the background could not take again, a little later each time, until it is taken', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('location', { href: URL_FORM });
    const engine = { active: () => [], wantsPatterns: () => false } as unknown as MatchEngine;
    let failures = 5;
    const sent: number[] = [];
    const send = async () => {
      sent.push(Date.now());
      if (failures-- > 0) throw new Error('Could not establish connection. Receiving end does not exist.');
      return { saved: true as const };
    };
    const reporter = new PageReporter(engine, send as never, new SignalTimers(new AbortController().signal), 100);
    const start = Date.now();
    reporter.schedule(0);
    await vi.advanceTimersByTimeAsync(120_000);
    // The first try, then one after each of the first five pauses: the sixth is taken.
    expect(sent.map((t) => t - start)).toEqual([0, 1000, 3000, 7000, 15_000, 30_000]);
    expect(RETRY_MS.length).toBeGreaterThan(5);

    // A report that was taken is not sent again while nothing changed.
    reporter.schedule(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(6);
  });

  it('gives up after the last pause', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('location', { href: URL_FORM });
    const engine = { active: () => [], wantsPatterns: () => false } as unknown as MatchEngine;
    let tries = 0;
    const send = async () => {
      tries++;
      throw new Error('gone');
    };
    const reporter = new PageReporter(engine, send as never, new SignalTimers(new AbortController().signal), 100);
    reporter.schedule(0);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(tries).toBe(RETRY_MS.length + 1);
  });
});
