/// <reference types="chrome" />
/**
 * Rule patterns in the real extension: the pattern engine (RE2) is injected only where a rule that
 * tests a pattern applies, and a pattern that freezes a backtracking engine for minutes on a
 * 60-character value leaves the page responsive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, waitFor } from '../../browser-harness/harness';
import { type OverlayEnv, openPage, startOverlayEnv } from './overlay-helpers';

/** `^(?:aa?)+$` took 17.7 s on 41 characters when patterns ran on RegExp. */
const REDOS = '^(?:aa?)+$';

const pack = {
  format: 2,
  id: 'patterns-e2e',
  name: 'Patterns',
  version: 1,
  rules: [
    {
      id: 'only-as',
      name: 'Only a’s',
      kind: 'tip',
      status: 'published',
      where: {
        urls: [{ pathname: '/opportunities/new' }],
        when: { value: { target: { selector: '#opp-name' }, matches: REDOS } },
      },
      start: 'auto',
      steps: [{ title: 'Only a’s typed', brief: 'The name is all a’s.', target: { selector: '#opp-name' } }],
    },
    {
      id: 'reports-tip',
      name: 'Reports',
      kind: 'tip',
      status: 'published',
      where: { urls: [{ pathname: '/reports' }] },
      start: 'auto',
      steps: [{ title: 'Reports here', brief: 'Pipeline and forecast.', target: { selector: 'h1' } }],
    },
  ],
  checklists: [],
};

/** In the isolated world: whether the pattern engine bundle has been injected into this frame. */
const patternsLoaded = `typeof globalThis[Symbol.for('stepwise.patterns')] === 'function'`;

let env: OverlayEnv;
beforeAll(async () => {
  env = await startOverlayEnv(pack);
});
afterAll(() => env?.close());

describe('rule patterns in the page', () => {
  it('are not loaded where no rule tests a pattern', async () => {
    const { page, world } = await openPage(env, '/reports#/pipeline');
    await byRole(page, 'button', 'Tip: Reports here');
    expect(await world.evaluate<boolean>(patternsLoaded)).toBe(false);
    await page.close();
  });

  it('run in linear time: a catastrophic pattern on a long value leaves the page responsive', async () => {
    const { page, world } = await openPage(env, '/opportunities/new');
    await waitFor(() => world.evaluate<boolean>(patternsLoaded), 'the pattern engine to be injected');
    // 60 characters: about 20 minutes for RegExp, which took 17.7 s at 41.
    await page.type('#opp-name', `${'a'.repeat(59)}!`);
    // The page answers, and the rule does not apply (the value does not match).
    expect(await page.evaluate(() => (document.querySelector('#opp-name') as HTMLInputElement).value)).toHaveLength(60);
    await new Promise((r) => setTimeout(r, 300));
    expect(await page.$('::-p-aria([name="Tip: Only a’s typed"][role="button"])')).toBeNull();
    // A value that matches makes it apply.
    await page.keyboard.press('Backspace');
    await byRole(page, 'button', 'Tip: Only a’s typed');
    await page.close();
  });
});
