/// <reference types="chrome" />
/**
 * Usage counting and the user's state in the background's real IndexedDB: counted from the demo
 * CRM page through the overlay's own messaging, and nothing lost to a service-worker kill in the
 * middle of a burst or to a browser restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, StepwiseBrowser, WAIT_MS, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import type { UsageCounter } from '../../messaging/messages';
import { importStarterPack } from '../../scripts/starter-pack';

let crm: DemoCrm;

beforeAll(async () => {
  crm = await startDemoCrm();
});

afterAll(async () => {
  await crm?.close();
});

function sum(counters: UsageCounter[], ruleId: string): number {
  return counters.filter((c) => c.ruleId === ruleId).reduce((n, c) => n + c.count, 0);
}

async function counted(sw: StepwiseBrowser, ruleId: string): Promise<number> {
  return sum((await sw.send({ type: 'usage.export' })).counters, ruleId);
}

/** Sends usage from the overlay's world on `page`, one batch at a time, as the overlay does. */
function sendUsage(sw: StepwiseBrowser, page: Page, ruleId: string, batches: number, perBatch: number, prefix: string) {
  return sw.inContentScript(
    page,
    async ({ ruleId, batches, perBatch, prefix }) => {
      let acked = 0;
      for (let b = 0; b < batches; b++) {
        const events = Array.from({ length: perBatch }, (_, i) => ({ ruleId, stepId: `s${i % 4}`, event: 'shown' }));
        const reply = await chrome.runtime.sendMessage({ type: 'usage.record', events, batchId: `${prefix}:${b}` });
        if (!reply?.ok) throw new Error(reply?.error ?? 'no reply');
        acked += reply.value.counted;
      }
      return acked;
    },
    { ruleId, batches, perBatch, prefix },
  );
}

