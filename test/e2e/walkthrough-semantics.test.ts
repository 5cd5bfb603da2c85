/// <reference types="chrome" />
/**
 * Walkthroughs that mean what they say, in the built extension on the demo CRM: a typing step with
 * a pattern moves on only on a valid value, a Save step that advances on the outcome stays up while
 * the app refuses the save, a step is counted shown once per run across reloads, a tip whose target
 * never comes is counted as target-missing (not shown), and a finished walkthrough does not start
 * by itself again until a new version of its pack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../browser-harness/harness';
import {
  addControlTip,
  card,
  dialogCount,
  type OverlayEnv,
  openPage,
  savedState,
  startOverlayEnv,
} from './overlay-helpers';

const PAGE = 'http://127.0.0.1/opportunities/new';
const PACK = {
  format: 2,
  id: 'semantics',
  name: 'Walkthrough semantics',
  version: 1,
  rules: [
    {
      id: 'save-opp',
      name: 'Save an opportunity',
      kind: 'walkthrough',
      status: 'published',
      where: { urls: [PAGE] },
      start: 'auto',
      steps: [
        {
          id: 'amount',
          target: { selector: '#opp-amount' },
          title: 'Type the amount',
          brief: 'Digits only.',
          advance: 'input-target',
          validate: { matches: '^\\d+$', message: 'Digits only, like 25000.' },
        },
        {
          id: 'save',
          target: { selector: '#save-opportunity' },
          title: 'Save it',
          brief: 'Click **Save**.',
          advance: { url: 'http://127.0.0.1/opportunities/:id(\\d+)' },
        },
      ],
    },
    {
      id: 'lost-tip',
      name: 'A tip whose element is gone',
      kind: 'tip',
      status: 'published',
      where: { urls: ['http://127.0.0.1/accounts'] },
      start: 'auto',
      steps: [{ id: 'lost', target: { selector: '#no-such-element' }, title: 'Lost', brief: 'Never shown.' }],
    },
  ],
};

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv(PACK);
});
afterAll(() => env?.close());

async function counters(): Promise<Record<string, number>> {
  const { counters } = await env.sw.send({ type: 'usage.export' });
  const out: Record<string, number> = {};
  for (const c of counters) {
    const key = `${c.ruleId}/${c.stepId}/${c.event}`;
    out[key] = (out[key] ?? 0) + c.count;
  }
  return out;
}

describe('walkthroughs that mean what they say', () => {
  it('validates typing, waits for the save to go through, counts each step once and does not start again', async () => {
    const { page, world } = await openPage(env, '/opportunities/new');
    await card(page, 'Type the amount');

    // An invalid value: the step stays, and says why.
    await page.type('#opp-amount', '25,000');
    await page.keyboard.press('Tab');
    await waitFor(
      async () => (await world.overlayText('[role="alert"]')).includes('Digits only, like 25000.'),
      'the message',
    );
    expect(await dialogCount(page)).toBe(1);
    await card(page, 'Type the amount');
    await page.$eval('#opp-amount', (el) => {
      (el as HTMLInputElement).value = '';
    });
    await page.type('#opp-amount', '25000');
    await page.keyboard.press('Tab');
    await card(page, 'Save it');

    // The run comes back to its page twice: its steps are not counted again.
    for (let i = 0; i < 2; i++) {
      await page.reload({ waitUntil: 'load' });
      await card(page, 'Save it');
    }

    // Save refused by the app (no name, no close date): the step stays up, the run is not over.
    await page.click('#save-opportunity');
    await page.waitForFunction(() => document.getElementById('opp-name-error')?.textContent !== '');
    await card(page, 'Save it');
    expect((await savedState(env, '/opportunities/new')).progress['save-opp']).toMatchObject({
      status: 'active',
      stepIndex: 1,
    });

    // Saved for real: the app opens the record (outside the rule's pages) and the walkthrough is done.
    // (The reloads emptied the form.)
    await page.type('#opp-amount', '25000');
    await page.type('#opp-name', 'Globex – Renewal');
    await page.$eval('#opp-close', (el) => {
      (el as HTMLInputElement).value = '2027-03-31';
    });
    // From the keyboard this time.
    await page.focus('#save-opportunity');
    await page.keyboard.press('Enter');
    await page
      .waitForFunction(() => /^\/opportunities\/\d+$/.test(location.pathname))
      .catch(async (e) => {
        const errs = await page.$$eval('.error, #toast', (es) => es.map((x) => `${x.id}=${x.textContent}`));
        const vals = await page.$$eval('input', (es) => es.map((x) => `${x.id}=${(x as HTMLInputElement).value}`));
        throw new Error(`${e} ${JSON.stringify(errs)} ${JSON.stringify(vals)} ${page.url()}`);
      });
    await waitFor(
      async () => (await savedState(env, '/opportunities/new')).progress['save-opp']?.status === 'completed',
      'the walkthrough to be completed',
    );

    // A full reload of its page: finished, so it does not start by itself again. A tip on its first
    // target proves the overlay has seen that target (it would have started the walkthrough then).
    const controlShown = await addControlTip(env, '/opportunities/new', '#opp-amount');
    await page.goto(`${env.crm.url}/opportunities/new`, { waitUntil: 'load' });
    await controlShown(page);
    expect(await dialogCount(page)).toBe(0);

    const expected = {
      'save-opp/amount/shown': 1,
      'save-opp/save/shown': 1,
      'save-opp/save/completed': 1,
    };
    const seen = await waitFor(
      async () => {
        const c = await counters();
        return Object.entries(expected).every(([k, v]) => c[k] === v) ? c : undefined;
      },
      'the counts',
      20_000,
    ).catch(async (error) => {
      throw new Error(`${error}\ncounted: ${JSON.stringify(await counters())}`);
    });
    expect(seen).toMatchObject(expected);

    // A new version of the pack: the walkthrough starts by itself again.
    await env.sw.importPack({ ...PACK, version: 2 });
    await page.reload({ waitUntil: 'load' });
    await card(page, 'Type the amount');
    await page.close();
  });

  it('counts a tip whose element never comes as target-missing, once, and never as shown', async () => {
    const { page } = await openPage(env, '/accounts');
    const missing = await waitFor(
      async () => (await counters())['lost-tip/lost/target-missing'],
      'the tip to be counted as target-missing',
      20_000,
    );
    expect(missing).toBe(1);
    await page.close();
    expect(await counters()).not.toHaveProperty('lost-tip/lost/shown');
  });
});
