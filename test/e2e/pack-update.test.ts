/// <reference types="chrome" />
/**
 * Imports that never lose the working version, on the options page: an update that would remove
 * rules says which and changes nothing until the admin confirms; the version it replaced can then
 * be restored from the list.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, StepwiseBrowser, waitInPage } from '../../browser-harness/harness';
import type { RulePack } from '../../rules/model';
import { readStarterPack } from '../../scripts/starter-pack';

let sw: StepwiseBrowser;
let dir: string;

beforeAll(async () => {
  sw = await StepwiseBrowser.launch();
  dir = await mkdtemp(join(tmpdir(), 'stepwise-update-'));
});

afterAll(async () => {
  await sw?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('updating a pack on the options page', () => {
  it('refuses an update that empties the pack until confirmed, then restores the version it replaced', async () => {
    const v1 = (await readStarterPack()) as RulePack;
    expect((await sw.importPack(v1)).problems).toEqual([]);
    const file = join(dir, 'acme-v2.json');
    // Every rule broken in the new version: imported as is, it would leave the pack empty.
    await writeFile(file, JSON.stringify({ ...v1, version: 2, rules: v1.rules.map((r) => ({ ...r, kind: 'popup' })) }));

    const page = await sw.openExtensionPage('options');
    const input = (await page.waitForSelector('input[type=file]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    const result = await byRole(page, 'status', 'Import result');
    await waitInPage(page, 'the refusal', (el) => el.textContent?.includes('Nothing was imported'), result);
    const text = await result.evaluate((el) => el.textContent);
    expect(text).toContain(`this version would remove ${v1.rules.length} rules of the one in use`);
    expect(text).toContain(v1.rules[0]!.name);
    const list = await byRole(page, 'list', 'Rule packs');
    expect(await list.evaluate((el) => el.textContent)).toContain('version 1');

    await (await byRole(page, 'button', `Update anyway, removing ${v1.rules.length} rules`)).click();
    const restore = await byRole(page, 'button', 'Restore version 1 of Acme CRM starter');
    expect(await list.evaluate((el) => el.textContent)).toContain('0 of 0 rules published');

    await restore.click();
    await byRole(page, 'button', 'Restore version 2 of Acme CRM starter');
    expect(await list.evaluate((el) => el.textContent)).toContain(
      `${v1.rules.length} of ${v1.rules.length} rules published`,
    );
    await page.close();
  });
});
