// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { accessibleName } from '../../../rules/target/dom';

describe('accessible names', () => {
  it.each([
    [
      'aria-labelledby first',
      '<span id="a">Billing</span><span id="b" aria-label="Zip"></span><input id="t" aria-labelledby="a b" aria-label="x">',
      'billing zip',
    ],
    ['aria-label', '<input id="t" aria-label=" Contact  e-mail " title="t">', 'contact e-mail'],
    [
      'a <label for>',
      '<label for="t">Amount <abbr>(USD)</abbr></label><input id="t" placeholder="0.00">',
      'amount (usd)',
    ],
    ['a wrapping <label>', '<label>Close date <input id="t" type="date"></label>', 'close date'],
    ['placeholder when nothing else', '<input id="t" placeholder="Search accounts">', 'search accounts'],
    ['title before placeholder', '<input id="t" title="Search" placeholder="Type here">', 'search'],
    [
      'a button’s text, icon alt and hidden parts',
      '<button id="t"><img alt="Plus"> New <span aria-hidden="true">★</span><span hidden>x</span>opportunity</button>',
      'plus new opportunity',
    ],
    ['a link’s text', '<a id="t" href="/x">Recent <b>activity</b></a>', 'recent activity'],
    ['a role=button div', '<div id="t" role="button">Log a call</div>', 'log a call'],
    ['an input button’s value', '<input id="t" type="submit" value="Save">', 'save'],
    ['an image’s alt', '<img id="t" alt="Company logo">', 'company logo'],
    ['a fieldset’s legend', '<fieldset id="t"><legend>Billing address</legend><input></fieldset>', 'billing address'],
    ['no name from a div’s text', '<div id="t">Some text</div>', ''],
  ])('%s', (_what, html, name) => {
    document.body.innerHTML = html;
    expect(accessibleName(document.getElementById('t')!)).toBe(name);
  });
});
