import { describe, expect, it } from 'vitest';
import { browserName, withoutQuery } from '../../../background/handlers/help';
import type { CatalogRule } from '../../../messaging/areas/catalog';
import type { StuckContext } from '../../../messaging/areas/help';
import { progressNews } from '../../../pages/sidepanel/App';
import { requestFrom } from '../../../pages/sidepanel/Stuck';
import { catalogSearch, naiveSearch } from '../../../pages/sidepanel/search';
import { placesOf } from '../../../pages/sidepanel/where';

/** The words `catalog.texts` sends for each rule, by id (as the background writes them). */
const TEXTS = new Map<string, string>();

const rule = (id: string, name: string, ...briefs: string[]): CatalogRule => {
  TEXTS.set(id, briefs.map((brief, i) => `Step ${i + 1}\n${brief}\n`).join('\n'));
  return { id, name, kind: 'walkthrough', start: 'manual', urls: ['http://127.0.0.1/*'], steps: briefs.length };
};

const RULES = [
  rule('log-call', 'Log a call', 'Open **Log a call**.', 'Pick the outcome and save.'),
  rule('new-opp', 'Create an opportunity', 'Fill in the amount in USD.', 'Choose the deal stage.'),
  rule('find', 'Find an account', 'Type a name, owner or city in the search box.'),
];

describe('catalog search', () => {
  const search = catalogSearch(RULES, TEXTS);
  it.each([
    ['a word in a step', 'stage', ['new-opp']],
    ['a word being typed', 'oppor', ['new-opp']],
    ['a typo', 'outcone', ['log-call']],
    ['two words, both needed', 'city search', ['find']],
    ['the name first', 'call', ['log-call']],
  ])('finds a rule by %s', (_what, query, ids) => {
    expect(search(query)).toEqual(ids);
  });

  it('lists everything for an empty query and nothing for a word no rule has', () => {
    expect(search('  ')).toEqual(['log-call', 'new-opp', 'find']);
    expect(search('invoice')).toEqual([]);
  });

  it('has a baseline that finds exact substrings only', () => {
    expect(naiveSearch(RULES, TEXTS)('stage')).toEqual(['new-opp']);
    expect(naiveSearch(RULES, TEXTS)('outcone')).toEqual([]);
  });
});

describe('"I\'m stuck" request', () => {
  const context: StuckContext = {
    url: 'http://127.0.0.1/opportunities/new',
    fullUrl: 'http://127.0.0.1/opportunities/new?account=Jane+Doe',
    help: {
      ruleId: 'new-opp',
      ruleName: 'Create an opportunity',
      ruleKind: 'walkthrough',
      stepId: 's2',
      stepIndex: 1,
      stepTitle: 'Stage',
      target: 'missing',
    },
    events: [{ at: 5, ruleId: 'new-opp', stepId: 's2', event: 'target-missing', ruleName: 'Create an opportunity' }],
    browser: 'Chrome 131',
    extensionVersion: '0.1.0',
  };
  const all = { url: true, help: true, target: true, events: true, browser: true };

  it('attaches the page without its query string, the rule, step, target state, events and browser', () => {
    expect(requestFrom('Where is the stage?', context, all, false)).toEqual({
      type: 'help.request',
      text: 'Where is the stage?',
      url: 'http://127.0.0.1/opportunities/new',
      ruleId: 'new-opp',
      stepId: 's2',
      context: {
        ruleName: 'Create an opportunity',
        ruleKind: 'walkthrough',
        stepIndex: 1,
        stepTitle: 'Stage',
        target: 'missing',
        events: [{ at: 5, ruleId: 'new-opp', stepId: 's2', event: 'target-missing' }],
        browser: 'Chrome 131',
        extensionVersion: '0.1.0',
      },
    });
  });

  it('sends nothing the person unticked, and the query string only when asked', () => {
    const none = { url: false, help: false, target: false, events: false, browser: false };
    expect(requestFrom('x', context, none, true)).toEqual({ type: 'help.request', text: 'x' });
    expect(requestFrom('x', context, { ...none, url: true }, true).url).toBe(context.fullUrl);
  });

  it('takes the query string off an address, a hash route’s own included', () => {
    expect(withoutQuery('https://crm.example.com/a?b=1#/c?d=2')).toBe('https://crm.example.com/a#/c');
    expect(withoutQuery('not a url')).toBeUndefined();
  });

  it.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome 131',
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox 128'],
    ['Mozilla/5.0 Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'Edge 131'],
    ['curl/8', 'Unknown browser'],
  ])('names the browser of %s', (agent, name) => {
    expect(browserName(agent)).toBe(name);
  });
});

describe('side panel words', () => {
  const list = (done: string[]) => ({
    id: 'c',
    title: 'New deal',
    items: ['a', 'b'].map((id) => ({ id, title: id.toUpperCase(), done: done.includes(id), once: false })),
  });

  it('announces items that ticked or unticked, and the progress', () => {
    expect(progressNews([list([])], [list(['a'])])).toBe('Done: A. New deal: 1 of 2.');
    expect(progressNews([list(['a'])], [list(['a', 'b'])])).toBe('Done: B. New deal: all done.');
    expect(progressNews([list(['a'])], [list([])])).toBe('No longer done: A. New deal: 0 of 2.');
    expect(progressNews([list(['a'])], [list(['a'])])).toBe('');
  });

  it('says where a rule for another page applies, with a link when it names one page', () => {
    expect(placesOf(['http://127.0.0.1/accounts'], 'http://127.0.0.1:8080/reports')).toEqual([
      { label: '/accounts', href: 'http://127.0.0.1:8080/accounts' },
    ]);
    expect(placesOf(['http://127.0.0.1/accounts/:id'], 'http://127.0.0.1:8080/')).toEqual([{ label: '/accounts/:id' }]);
  });
});
