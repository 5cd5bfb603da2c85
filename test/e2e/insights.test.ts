/// <reference types="chrome" />
/**
 * Insights in the built extension, in Chromium, on the demo CRM: idle probes find a rule whose
 * target moved (found by its fallback) and one whose target is gone, the badge appears, and the
 * Insights page shows the funnel, the drop-off step and the broken rule with its fallback.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import type { InsightsReport } from '../../messaging/messages';
import { importStarterPack } from '../../scripts/starter-pack';

let crm: DemoCrm;
let sw: StepwiseBrowser;

beforeAll(async () => {
  crm = await startDemoCrm();
  sw = await StepwiseBrowser.launch();
  await sw.grantDemoOrigin();
  await importStarterPack(sw);
});

afterAll(async () => {
  await sw?.close();
  await crm?.close();
});

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Opens an account page whose "New opportunity" link loses its id (`strip: 'id'`, a release that
 * renamed it: the fallback still finds it) or is removed (`strip: 'link'`), as the app renders it.
 */
async function visitAccount(id: number, strip: 'id' | 'link' | null): Promise<Page> {
  const page = await sw.browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  if (strip) {
    await page.evaluateOnNewDocument((strip) => {
      new MutationObserver(() => {
        const link = document.getElementById('new-opportunity');
        if (link && strip === 'id') link.removeAttribute('id');
        if (link && strip === 'link') link.remove();
      }).observe(document, { childList: true, subtree: true });
    }, strip);
  }
  await page.goto(`${crm.url}/accounts/${id}?delay=200`, { waitUntil: 'load' });
  return page;
}

async function health(ruleId: string) {
  const report: InsightsReport = await sw.send({ type: 'insights.local', from: today(), to: today() });
  return report.health.find((h) => h.ruleId === ruleId);
}

describe('content health from pages people visit', () => {
  it('probes targets in idle time: a moved target is found by its fallback, a removed one is missing', async () => {
    const moved = await visitAccount(3, 'id');
    const first = await waitFor(async () => {
      const h = await health('new-opportunity');
      return h?.steps[0]?.probes ? h : undefined;
    }, 'the probe of the account page');
    if (!first) throw new Error('no probe');
    expect(first.steps[0]).toMatchObject({
      stepId: 'start',
      found: 1,
      missing: 0,
      suggestion: { via: '#activity a.button', pages: 1 },
    });
    // Steps that live on the next page were looked for, and their absence here is not counted.
    expect(first.steps.slice(1).every((s) => s.missing === 0)).toBe(true);
    await moved.close();

    const removed = await visitAccount(4, 'link');
    const broken = await waitFor(async () => {
      const h = await health('new-opportunity');
      return h?.status === 'failing' ? h : undefined;
    }, 'the rule to be reported failing');
    if (!broken) throw new Error('not failing');
    // Missing on the probe (and in the walkthrough that waited for it, once its wait ran out).
    expect(broken.step).toMatchObject({ stepId: 'start', found: 1, missing: expect.any(Number) });
    expect(broken.step?.missing).toBeGreaterThanOrEqual(1);
    expect(broken.brokenSince).toBeGreaterThan(0);
    expect(broken.lastWorkedAt).toBeGreaterThan(0);
    const worker = await sw.worker();
    const badge = await waitFor(() => worker.evaluate(() => chrome.action.getBadgeText({})), 'the badge', 10_000);
    expect(badge).toBe('!');
    expect(await worker.evaluate(() => chrome.action.getTitle({}))).toMatch(/Open a new opportunity/);
    await removed.close();
  });
});