describe('usage counting', () => {
  let sw: StepwiseBrowser;

  beforeAll(async () => {
    sw = await StepwiseBrowser.launch();
    await sw.grantDemoOrigin();
  });

  afterAll(async () => {
    await sw?.close();
  });

  it('counts what the overlay reports on the demo CRM with the starter pack', async () => {
    await importStarterPack(sw);
    const page = await sw.browser.newPage();
    if (sw.name === 'chromium') await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${crm.url}/accounts/7?delay=0`, { waitUntil: 'load' });
    await byRole(page, 'dialog', 'Start from the account');
    const today = new Date().toISOString().slice(0, 10);
    const shown = await waitFor(async () => {
      const { counters } = await sw.send({ type: 'usage.export' });
      return counters.find((c) => c.ruleId === 'new-opportunity' && c.stepId === 'start' && c.event === 'shown');
    }, 'the overlay’s "shown" to be counted');
    expect(shown).toEqual({ ruleId: 'new-opportunity', stepId: 'start', event: 'shown', day: today, count: 1 });
    await page.close();
  });

  it('counts events sent from the demo CRM page per (rule, step, event, day)', async () => {
    const page = await sw.open(`${crm.url}/accounts/7`);
    expect(await sendUsage(sw, page, 'crm-tour', 10, 8, 'page')).toBe(80);
    const counters = (await sw.send({ type: 'usage.export' })).counters.filter((c) => c.ruleId === 'crm-tour');
    const today = new Date().toISOString().slice(0, 10);
    expect(counters).toEqual(
      ['s0', 's1', 's2', 's3'].map((stepId) => ({ ruleId: 'crm-tour', stepId, event: 'shown', day: today, count: 20 })),
    );
    await page.close();
  });

  it('refuses page messages from the CRM page’s content script', async () => {
    const page = await sw.open(`${crm.url}/accounts`);
    const reply = await sw.inContentScript(page, () => chrome.runtime.sendMessage({ type: 'usage.export' }), null);
    expect(reply).toEqual({ ok: false, error: '"usage.export" is not accepted from this sender' });
    await page.close();
  });

  it('keeps counts the worker had not written yet when it is killed', async () => {
    const page = await sw.open(`${crm.url}/accounts`);
    await sendUsage(sw, page, 'kill-before-flush', 5, 10, 'kbf');
    // Flushes run a second after the first count: the counts are only in the write-ahead log now.
    const before = await sw.send({ type: 'debug.store', action: 'stats' });
    expect(before.unflushed).toBeGreaterThanOrEqual(50);
    await sw.stopWorker();
    expect(await counted(sw, 'kill-before-flush')).toBe(50);
    // A new worker answered: the counts came back from the log, not from the old one's memory.
    expect((await sw.send({ type: 'debug.store', action: 'stats' })).startedAt).toBeGreaterThan(before.startedAt);
    await page.close();
  });

  it('loses nothing when the service worker is killed in the middle of a burst', async () => {
    const page = await sw.open(`${crm.url}/opportunities/new`);
    // The burst runs in the content script, and goes on until the test ends it: the worker is
    // always killed in the middle of it, however fast or slow the machine. Every batch is resent
    // (same id) until it is answered.
    await sw.inContentScript(
      page,
      () => {
        const state = { acked: 0, retries: 0, stop: false, done: false, error: '' };
        (globalThis as unknown as { burst: typeof state }).burst = state;
        // Four senders at once, as several tabs would: some message is always on its way.
        const sender = async (lane: number) => {
          for (let b = lane; !state.stop; b += 4) {
            const events = [
              { ruleId: 'burst', stepId: 'amount', event: 'shown' },
              { ruleId: 'burst', event: 'helpful' },
            ];
            for (;;) {
              try {
                const reply = await chrome.runtime.sendMessage({ type: 'usage.record', events, batchId: `burst:${b}` });
                if (reply?.ok) break;
                state.error = reply?.error ?? 'no reply';
              } catch (error) {
                state.error = String(error);
              }
              state.retries++;
              await new Promise((r) => setTimeout(r, 20));
            }
            state.acked++;
          }
        };
        void Promise.all([0, 1, 2, 3].map(sender)).then(() => {
          state.done = true;
        });
      },
      null,
    );
    type Burst = { acked: number; retries: number; done: boolean };
    const progress = () => sw.inContentScript(page, () => (globalThis as unknown as { burst: Burst }).burst, null);
    await waitFor(async () => (await progress()).acked >= 150, '150 batches of the burst to be answered');
    const { startedAt } = await sw.send({ type: 'debug.store', action: 'stats' });
    await sw.stopWorker();
    const atKill = (await progress()).acked;
    // The burst goes on through a new worker, then ends.
    await waitFor(
      async () => (await progress()).acked >= atKill + 150,
      '150 more batches answered after the worker was killed',
      2 * WAIT_MS,
    );
    await sw.inContentScript(
      page,
      () => {
        (globalThis as unknown as { burst: { stop: boolean } }).burst.stop = true;
      },
      null,
    );
    const end = await waitFor(async () => {
      const now = await progress();
      return now.done ? now : null;
    }, 'the burst to finish');
    // Messages the kill cut off on their way were sent again (same batch id), and counted once.
    expect((await sw.send({ type: 'debug.store', action: 'stats' })).startedAt).toBeGreaterThan(startedAt);
    expect(await counted(sw, 'burst')).toBe(end!.acked * 2);
    await page.close();
  });

  it('keeps progress, completions and preferences through a worker kill', async () => {
    const page = await sw.open(`${crm.url}/accounts/7`);
    await sw.inContentScript(
      page,
      async () => {
        for (const message of [
          { type: 'progress.update', ruleId: 'kept-tour', stepIndex: 2, status: 'active', url: location.href },
          { type: 'progress.update', ruleId: 'done-tour', stepIndex: 3, status: 'completed' },
          { type: 'rule.known', ruleId: 'done-tour', known: true },
          { type: 'tip.dismissed', ruleId: 'kept-tip' },
        ]) {
          const reply = await chrome.runtime.sendMessage(message);
          if (!reply?.ok) throw new Error(reply?.error);
        }
      },
      null,
    );
    await sw.stopWorker();
    const rows = await userRows(sw);
    const mine = (r: Record<string, unknown>) => ['kept-tour', 'done-tour'].includes(String(r.ruleId));
    expect(rows.progress.filter(mine)).toEqual([
      expect.objectContaining({ ruleId: 'done-tour', stepIndex: 3, status: 'completed' }),
      expect.objectContaining({ ruleId: 'kept-tour', stepIndex: 2, status: 'active', url: `${crm.url}/accounts/7` }),
    ]);
    expect(rows.completions.filter(mine)).toEqual([expect.objectContaining({ ruleId: 'done-tour', count: 1 })]);
    expect(rows.known).toContain('done-tour');
    expect(rows.dismissedTips).toEqual(['kept-tip']);
    await page.close();
  });
});

/** The user's state as the background's IndexedDB holds it. */
async function userRows(sw: StepwiseBrowser) {
  const worker = await sw.worker();
  return worker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('stepwise');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = (store: string) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const result = {
      progress: await all('progress'),
      completions: await all('completions'),
      known: (await all('knownRules')).map((r) => r.ruleId),
      dismissedTips: (await all('dismissedTips')).map((r) => r.ruleId),
      checklistItems: (await all('checklistItems')).map((r) => `${r.checklistId}/${r.itemId}`),
    };
    db.close();
    return result;
  });
}

describe('a browser restart on the same profile', () => {
  it('keeps every count and the user’s state', async () => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'stepwise-restart-'));
    try {
      const first = await StepwiseBrowser.launch({ userDataDir });
      await first.grantDemoOrigin();
      const page = await first.open(`${crm.url}/accounts`);
      expect(await sendUsage(first, page, 'restart', 40, 5, 'restart')).toBe(200);
      await first.inContentScript(
        page,
        () =>
          chrome.runtime.sendMessage({
            type: 'progress.update',
            ruleId: 'restart-tour',
            stepIndex: 1,
            status: 'active',
          }),
        null,
      );
      // Closed at once: the counts may not have been flushed yet.
      await first.close();

      const second = await StepwiseBrowser.launch({ userDataDir });
      expect(second.extensionId).toBe(first.extensionId);
      expect(await counted(second, 'restart')).toBe(200);
      const rows = await userRows(second);
      expect(rows.progress).toEqual([
        expect.objectContaining({ ruleId: 'restart-tour', stepIndex: 1, status: 'active' }),
      ]);
      await second.close();
    } finally {
      await rm(userDataDir, { recursive: true, force: true });
    }
  });
});
