import { describe, expect, it } from 'vitest';
import { benchRules } from '../../../bench/engine-fixture';
import { analyzeSelector } from '../../../rules/selector/analyze';
import { parseSelector } from '../../../rules/selector/parse';
import { scanSelector } from '../../../rules/selector/scan';
import { selectorProblem } from '../../../rules/selector/validate';
import { documentWith } from './dom';
import { random, selector as randomSelector } from './random';

const VALID = [
  '#save',
  'button.primary',
  'form#opportunity-form input[name="amount"]',
  'input[name=street]',
  '[data-test-id="save" i]',
  'ul > li:nth-child(2n+1 of .visible)',
  'a:not(.b .c), #x',
  'section:has(> h2#title)',
  'label + input:required',
  '.foo\\.bar > *',
  '#\\31 23',
  '*|svg',
  'td:is(.a, .b):where([hidden])',
  ':root main',
  'input:placeholder-shown',
  'p:dir(rtl)',
  'a:lang(en)',
  'section:has(> h2):has(p)',
  'li:nth-last-child(odd of .x)',
  'a[href^="//cdn"]',
];

const INVALID: [string, string][] = [
  ['div >> span', 'unexpected ">" after ">"'],
  ['', 'the selector is empty'],
  ['a,', 'the selector ends where an element was expected'],
  ['.a..b', 'expected a class name after "."'],
  ['#1a', 'expected an id after "#"'],
  ['div[', 'expected an attribute name after "["'],
  ['div[name=a b]', 'expected "]" to close [name'],
  ['a:is(', 'a "(" is never closed'],
  ['li:nth-child(foo)', 'needs an argument like 2n+1, odd or even'],
  ['p:contains(Save)', '":contains" is not a CSS pseudo-class (match text with the target\'s "text" field instead)'],
  ['p:visible', 'CSS cannot test visibility'],
  ['p::before', 'not the pseudo-element "::before"'],
  ['p:not(::after)', 'cannot be used inside a pseudo-class'],
  ['p:hover(x)', '":hover" takes no argument'],
  ['p:not', '":not" needs an argument'],
  ['svg|rect', 'the namespace "svg|" is not declared'],
  ['[xlink|href]', 'the namespace "xlink|" is not declared'],
  ['a "b"', 'unexpected """'],
  ['p:dir(up)', 'takes ltr or rtl'],
  // Accepted by the grammar, refused by Chromium
  [':has(:has(a))', '":has()" cannot be nested inside another ":has()"'],
  ['div:has(> p:is(:has(a)))', 'cannot be nested'],
  ['a:lang("")', '":lang()" needs a language, as in :lang(en)'],
  ['a:nth-of-type(even of b)', '":nth-of-type()" takes no "of" part'],
  ['video:paused', '":paused" is not a CSS pseudo-class (Chromium does not support it'],
  ['video:playing', '":playing" is not a CSS pseudo-class'],
  // XPath, with what to write instead
  ["//button[text()='Save']", 'XPath is not supported: write "button" with "text": "Save"'],
  ["//a[contains(text(), 'New')]", 'write "a" with "text": "New", "textMatch": "contains"'],
  ["//input[@name='amount']", 'XPath is not supported: write "input[name=\\"amount\\"]"'],
  ["//*[@id='save']", 'write "#save"'],
  ['/html/body/div[2]/form', 'XPath is not supported: write a CSS selector'],
  ['(//button)[2]', 'XPath is not supported'],
];

describe('selector validation', () => {
  it.each(VALID)('accepts %s', (selector) => {
    expect(selectorProblem(selector)).toBeNull();
  });

  it.each(INVALID)('refuses %j: %s', (selector, reason) => {
    expect(selectorProblem(selector)).toContain(reason);
  });

  it('agrees with a DOM on the selectors it accepts and refuses', async () => {
    const { document, close } = await documentWith('<p id="x">x</p>');
    const parses = (s: string) => {
      try {
        document.querySelectorAll(s);
        return true;
      } catch {
        return false;
      }
    };
    // Only syntax is compared (happy-dom knows no namespaces; Chromium is checked end to end).
    for (const s of VALID.filter((v) => !v.includes('|'))) expect(parses(s), s).toBe(true);
    for (const s of ['div >> span', 'a,', '.a..b', '#1a', 'div[', 'a:is(', 'svg|rect'])
      expect(parses(s), s).toBe(false);
    await close();
  });
});

describe('selector analysis', () => {
  it.each([
    ['#save', [{ kind: 'id', value: 'save' }], true, false, false],
    ['form .field > input.big', [{ kind: 'class', value: 'big' }], true, true, false],
    ['input[name=street]', [{ kind: 'attr', value: 'name' }], true, false, false],
    ['button', [{ kind: 'tag', value: 'button' }], true, false, false],
    ['*', [{ kind: 'any' }], true, false, false],
    [':is(.a, .b)', [{ kind: 'any' }], true, false, false],
    [
      '.a, #b',
      [
        { kind: 'class', value: 'a' },
        { kind: 'id', value: 'b' },
      ],
      true,
      false,
      false,
    ],
    ['label + input', [{ kind: 'tag', value: 'input' }], false, false, true],
    ['li:nth-child(2)', [{ kind: 'tag', value: 'li' }], false, false, true],
    ['ul > li:empty', [{ kind: 'tag', value: 'li' }], false, true, true],
    ['section:has(h2)', [{ kind: 'tag', value: 'section' }], false, false, false],
    ['a:hover', [{ kind: 'tag', value: 'a' }], false, false, false],
    ['li:first-child:hover', [{ kind: 'tag', value: 'li' }], false, false, false],
    ['div:not(.a .b)', [{ kind: 'tag', value: 'div' }], true, true, false],
    ['[viewBox]', [{ kind: 'any' }], true, false, false],
    ['p:lang(en)', [{ kind: 'tag', value: 'p' }], true, true, false],
  ] as const)('%s', (selector, keys, local, deep, structural) => {
    expect(analyzeSelector(selector)).toMatchObject({ keys, local, deep, structural });
  });

  it.each([
    ['li:first-child', true],
    ['th:nth-child(2)', true],
    ['label + input', true],
    ['ul > li:first-child + li', true],
    ['li:not(:last-child)', true],
    ['li:first-child a', false],
    ['.a + .b .c', false],
    ['.a + .b + .c', false],
    [':is(.a + .b) .c', false],
  ] as const)("%s changes only with its parent's children: %s", (selector, near) => {
    expect(analyzeSelector(selector).near).toBe(near);
  });

  it('treats a selector that does not parse as matching nothing', () => {
    expect(analyzeSelector('div >> span').keys).toBeNull();
  });
});

describe("the content script's selector reader", () => {
  const r = random(99);
  const samples = [
    ...VALID,
    ...Array.from({ length: 150 }, () => randomSelector(r)),
    ...benchRules(30).flatMap((rule) => rule.steps.map((s) => s.target?.selector ?? '*')),
    'a[href$=".pdf" i] > span:not([hidden]), #\\31 x',
    ':has(+ .a, ~ .b) .c',
    'input[type="checkbox"]:checked + label',
    '[data-x="a]b"]',
    "[data-x='(']:is(.a)",
    'li:nth-last-child(odd of .x, .y)',
  ];
  it.each(samples)('reads %s exactly as the validating parser does', (s) => {
    expect(scanSelector(s)).toEqual(parseSelector(s));
  });
});
