/// <reference types="chrome" />
/**
 * Rule packs on the options page, against the real background and IndexedDB: a pack with some
 * invalid rules imports its valid ones and lists the others' problems with their JSON paths; the
 * demo CRM page then gets those rules; export and remove work by keyboard.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, finishedDownload, pageSays, StepwiseBrowser, waitInPage } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import type { Envelope, OverlayState } from '../../messaging/messages';
import type { RulePack } from '../../rules/model';
import { readStarterPack } from '../../scripts/starter-pack';

let crm: DemoCrm;
let sw: StepwiseBrowser;
let dir: string;

beforeAll(async () => {
  crm = await startDemoCrm();
  sw = await StepwiseBrowser.launch();
  await sw.grantDemoOrigin();
  dir = await mkdtemp(join(tmpdir(), 'stepwise-packs-'));
  await sw.downloadTo(dir);
});

afterAll(async () => {
  await sw?.close();
  await crm?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function pick(file: string) {
  const page = await sw.openExtensionPage('options');
  const input = (await page.waitForSelector('input[type=file]')) as ElementHandle<HTMLInputElement>;
  expect(await input.evaluate((el) => el.labels?.[0]?.textContent)).toBe('Import a rule pack (.json file)');
  await input.uploadFile(file);
  return page;
}

describe('rule packs on the options page', () => {
  it('imports the valid rules of a pack and lists the problems of the others with their JSON paths', async () => {
    const pack = (await readStarterPack()) as RulePack;
    const valid = pack.rules.length;
    const broken = structuredClone(pack.rules[1]!);
    broken.id = 'broken-selector';
    broken.steps[0]!.target = { selector: 'div >> span' };
    (pack.rules as unknown[]).push(broken, { id: 'half-a-rule', kind: 'popup' });
    const file = join(dir, 'acme-with-mistakes.json');
    await writeFile(file, JSON.stringify(pack, null, 2));

    const page = await pick(file);
    const result = await byRole(page, 'status', 'Import result');
    await waitInPage(
      page,
      'the import result to list the skipped rules',
      (el) => el.textContent?.includes('rules were skipped'),
      result,
    );
    const text = await result.evaluate((el) => el.textContent);
    expect(text).toContain(`Imported ${valid} rules from “Acme CRM starter”. 2 rules were skipped.`);
    expect(text).toContain(`rules[${valid}].steps[0].target.selector: "div >> span" is not a valid CSS selector`);
    expect(text).toContain(`rules[${valid + 1}].kind: must be one of`);
    const list = await byRole(page, 'list', 'Rule packs');
    expect(await list.evaluate((el) => el.textContent)).toContain(`${valid} of ${valid} rules published`);

    // The demo CRM page gets the imported rules for its address through the overlay's own
    // message, and hears that the site has more (for its other pages).
    const crmPage = await sw.open(`${crm.url}/accounts/7`);
    const hello = await sw.inContentScript(
      crmPage,
      (url) => chrome.runtime.sendMessage({ type: 'overlay.hello', url }),
      `${crm.url}/accounts/7`,
    );
    const state = (hello as Envelope<OverlayState>).ok ? (hello as { value: OverlayState }).value : null;
    expect(state?.rules.map((r) => r.id)).toEqual(['new-opportunity']);
    expect(state?.more).toBeDefined();
    await crmPage.close();
    await page.close();
  });

  it('says in words that a file is not JSON, and imports nothing', async () => {
    const file = join(dir, 'notes.json');
    await writeFile(file, '{ "format": 2, "id": ');
    const page = await pick(file);
    const result = await byRole(page, 'status', 'Import result');
    await waitInPage(
      page,
      'the import result to say the file is not JSON',
      (el) => el.textContent?.includes('is not valid JSON'),
      result,
    );
    expect(await result.evaluate((el) => el.textContent)).toMatch(
      /^“notes\.json” is not valid JSON \(.+\)\. Check that the whole file was saved, or export the pack again\.$/,
    );
    await page.close();
  });

  it('exports a pack as a file that imports again, and removes it after confirming', async () => {
    const page = await sw.openExtensionPage('options');
    await (await byRole(page, 'button', 'Export Acme CRM starter')).click();
    const exported = await finishedDownload(dir, /^acme-crm-starter-v1\.json$/, (text) => JSON.parse(text) as RulePack);
    expect(exported.id).toBe('acme-crm-starter');
    expect((await sw.importPack(exported)).problems).toEqual([]);

    const remove = await byRole(page, 'button', 'Remove Acme CRM starter');
    await remove.focus();
    await page.keyboard.press('Enter');
    await byRole(page, 'dialog', 'Remove “Acme CRM starter”?');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await pageSays(page, 'No rule packs yet.');
    expect((await sw.send({ type: 'packs.list' })).packs).toEqual([]);
    await page.close();
  });
});
