/**
 * Starting a walkthrough from the side panel's catalog. A page holds only the rules for the
 * addresses it has been at, so a walkthrough it does not know may still be the site's, for
 * another page: the background tells which.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storePack } from '../../background/db/packs';
import { createTip, saveTipWords } from '../../background/db/personal-tips';
import { currentUser } from '../../background/db/settings';
import { catalogHandlers } from '../../background/handlers/catalog';
import { Store } from '../../background/store';
import type { StartOutcome } from '../../messaging/areas/catalog';
import { ruleMayApplyToOrigin } from '../../rules/url/origin';
import { pack, rule } from '../fixtures/packs';

async function setup(answer: StartOutcome) {
  fakeBrowser.reset();
  const store = new Store({ dbName: `catalog-${crypto.randomUUID()}` });
  await storePack(
    store.db,
    pack('crm', [rule('deals', { kind: 'walkthrough', where: { urls: ['https://crm.example.com/app#/deals'] } })]),
    'imported',
    1,
  );
  const tab = await fakeBrowser.tabs.create({ url: 'https://crm.example.com/app#/home' });
  const asked: unknown[] = [];
  const ask = (async (_tabId: number, message: unknown) => {
    asked.push(message);
    return answer;
  }) as Parameters<typeof catalogHandlers>[2];
  const handlers = catalogHandlers(store, (r, url) => ruleMayApplyToOrigin(r, url), ask);
  const start = (ruleId: string) =>
    handlers['catalog.start']({ type: 'catalog.start', tabId: tab.id!, ruleId }, {} as never);
  return { start, asked, store };
}

describe('starting a walkthrough from the catalog', () => {
  it('says it is for another page when the page does not hold a rule of its site', async () => {
    const { start, asked } = await setup({ started: false, reason: 'unknown' });
    expect(await start('deals')).toEqual({ started: false, reason: 'elsewhere' });
    expect(asked).toEqual([{ type: 'overlay.start', ruleId: 'deals' }]);
  });

  it('says so for the person’s own tip on another page of the site too', async () => {
    const { start, store } = await setup({ started: false, reason: 'unknown' });
    const user = await currentUser(store.db);
    const input = { url: 'https://crm.example.com/app#/deals', target: { selector: '#amount' } };
    const tip = await createTip(store.db, user, input, Date.UTC(2026, 0, 1));
    await saveTipWords(store.db, user, tip.id, { title: 'Amount', text: 'In euros.' }, Date.UTC(2026, 0, 1));
    expect(await start(tip.id)).toEqual({ started: false, reason: 'elsewhere' });
  });

  it('says it is gone when the site has no such rule any more', async () => {
    const { start } = await setup({ started: false, reason: 'unknown' });
    expect(await start('removed')).toEqual({ started: false, reason: 'unknown' });
  });

  it('passes on what the page says otherwise', async () => {
    const { start } = await setup({ started: true });
    expect(await start('deals')).toEqual({ started: true });
  });
});
