/// <reference types="chrome" />
/**
 * No lost counts, no lost help: walkthroughs that end just before a reload while the service worker
 * is being stopped lose no usage event, and a page that loads while the worker is stopped still
 * gets its help.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, waitFor } from '../../browser-harness/harness';
import { card, type OverlayEnv, openPage, startOverlayEnv } from './overlay-helpers';

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv();
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

const ROUNDS = 6;

describe('no lost counts, no lost help', () => {
  it('counts every event of walkthroughs closed just before reloads while the worker is stopped', async () => {
    const { page } = await openPage(env, '/accounts');
    for (let round = 0; round < ROUNDS; round++) {
      // A new run of the walkthrough each round.
      await env.sw.send({ type: 'progress.update', ruleId: 'new-opportunity', stepIndex: 0, status: 'active' });
      await page.goto(`${env.crm.url}/accounts/7?delay=50`, { waitUntil: 'load' });
      await card(page, 'Start a new opportunity');
      await (await byRole(page, 'button', 'Close walkthrough')).click();
      // The worker stops while the ending is on its way, and the page reloads 300 ms later.
      const stopping = env.sw.stopWorker().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await page.goto(`${env.crm.url}/accounts`, { waitUntil: 'load' });
      await stopping;
    }
    const expected = {
      'new-opportunity/start/shown': ROUNDS,
      'new-opportunity/start/dismissed': ROUNDS,
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

  it('shows help on pages that load while the service worker is stopped', async () => {
    const { page } = await openPage(env, '/accounts');
    for (let round = 0; round < 4; round++) {
      await env.sw.stopWorker();
      // The worker is stopped: the page's first request wakes it (or is tried again until it answers).
      const stopping = env.sw.stopWorker().catch(() => undefined);
      await page.reload({ waitUntil: 'load' });
      await stopping;
      await byRole(page, 'button', 'Tip: Search by owner or city');
    }
    await page.close();
  });
});
