import { describe, expect, it } from 'vitest';
import { dataLikeText, stableHref, unstableClass, unstableName } from '../../../rules/authoring';

describe('what changes between loads and releases', () => {
  it.each([
    [':r8:'],
    ['«r8»'],
    [':R2d6:'],
    ['radix-:r3:'],
    ['ember123'],
    ['headlessui-menu-button-7'],
    ['mui-42'],
    ['3f2a8c1e-9b7d-4c2e-a1f0-5e6d7c8b9a01'],
    ['row-label-382'],
    ['record_1042'],
    ['a9f3c2e1b7'],
    ['_a1B2c'],
    ['42'],
  ])('refuses the generated name %s', (name) => {
    expect(unstableName(name)).not.toBeNull();
  });

  it.each([['account-search'], ['opp-amount'], ['save-call'], ['postalCode'], ['step2'], ['h1-title'], ['email']])(
    'keeps the name %s',
    (name) => {
      expect(unstableName(name)).toBeNull();
    },
  );

  it.each([
    ['css-1x2y3z'],
    ['css-a8f3kq-Button'],
    ['sc-AbCdE'],
    ['sc-bdVaJa'],
    ['_a1B2c'],
    ['Button_primary__3xYz1'],
    ['jsx-2913864742'],
    ['x1n2onr6'],
    ['svelte-1x9hq3'],
  ])('refuses the hashed class %s', (name) => {
    expect(unstableClass(name)).toMatch(/generated/);
  });

  it.each([['is-active'], ['selected'], ['open']])('refuses the state class %s', (name) => {
    expect(unstableClass(name)).not.toBeNull();
  });

  it.each([['px-4'], ['flex'], ['text-sm'], ['hover:bg-blue-500'], ['w-1/2']])(
    'refuses the utility class %s',
    (name) => {
      expect(unstableClass(name)).not.toBeNull();
    },
  );

  it.each([['field'], ['card'], ['actions'], ['card__title'], ['btn-primary'], ['MuiButton-root']])(
    'keeps the class %s',
    (name) => {
      expect(unstableClass(name)).toBeNull();
    },
  );

  it.each([
    ['/accounts', { value: '/accounts', exact: true }],
    ['/reports#/pipeline', { value: '/reports#/pipeline', exact: true }],
    ['/accounts/1042', { value: '/accounts/', exact: false }],
    ['/records/3f2a8c1e-9b7d-4c2e-a1f0-5e6d7c8b9a01/show', { value: '/records/', exact: false }],
    ['/opportunities/new?account=17', { value: '/opportunities/new', exact: false }],
    ['https://crm.example.com/accounts', { value: '/accounts', exact: true }],
    ['https://other.example.com/accounts', null],
    ['javascript:void(0)', null],
    ['/1042', null],
  ])('reads the route of the link %s', (href, expected) => {
    expect(stableHref(href, 'https://crm.example.com')).toEqual(expected);
  });

  it.each([
    ['Dana Rivera owns 12 accounts', /numbers/],
    ['$405,406', /numbers|amount/],
    ['dana@acme.com', /address/],
    ['Call with procurement about the renewal of the yearly contract and the discount', /long/],
  ])('sees data in the text %s', (text, why) => {
    expect(dataLikeText(text)).toMatch(why);
  });

  it.each([['Log a call'], ['Amount (USD)'], ['Save'], ['Search accounts']])('keeps the wording %s', (text) => {
    expect(dataLikeText(text)).toBeNull();
  });
});
