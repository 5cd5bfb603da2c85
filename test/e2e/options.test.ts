/// <reference types="chrome" />
/**
 * The options page against the real background: exporting usage, clearing local data behind a
 * confirmation, storage problems shown in words, the experience setting — by keyboard and labels.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  byRole,
  finishedDownload,
  pageSays,
  StepwiseBrowser,
  waitFor,
  waitInPage,
} from '../../browser-harness/harness';

let sw: StepwiseBrowser;
let downloads: string;

beforeAll(async () => {
  sw = await StepwiseBrowser.launch();
  downloads = await mkdtemp(join(tmpdir(), 'stepwise-downloads-'));
  await sw.downloadTo(downloads);
});

afterAll(async () => {
  await sw?.close();
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

/** The text of a finished download whose name matches (a whole CSV or JSON file ends with a newline or `}`). */
function downloaded(pattern: RegExp): Promise<string> {
  return finishedDownload(downloads, pattern, (text) => (/(\n|\})$/.test(text) ? text : undefined));
}

async function options(): Promise<Page> {
  const page = await sw.openExtensionPage('options');
  await byRole(page, 'heading', 'Stepwise settings');
  return page;
}

describe('options page', () => {
  it('says when nothing is there yet', async () => {
    const page = await options();
    await pageSays(page, 'No rule packs yet.');
    await pageSays(page, 'Nothing counted yet.');
    await page.close();
  });

  it('exports usage counts as CSV and JSON', async () => {
    await sw.send({
      type: 'usage.record',
      events: [
        { ruleId: 'new-opportunity', stepId: 'amount', event: 'shown' },
        { ruleId: 'new-opportunity', stepId: 'amount', event: 'shown' },
        { ruleId: '=HYPERLINK("x")', event: 'dismissed' },
      ],
    });
    const page = await options();
    await waitInPage(page, 'the usage summary to count 3 events', () =>
      document.getElementById('usage-summary')?.textContent?.includes('3 events'),
    );
    await (await byRole(page, 'button', 'Export as CSV')).click();
    const today = new Date().toISOString().slice(0, 10);
    const csv = await downloaded(/^stepwise-usage-.*\.csv$/);
    expect(csv.split('\r\n')).toEqual([
      'day,rule,step,event,count',
      `${today},"'=HYPERLINK(""x"")",,dismissed,1`,
      `${today},new-opportunity,amount,shown,2`,
      '',
    ]);
    await (await byRole(page, 'button', 'Export as JSON')).click();
    const json = JSON.parse(await downloaded(/^stepwise-usage-.*\.json$/));
    expect(json.counters).toContainEqual({
      ruleId: 'new-opportunity',
      stepId: 'amount',
      event: 'shown',
      day: today,
      count: 2,
    });
    await page.close();
  });

  it('saves the experience setting, and refuses a value out of range', async () => {
    const page = await options();
    const field = await byRole(
      page,
      'spinbutton',
      'Completions before a walkthrough shows only its brief text and stops starting by itself',
    );
    await waitInPage(page, 'the setting to show 3', (el) => (el as HTMLInputElement).value === '3', field);
    await field.click({ count: 3 });
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    await pageSays(page, 'Enter a whole number from 1 to 100.');
    await field.click({ count: 3 });
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await pageSays(page, 'Saved.');
    expect(await sw.send({ type: 'settings.get' })).toEqual({ expertAfter: 5 });
    await page.close();
  });

  it('shows an unreadable record in words, with what to do, and goes on working', async () => {
    const worker = await sw.worker();
    await worker.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('stepwise');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise((resolve, reject) => {
        const tx = db.transaction('packs', 'readwrite');
        tx.objectStore('packs').put({ id: 'half-written', name: 42, pack: null });
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    });
    const page = await options();
    const alert = await byRole(page, 'alert', 'Storage needs attention');
    expect(await alert.evaluate((el) => el.textContent)).toContain(
      '1 saved rule pack could not be read and was set aside. Everything else works as before.',
    );
    await pageSays(page, 'No rule packs yet.');
    await page.close();
  });

  it('clears local data only after confirming, by keyboard', async () => {
    await sw.send({ type: 'usage.record', events: [{ ruleId: 'to-clear', event: 'shown' }] });
    const page = await options();
    await waitInPage(page, 'the usage summary to count something', () => {
      const summary = document.getElementById('usage-summary')?.textContent;
      return summary && !summary.includes('Nothing');
    });
    const clear = await byRole(page, 'button', 'Clear local data…');
    await clear.focus();
    await page.keyboard.press('Enter');
    const dialog = await byRole(page, 'dialog', 'Clear all local data?');
    // Cancel has the focus: Enter alone destroys nothing.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await waitFor(
      async () => !(await dialog.evaluate((d) => (d as HTMLDialogElement).open).catch(() => false)),
      'the dialog to close',
    );
    expect((await sw.send({ type: 'usage.export' })).counters.length).toBeGreaterThan(0);

    await clear.focus();
    await page.keyboard.press('Enter');
    await byRole(page, 'dialog', 'Clear all local data?');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Clear everything');
    await page.keyboard.press('Enter');
    await pageSays(page, 'Local data cleared.');
    await waitInPage(page, 'the usage summary to say "Nothing counted yet."', () =>
      document.getElementById('usage-summary')?.textContent?.includes('Nothing counted yet.'),
    );
    expect((await sw.send({ type: 'usage.export' })).counters).toEqual([]);
    await page.close();
  });
});
