/// <reference types="chrome" />
/**
 * The editor page in the built extension in real Chromium: a published rule edited as a draft in
 * its JSON view, its problems shown with their JSON paths as it is typed, the draft kept across a reload of
 * the page, published as the pack's next version, an earlier version restored, and a version exported
 * as a pack file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, finishedDownload, StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import type { RulePack } from '../../rules/model';
import { noticeText, problemsText, setJson } from './editor-helpers';

let sw: StepwiseBrowser;
let dir: string;

const PACK = {
  format: 2,
  id: 'team-help',
  name: 'Team help',
  version: 3,
  rules: [
    {
      id: 'search-tip',
      name: 'Search tip',
      kind: 'tip',
      status: 'published',
      where: { urls: [{ pathname: '/accounts' }] },
      start: 'auto',
      steps: [
        { id: 'step-1', title: 'Search by owner', brief: 'Type a **name**.', target: { selector: '#account-search' } },
      ],
    },
  ],
  checklists: [],
};

beforeAll(async () => {
  sw = await StepwiseBrowser.launch();
  dir = await mkdtemp(join(tmpdir(), 'stepwise-editor-'));
  await sw.downloadTo(dir);
  const reply = await sw.importPack(PACK);
  if (reply.imported !== 1) throw new Error(`The pack did not import: ${JSON.stringify(reply.problems)}`);
});

afterAll(async () => {
  await sw?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('editor page', () => {
  it('edits a published rule as a draft with checks by JSON path, publishes a new version, restores an old one and exports one as a file', async () => {
    const page = await sw.openExtensionPage('editor');
    await (await byRole(page, 'button', 'Team help (version 3)')).click();
    await (await byRole(page, 'button', 'Edit Search tip')).click();
    // The form is the first view; the JSON view is the second tab (and is remembered).
    await (await byRole(page, 'tab', 'JSON')).click();
    const area = await page.waitForSelector('#rule-json');
    const rule = JSON.parse(await area!.evaluate((a) => (a as HTMLTextAreaElement).value));
    expect(rule).toMatchObject({ id: 'search-tip', status: 'draft' });
    await waitFor(async () => (await problemsText(page)).includes('No problems'), 'a valid draft');

    // A broken selector and a misspelt field: each problem names its path, as import does.
    rule.steps[0].target.selector = 'input[name=';
    rule.steps[0].placment = 'top';
    await setJson(page, JSON.stringify(rule, null, 2));
    await waitFor(async () => (await problemsText(page)).includes('steps[0].target.selector'), 'the selector problem');
    const problems = await problemsText(page);
    expect(problems).toContain('2 problems');
    expect(problems).toMatch(/steps\[0\]\.placment: .*placement/);
    // Broken JSON is said so, and still kept.
    await setJson(page, '{ "id": "search-tip", ');
    await waitFor(async () => (await problemsText(page)).includes('not valid JSON'), 'the syntax problem');
    await waitFor(
      async () => (await sw.send({ type: 'drafts.get', id: 'search-tip' })).draft?.rule === '{ "id": "search-tip", ',
      'the broken text saved',
    );

    // Fixed, with new words; the draft survives reloading the editor.
    rule.steps[0].target.selector = '#account-search';
    delete rule.steps[0].placment;
    rule.steps[0].brief = 'Type an **owner** or a city.';
    await setJson(page, JSON.stringify(rule, null, 2));
    await waitFor(async () => (await problemsText(page)).includes('No problems'), 'valid again');
    await waitFor(() => page.evaluate(() => document.body.textContent?.includes('Draft saved.')), 'the draft saved');
    await sw.loadExtensionPage(page, 'editor', '?draft=search-tip');
    await page.waitForSelector('#rule-json');
    expect(await page.$eval('#rule-json', (a) => (a as HTMLTextAreaElement).value)).toContain(
      'Type an **owner** or a city.',
    );
    // The preview renders the Markdown as elements.
    expect(await page.$eval('section[aria-label="Preview"] strong', (s) => s.textContent)).toBe('owner');

    await (await byRole(page, 'button', 'Publish')).click();
    await waitFor(() => noticeText(page), 'the published notice');
    expect(await noticeText(page)).toBe('Published as version 4 of “team-help”.');
    const exported = (await sw.send({ type: 'packs.export', packIds: ['team-help'] })).packs[0]!;
    expect(exported.version).toBe(4);
    expect(exported.rules[0]!.steps[0]!.brief).toBe('Type an **owner** or a city.');
    expect(exported.rules[0]!.status).toBe('published');

    // Versions: 4 (published) and 3 (as it was); restoring 3 makes version 5 with the old words.
    await (await byRole(page, 'button', 'Team help (version 4)')).click();
    await (await byRole(page, 'button', 'Restore version 3')).click();
    await waitFor(
      async () => (await sw.send({ type: 'packs.export', packIds: ['team-help'] })).packs[0]?.version === 5,
      'version 5',
    );
    const restored = (await sw.send({ type: 'packs.export', packIds: ['team-help'] })).packs[0]!;
    expect(restored.rules[0]!.steps[0]!.brief).toBe('Type a **name**.');
    const { versions } = await sw.send({ type: 'packs.versions', packId: 'team-help' });
    expect(versions.map((v) => [v.version, v.reason])).toEqual([
      [5, 'restored'],
      [4, 'published'],
      [3, 'before'],
    ]);

    // Any version exports as a pack file: version 4, with its published words.
    await (await byRole(page, 'button', 'Export version 4')).click();
    const saved = await finishedDownload(dir, /^team-help-v4\.json$/, (text) => JSON.parse(text) as RulePack);
    expect(saved.id).toBe('team-help');
    expect(saved.version).toBe(4);
    expect(saved.rules[0]!.steps[0]!.brief).toBe('Type an **owner** or a city.');
    await page.close();
  });
});
