/**
 * The side panel benchmark's packs: the page benchmark's 1,000 rules (20 of them on the accounts
 * page) with names and step texts worded like a real team's help (so a search has a vocabulary to
 * look up, not the same three words in every rule), and 20 checklists of 10 items for the
 * accounts page, whose conditions are the kinds rule authors write: elements that exist or are
 * absent, a field's value, the address, and their combinations. Some items are met by the rows
 * the page benchmark's bursts add, so a burst changes what holds, as real work does.
 */
import type { Checklist, Condition, RulePack } from '../rules/index';
import { benchPack } from './page-pack';

const VERBS = ['Update', 'Create', 'Review', 'Export', 'Approve', 'Merge', 'Assign', 'Close', 'Archive', 'Import'];
const THINGS = [
  'billing address',
  'discount request',
  'sales forecast',
  'partner account',
  'renewal quote',
  'support ticket',
  'contact owner',
  'pipeline stage',
  'tax exemption',
  'purchase order',
  'territory plan',
  'lead source',
  'contract amendment',
  'invoice dispute',
  'shipping method',
  'credit limit',
];
const WHERE = ['account page', 'opportunity form', 'reports section', 'settings area', 'import wizard'];
const HOW = [
  'Open the **{t}** panel and check the figures first.',
  'Use the *{t}* field; the manager approves anything over 15%.',
  'Pick the {t} from the list, then save to notify the owner.',
  'The {t} appears once the record is saved; refresh if it does not.',
  'Ask finance before changing the {t} of a key customer.',
];

/** Deterministic words for rule `i`. */
function wording(i: number) {
  const verb = VERBS[i % VERBS.length]!;
  const thing = THINGS[Math.floor(i / VERBS.length) % THINGS.length]!;
  const where = WHERE[i % WHERE.length]!;
  return { name: `${verb} a ${thing} (${where}) #${i}`, thing, where };
}

/** 1,000 rules, 20 of which apply on the accounts page, worded as real help is. */
export function panelBenchPack(): RulePack {
  const pack = benchPack();
  pack.id = 'bench-panel';
  pack.name = 'Benchmark: the side panel';
  pack.rules = pack.rules.map((rule, i) => {
    const { name, thing, where } = wording(i);
    return {
      ...rule,
      name,
      // Walkthroughs start from the catalog, as most do when a panel lists them.
      start: rule.kind === 'walkthrough' && i > 0 ? 'manual' : rule.start,
      steps: rule.steps.map((step, s) => ({
        ...step,
        title: s ? `Then the ${thing}` : `Find the ${thing} on the ${where}`,
        brief: HOW[(i + s) % HOW.length]!.replace('{t}', thing),
      })),
    };
  });
  return pack;
}

/** 20 checklists of 10 items on `accounts` (a URL pattern for the accounts page). */
export function benchChecklists(accounts: string, count = 20, items = 10): Checklist[] {
  const condition = (c: number, k: number): Condition => {
    const n = c * items + k;
    switch (k % 5) {
      case 0:
        return { exists: { selector: `tr[data-account-id="${1 + (n % 2000)}"] a` } };
      case 1:
        // Met while a burst's rows are on the page (the page benchmark's rows start at 9000).
        return { exists: { selector: `tr[data-account-id="${9000 + (n % 40)}"]` } };
      case 2:
        return { absent: { selector: `#bench-missing-${n}` } };
      case 3:
        return { value: { target: { selector: '#account-search' }, matches: `^acc${n}` } };
      default:
        return {
          all: [
            { url: { pathname: '/accounts' } },
            { any: [{ exists: { selector: `#bench-flag-${n}` } }, { not: { exists: { selector: 'h1' } } }] },
          ],
        };
    }
  };
  return Array.from({ length: count }, (_, c) => ({
    id: `bench-checklist-${c}`,
    title: `Bench checklist ${c}`,
    where: { urls: [accounts] },
    items: Array.from({ length: items }, (_, k) => ({
      id: `item-${k}`,
      title: `Step ${k} of checklist ${c}`,
      doneWhen: condition(c, k),
      ...(k % 3 === 0 ? { once: true } : {}),
    })),
  }));
}
