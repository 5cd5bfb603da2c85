/**
 * What content-health probes add to the page benchmark's burst (`probeAddedMsPerBurst`, target
 * ≤ 0.5 ms). The accounts page is loaded anew with probes on or off (the e2e build's `debug.store`
 * switch; on, every rule is due again), and the bursts start as soon as the page has been handed
 * its rules to probe, so they meet the probe at work: its idle slices and its wait for the DOM to
 * be quiet, which each burst prolongs. Off, the same load and the same bursts. Script time is the
 * page's (CDP `ScriptDuration`, thread time), the content scripts' isolated world included.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { CDPSession, Page } from 'puppeteer-core';
import { type StepwiseBrowser, waitFor } from '../browser-harness/harness';
import { burst, frames } from './burst';

export const PROBE_BURSTS = 60;

async function scriptMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

/** Script ms per burst on the accounts page loaded anew with probes `on` or off. */
export async function probeBurstMs(sw: StepwiseBrowser, page: Page, url: string, on: boolean): Promise<number> {
  const { probesTaken } = await sw.send({ type: 'debug.store', action: on ? 'probes-on' : 'probes-off' });
  await page.goto(`${url}/accounts`, { waitUntil: 'load' });
  await page.waitForSelector('#accounts-table tbody tr');
  if (on) {
    await waitFor(
      async () => (await sw.send({ type: 'debug.store', action: 'stats' })).probesTaken > probesTaken,
      'the page to be handed its rules to probe',
    );
  }
  const cdp = await page.createCDPSession();
  // Thread time, not wall time: other processes on a shared machine cannot inflate it.
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' } as never);
  await frames(page, 2);
  const start = await scriptMs(cdp);
  for (let i = 0; i < PROBE_BURSTS; i++) await burst(page, 2000 + i);
  const ms = ((await scriptMs(cdp)) - start) / PROBE_BURSTS;
  await cdp.detach();
  if (on && !(await sw.send({ type: 'debug.store', action: 'stats' })).probes) throw new Error('Probes were off');
  return ms;
}

/** Puts `probeAddedMsPerBurst` into the Insights benchmark's results too (its figure, measured here). */
export async function recordInInsights(file: string, figures: Record<string, unknown>): Promise<void> {
  const previous = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  const notMeasured = Array.isArray(previous.notMeasured)
    ? previous.notMeasured.filter((n) => !String(n).includes('probe'))
    : previous.notMeasured;
  await writeFile(file, `${JSON.stringify({ ...previous, notMeasured, ...figures }, null, 2)}\n`);
}
