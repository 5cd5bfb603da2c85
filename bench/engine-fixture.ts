/**
 * The engine benchmark's page and rules: a CRM accounts page of more than 10,000 elements, and
 * rule sets of any size of which about 20 apply at each benchmark URL, the rest spread over other
 * tenants and routes (as a team's packs for many apps would be).
 */
import type { Rule, Step, Target } from '../rules/index';

export const ROWS = 2000;

/** The URLs the benchmark moves between; about 20 rules apply at each. */
export const BENCH_URLS = [
  'https://crm.example.com/accounts',
  'https://crm.example.com/accounts/42',
  'https://crm.example.com/reports#/pipeline',
  'https://crm.example.com/opportunities/new',
];

const INDUSTRIES = ['Energy', 'Software', 'Health', 'Retail', 'Logistics'];

/** The page: navigation, toolbar, a table of `ROWS` accounts, a form with a web component. */
export function benchPage(): string {
  const rows: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    rows.push(
      `<tr data-account-id="${i}" class="row${i % 7 === 0 ? ' vip' : ''}"><td><a href="/accounts/${i}">Account ${i}</a></td>` +
        `<td>${INDUSTRIES[i % 5]}</td><td><span class="owner">Owner ${i % 40}</span></td><td>City ${i % 90}</td>` +
        `<td class="num">${(i * 7919) % 100000}</td></tr>`,
    );
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Accounts · Acme CRM</title></head><body>
<header class="topbar"><nav aria-label="Main"><a href="/accounts">Accounts</a><a href="/reports#/pipeline">Reports</a><a href="/opportunities/new">New opportunity</a></nav></header>
<main id="app"><h1>Accounts</h1>
<div class="toolbar"><div class="field"><label for="account-search">Search accounts</label><input id="account-search" type="search"></div>
<button type="button" class="primary" id="export">Export</button><button type="button" class="secondary">Import</button></div>
<form id="quick-add" class="card"><input name="name" aria-label="Account name"><input name="amount" value="100"><acme-address-editor id="billing"></acme-address-editor><button type="submit">Save</button></form>
<table id="accounts-table"><thead><tr><th>Name</th><th>Industry</th><th>Owner</th><th>City</th><th>Revenue</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></main>
<script>
  const host = document.getElementById('billing');
  host.attachShadow({ mode: 'open' }).innerHTML = '<label>Street <input name="street" id="street"></label><label>Postal code <input name="postalCode"></label>';
</script></body></html>`;
}

/** Targets that exist on the page (some unique, some matching many, one behind a shadow root). */
const PAGE_TARGETS: Target[] = [
  { selector: '#account-search' },
  { selector: '#export' },
  { selector: '.toolbar button', text: 'Import' },
  { selector: '#accounts-table tbody tr[data-account-id="42"] a' },
  { selector: 'tr.vip .owner' },
  { selector: 'input[name=street]' },
  { selector: 'form#quick-add input[name=amount]' },
  { selector: '#gone', fallbacks: ['.toolbar .primary'] },
  { selector: 'nav a[href="/reports#/pipeline"]' },
  { selector: '.toast.success' },
  { selector: 'th:nth-child(2)' },
  { selector: 'input', ariaLabel: 'Account name' },
];

/** Targets of rules for other apps: they never match here. */
const OTHER_TARGETS: Target[] = [
  { selector: '#ticket-subject' },
  { selector: '.invoice-lines tr:last-child td.total' },
  { selector: 'button.approve', text: 'Approve' },
  { selector: '[data-testid="case-owner"]' },
  { selector: '.kanban-column > .card:first-child' },
];

function rule(id: string, urls: string[], targets: Target[], k: number): Rule {
  const steps: Step[] = targets.map((target, i) => ({ title: `Step ${i + 1}`, brief: 'Do this.', target }));
  const r: Rule = {
    id,
    name: id,
    kind: 'walkthrough',
    status: 'published',
    where: { urls },
    start: k % 5 === 0 ? { on: 'appear', target: targets[0]! } : 'auto',
    steps,
  };
  if (k % 3 === 0) r.where.when = { absent: { selector: '.modal[aria-modal=true]' } };
  if (k % 4 === 0) r.where.when = { value: { target: { selector: 'input[name=amount]' }, matches: '^\\d+$' } };
  if (k % 7 === 0) r.where.excludeUrls = ['*://*/*/edit'];
  return r;
}

/** `count` rules: 20 for each benchmark URL, the rest for other tenants' hosts and other routes. */
export function benchRules(count: number): Rule[] {
  const rules: Rule[] = [];
  const here: [string, string[]][] = [
    ['accounts', ['https://crm.example.com/accounts', 'https://crm.example.com/accounts/:id']],
    ['reports', ['https://crm.example.com/reports#/:tab']],
    ['opportunities', ['https://crm.example.com/opportunities/:id']],
  ];
  const matching = Math.min(count, 60);
  for (let k = 0; k < matching; k++) {
    const [name, urls] = here[k % 3]!;
    const targets = [PAGE_TARGETS[k % PAGE_TARGETS.length]!, PAGE_TARGETS[(k * 5 + 3) % PAGE_TARGETS.length]!];
    rules.push(rule(`${name}-${k}`, k % 10 === 9 ? ['*://crm.example.com/*'] : urls, targets, k));
  }
  for (let k = matching; k < count; k++) {
    const tenant = `tenant${k % 500}.example.com`;
    const urls =
      k % 4 === 0
        ? [`https://crm.example.com/${['contacts', 'cases', 'invoices', 'settings'][k % 4]}/:id`]
        : [`https://${tenant}/${['tickets', 'invoices', 'cases'][k % 3]}/*`];
    rules.push(rule(`other-${k}`, urls, [OTHER_TARGETS[k % 5]!, OTHER_TARGETS[(k + 2) % 5]!], k));
  }
  return rules;
}
