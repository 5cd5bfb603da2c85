/**
 * Seeded random rule sets, DOMs and mutations for the differential and fuzz tests: a failure
 * names its seed, and the same seed replays it.
 */
import type { Condition, Rule, Step, Target, UrlPattern } from '../../../rules/model';

/** mulberry32: small, fast, good enough to shuffle test cases. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Random = ReturnType<typeof random>;

export const TAGS = ['div', 'span', 'p', 'button', 'input', 'section', 'ul', 'li', 'a', 'label'] as const;
export const CLASSES = ['a', 'b', 'c', 'big'] as const;
export const IDS = ['x1', 'x2', 'x3', 'x4'] as const;
export const WORDS = ['Save', 'save as  draft', 'Next', 'cancel', '', 'Amount'] as const;
export const URLS = [
  'https://crm.example.com/accounts/1',
  'https://crm.example.com/accounts/2?tab=notes#/x',
  'https://crm.example.com/reports#/pipeline',
  'https://other.example.com/a',
] as const;
const PATTERNS: UrlPattern[] = [
  'https://crm.example.com/*',
  'https://crm.example.com/accounts/:id',
  '*://*.example.com/reports*',
  { hash: '/pipeline' },
  'https://other.example.com/*',
  '<all_urls>',
];

function simpleSelector(r: Random): string {
  switch (r.int(6)) {
    case 0:
      return r.pick(TAGS);
    case 1:
      return `.${r.pick(CLASSES)}`;
    case 2:
      return `#${r.pick(IDS)}`;
    case 3:
      return r.chance(0.5) ? '[data-k]' : `[data-k="${1 + r.int(2)}"]`;
    case 4:
      return `${r.pick(TAGS)}.${r.pick(CLASSES)}`;
    default:
      return r.pick(['input[name=amount]', 'input', '*', ':is(.a, .b)']);
  }
}

/** A selector from local (`.a .b`) to structural (`+`, `:nth-child`) and volatile (`:has`) ones. */
export function selector(r: Random): string {
  const a = simpleSelector(r);
  switch (r.int(10)) {
    case 0:
      return `${simpleSelector(r)} ${a}`;
    case 1:
      return `${simpleSelector(r)} > ${a}`;
    case 2:
      return `${simpleSelector(r)} + ${a}`;
    case 3:
      // Not `x ~ y`: happy-dom's querySelectorAll finds only the first sibling for it (browsers find
      // all), which would fault the naive engine. The engine treats `~` exactly as `+`.
      return `${simpleSelector(r)} + ${a}:not(.${r.pick(CLASSES)})`;
    case 4:
      return `${a}:not(.${r.pick(CLASSES)})`;
    case 5:
      return `${a}:has(.${r.pick(CLASSES)})`;
    case 6:
      return r.pick([`${a}:first-child`, `${a}:nth-child(2)`, `${a}:empty`]);
    case 7:
      return `${a}, #${r.pick(IDS)}`;
    default:
      return a;
  }
}

export function target(r: Random): Target {
  const t: Target = { selector: selector(r) };
  if (r.chance(0.3)) t.fallbacks = [selector(r), ...(r.chance(0.3) ? [selector(r)] : [])];
  if (r.chance(0.2)) {
    t.text = r.pick(WORDS);
    if (r.chance(0.5)) t.textMatch = 'contains';
  }
  if (r.chance(0.08)) t.ariaLabel = r.pick(['Amount', 'street']);
  if (r.chance(0.1)) t.frame = 'iframe';
  return t;
}

export function condition(r: Random, depth = 0): Condition {
  const leaf = depth >= 2 || r.chance(0.6);
  if (leaf) {
    switch (r.int(4)) {
      case 0:
        return { exists: target(r) };
      case 1:
        return { absent: target(r) };
      case 2:
        return { url: r.pick(PATTERNS) };
      default:
        return { value: { target: target(r), matches: r.pick(['^\\d+$', 'save', '^$']), flags: 'i' } };
    }
  }
  const children = Array.from({ length: r.int(3) }, () => condition(r, depth + 1));
  return r.pick([{ all: children }, { any: children }, { not: condition(r, depth + 1) }]);
}

export function ruleSet(r: Random, count: number): Rule[] {
  return Array.from({ length: count }, (_, i) => {
    const steps: Step[] = Array.from({ length: 1 + r.int(3) }, () => ({
      title: 'Step',
      brief: 'Do it.',
      ...(r.chance(0.85) && { target: target(r) }),
      ...(r.chance(0.15) && { advance: { appear: target(r) } }),
    }));
    const rule: Rule = {
      id: `r${i}`,
      name: `Rule ${i}`,
      kind: 'walkthrough',
      status: 'published',
      where: { urls: [r.pick(PATTERNS), ...(r.chance(0.3) ? [r.pick(PATTERNS)] : [])] },
      start: r.chance(0.2) ? { on: 'appear', target: target(r) } : 'auto',
      steps,
    };
    if (r.chance(0.2)) rule.where.excludeUrls = [r.pick(PATTERNS)];
    if (r.chance(0.5)) rule.where.when = condition(r);
    if (r.chance(0.3)) rule.priority = r.int(3);
    return rule;
  });
}

/**
 * A random element with random content, built before it is inserted. Without shadow roots:
 * happy-dom lets a combinator climb out of a shadow tree into the host's ancestors (browsers stop
 * at the shadow root), so the naive engine's answers there are happy-dom's, not a browser's.
 * Shadow trees are covered on fixtures and in Chromium (`test/e2e/rules-engine.test.ts`).
 */
export function element(r: Random, doc: Document, depth: number, shadows = false): Element {
  // With shadow roots, now and then a custom element, which always hosts one (divs sometimes do).
  const el = doc.createElement(shadows && r.chance(0.04) ? 'x-card' : r.pick(TAGS));
  if (r.chance(0.4)) el.className = Array.from({ length: 1 + r.int(2) }, () => r.pick(CLASSES)).join(' ');
  if (r.chance(0.15)) el.id = r.pick(IDS);
  if (r.chance(0.2)) el.setAttribute('data-k', String(1 + r.int(2)));
  if (el.localName === 'input') {
    if (r.chance(0.5)) el.setAttribute('name', r.pick(['amount', 'street']));
    (el as HTMLInputElement).value = r.pick(['12', 'abc', '']);
    if (r.chance(0.3)) el.setAttribute('aria-label', r.pick(['Amount', 'street']));
  } else if (r.chance(0.5)) el.append(doc.createTextNode(r.pick(WORDS)));
  if (depth > 0) {
    for (let i = r.int(3); i > 0; i--) el.append(element(r, doc, depth - 1, shadows));
    if (shadows && (el.localName === 'x-card' || (r.chance(0.08) && el.localName === 'div'))) {
      const shadow = el.attachShadow({ mode: 'open' });
      for (let i = 1 + r.int(2); i > 0; i--) shadow.append(element(r, doc, depth - 1, shadows));
    }
  }
  return el;
}
