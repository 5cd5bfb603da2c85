import { afterEach, describe, expect, it } from 'vitest';
import { PageQuery, type ProbeRule, probeRule, runProbe } from '../../../overlay-probe/probe';
import { documentWith, type Fixture, URLPatternImpl } from '../rules/dom';

const URL_ = 'https://crm.example.com/opportunities/new';
let page: Fixture | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

const rule = (steps: ProbeRule['steps'], where: Partial<ProbeRule['where']> = {}): ProbeRule => ({
  id: 'new-opp',
  where: { urls: ['https://crm.example.com/opportunities/*'], ...where },
  steps,
});

const HTML = `
  <form>
    <label>Amount <input name="amount"></label>
    <button type="submit" class="primary">Save</button>
    <button type="button" class="primary">Cancel</button>
    <acme-address><template shadowrootmode="open"><input name="street"></template></acme-address>
  </form>`;

describe('probing a rule’s targets', () => {
  it('says found, ambiguous or missing, and which way found it', async () => {
    page = await documentWith(HTML, URL_);
    const results = probeRule(
      rule([
        { id: 'amount', target: { selector: 'input[name=amount]' } },
        { id: 'street', target: { selector: 'input[name=street]' } },
        { id: 'buttons', target: { selector: 'button.primary' } },
        { id: 'save', target: { selector: '#save', fallbacks: ['#submit', 'button[type=submit]'] } },
        { id: 'cancel', target: { selector: '#cancel-button', fallbacks: ['button.primary'], text: 'Cancel' } },
        { id: 'gone', target: { selector: '#close-date', fallbacks: ['input[name=close]'] } },
      ]),
      URL_,
      new PageQuery(page.document),
      URLPatternImpl,
    );
    expect(results).toEqual([
      { ruleId: 'new-opp', stepId: 'amount', status: 'found', via: 'input[name=amount]', pattern: 0 },
      { ruleId: 'new-opp', stepId: 'street', status: 'found', via: 'input[name=street]', pattern: 0 },
      { ruleId: 'new-opp', stepId: 'buttons', status: 'ambiguous', via: 'button.primary', pattern: 0 },
      { ruleId: 'new-opp', stepId: 'save', status: 'found', via: 'button[type=submit]', pattern: 0 },
      { ruleId: 'new-opp', stepId: 'cancel', status: 'found', via: 'button.primary', pattern: 0 },
      { ruleId: 'new-opp', stepId: 'gone', status: 'missing', pattern: 0 },
    ]);
  });

  it('says nothing about a rule whose URL or condition does not hold here', async () => {
    page = await documentWith(HTML, URL_);
    const steps = [{ id: 'amount', target: { selector: 'input[name=amount]' } }];
    const query = new PageQuery(page.document);
    expect(
      probeRule(rule(steps, { urls: ['https://crm.example.com/accounts/*'] }), URL_, query, URLPatternImpl),
    ).toBeNull();
    expect(probeRule(rule(steps, { excludeUrls: [URL_] }), URL_, query, URLPatternImpl)).toBeNull();
    expect(
      probeRule(rule(steps, { when: { exists: { selector: '.modal' } } }), URL_, query, URLPatternImpl),
    ).toBeNull();
    expect(
      probeRule(rule(steps, { when: { exists: { selector: 'form' } } }), URL_, query, URLPatternImpl),
    ).toHaveLength(1);
  });
});

describe('a probe run', () => {
  it('works in idle slices and looks again for missing targets once the page settled', async () => {
    page = await documentWith(HTML, URL_);
    const doc = page.document;
    let idleCalls = 0;
    let settledCalls = 0;
    const results = await runProbe({
      rules: [
        rule([{ id: 'late', target: { selector: '#late' } }]),
        { ...rule([{ id: 'amount', target: { selector: 'input[name=amount]' } }]), id: 'other' },
      ],
      doc,
      url: () => URL_,
      URLPattern: URLPatternImpl,
      idle: (callback) => {
        idleCalls++;
        queueMicrotask(() => callback({ timeRemaining: () => 0 }));
      },
      settled: async () => {
        settledCalls++;
        // The app renders the late element meanwhile.
        doc.body.insertAdjacentHTML('beforeend', '<div id="late"></div>');
      },
    });
    expect(results).toEqual([
      { ruleId: 'new-opp', stepId: 'late', status: 'found', via: '#late', pattern: 0 },
      { ruleId: 'other', stepId: 'amount', status: 'found', via: 'input[name=amount]', pattern: 0 },
    ]);
    // No time left in each idle period: one rule per period, and once more for the missing one.
    expect(idleCalls).toBe(3);
    expect(settledCalls).toBe(1);
  });
});

describe('a probe run’s cost', () => {
  it('walks the page for its shadow roots once per idle period, not once per rule', async () => {
    page = await documentWith(HTML, URL_);
    const doc = page.document;
    // Each walk for shadow roots reads every element's `shadowRoot` once: count the host's reads.
    const host = doc.querySelector('acme-address')!;
    const shadow = host.shadowRoot;
    let walks = 0;
    Object.defineProperty(host, 'shadowRoot', {
      get: () => {
        walks++;
        return shadow;
      },
    });
    const rules = ['a', 'b', 'c', 'd'].map((id) => ({
      ...rule([{ id: 'street', target: { selector: 'input[name=street]' } }]),
      id,
    }));
    let periods = 0;
    const results = await runProbe({
      rules,
      doc,
      url: () => URL_,
      URLPattern: URLPatternImpl,
      // One period with time to spare probes every rule in it.
      idle: (callback) => {
        periods++;
        queueMicrotask(() => callback({ timeRemaining: () => 40 }));
      },
      settled: async () => {},
    });
    expect(results.map((r) => [r.ruleId, r.status])).toEqual(rules.map((r) => [r.id, 'found']));
    expect(periods).toBe(1);
    expect(walks).toBe(1);
  });
});
