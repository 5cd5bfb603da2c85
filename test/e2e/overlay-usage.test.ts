/// <reference types="chrome" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, clickRole, waitFor } from '../../browser-harness/harness';
import { card, type OverlayEnv, openPage, startOverlayEnv } from './overlay-helpers';

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv();
});
afterAll(() => env?.close());

/** Counters in the background's database, as `rule/step/event` → count. */
async function counters(): Promise<Record<string, number>> {
  const { counters } = await env.sw.send({ type: 'usage.export' });
  const out: Record<string, number> = {};
  for (const c of counters)
    out[`${c.ruleId}/${c.stepId}/${c.event}`] = (out[`${c.ruleId}/${c.stepId}/${c.event}`] ?? 0) + c.count;
  return out;
}

function click(page: Parameters<typeof byRole>[0], name: string) {
  return clickRole(page, 'button', name);
}

describe('usage reports', () => {
  it('counts shown, helpful, unhelpful, completed, dismissed and target-missing in the background', async () => {
    // A walkthrough from start to end, rated on its first step.
    const { page } = await openPage(env, '/accounts/7?delay=50');
    const start = await page.waitForSelector('#new-opportunity');
    await card(page, 'Start a new opportunity');
    await click(page, 'Yes');
    await start!.click();
    await card(page, 'Enter the amount');
    await page.type('#opp-amount', '300');
    await page.keyboard.press('Tab');
    await card(page, 'Billing postal code');
    await click(page, 'Next');
    await card(page, 'Notes for the team');
    await click(page, 'Done');

    // A tip, found unhelpful and closed for good.
    await page.goto(`${env.crm.url}/accounts`, { waitUntil: 'load' });
    await click(page, 'Tip: Search by owner or city');
    await card(page, 'Search by owner or city');
    await click(page, 'No');
    await click(page, "Don't show again");

    // A step whose target never comes.
    await env.sw.send({ type: 'progress.update', ruleId: 'new-opportunity', stepIndex: 0, status: 'active' });
    await page.goto(`${env.crm.url}/accounts/7?delay=60000`, { waitUntil: 'load' });
    await card(page, 'Start a new opportunity');
    await byRole(page, 'button', 'Close walkthrough');
    await click(page, 'Close walkthrough');

    const expected = {
      'new-opportunity/start/shown': 2,
      'new-opportunity/start/helpful': 1,
      'new-opportunity/amount/shown': 1,
      'new-opportunity/postal-code/shown': 1,
      'new-opportunity/notes/shown': 1,
      'new-opportunity/notes/completed': 1,
      'new-opportunity/start/target-missing': 1,
      'new-opportunity/start/dismissed': 1,
      'search-tip/0/shown': 1,
      'search-tip/0/unhelpful': 1,
      'search-tip/0/dismissed': 1,
    };
    const seen = await waitFor(async () => {
      const c = await counters();
      return Object.entries(expected).every(([k, v]) => c[k] === v) ? c : undefined;
    }, 'every event to be counted').catch(async (error) => {
      throw new Error(`${error}\ncounted: ${JSON.stringify(await counters())}`);
    });
    expect(seen).toMatchObject(expected);
    await page.close();
  });
});
