import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMessageRouter } from '../../background/router';
import { createHandlers } from '../../background/start';
import { Store } from '../../background/store';
import { type Envelope, Message, type OverlayState, type PageRules, type Replies } from '../../messaging/messages';
import type { RulePack } from '../../rules/model';
import { parsePack } from '../../rules/parse-pack';
import { ruleMayApplyToOrigin } from '../../rules/url/origin';
import { STARTER_PACK_FILE } from '../../scripts/starter-pack';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
const page = { id: ID, url: `${ORIGIN}options.html` };
const overlay = { id: ID, url: 'http://127.0.0.1:4173/accounts/7', tab: { id: 9 } as chrome.tabs.Tab };
const starter = () => JSON.parse(readFileSync(STARTER_PACK_FILE, 'utf8')) as RulePack;

function background() {
  const store = new Store({ dbName: `import-${crypto.randomUUID()}` });
  const route = createMessageRouter(createHandlers(store), ID, ORIGIN, Message);
  return async <T>(message: unknown, sender: chrome.runtime.MessageSender = page) => {
    const reply = (await route(message, sender)) as Envelope<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
}

describe('the Acme CRM starter pack', () => {
  it('validates with the engine, every rule and checklist kept', () => {
    const { pack, problems, skipped } = parsePack(starter());
    expect(problems).toEqual([]);
    expect(skipped).toBe(0);
    expect(pack?.rules).toHaveLength(starter().rules.length);
  });

  it('has a walkthrough across two routes, tips and a validation hint, all for the demo CRM', () => {
    const { pack } = parsePack(starter());
    const rules = pack?.rules ?? [];
    const tour = rules.find((r) => r.kind === 'walkthrough');
    expect(tour?.where.urls).toEqual(['http://127.0.0.1/accounts/:id', 'http://127.0.0.1/opportunities/new']);
    expect(rules.filter((r) => r.kind === 'tip').length).toBeGreaterThan(0);
    expect(rules.some((r) => r.kind === 'hint' && r.steps[0]?.validate)).toBe(true);
    for (const rule of rules) {
      expect(rule.status).toBe('published');
      expect(ruleMayApplyToOrigin(rule, 'http://127.0.0.1:41234/accounts')).toBe(true);
      expect(ruleMayApplyToOrigin(rule, 'https://crm.example.com/accounts')).toBe(false);
    }
  });
});

describe('importing a pack through the background', () => {
  it('keeps the valid rules, lists the others’ problems with JSON paths, and shows the page its rules', async () => {
    const send = background();
    const input = starter();
    const broken = structuredClone(input.rules[1]!);
    broken.id = 'broken-selector';
    broken.steps[0]!.target = { selector: 'div >> span' };
    (input.rules as unknown[]).push(broken, { id: 'no-kind', kind: 'popup' });
    const reply = await send<Replies['packs.import']>({ type: 'packs.import', pack: input });
    expect(reply.packId).toBe('acme-crm-starter');
    expect(reply.imported).toBe(starter().rules.length);
    expect(reply.skipped).toBe(2);
    expect(reply.problems).toContainEqual({
      path: `rules[${starter().rules.length}].steps[0].target.selector`,
      message: expect.stringContaining('"div >> span" is not a valid CSS selector'),
    });
    expect(reply.problems).toContainEqual({
      path: `rules[${starter().rules.length + 1}].kind`,
      message: expect.stringContaining('must be one of'),
    });

    // The page gets the rules for its own address; the others of the origin when the app moves.
    const state = await send<OverlayState>({ type: 'overlay.hello', url: overlay.url }, overlay);
    expect(state.rules.map((r) => r.id)).toEqual(['new-opportunity']);
    expect(state.more).toEqual({ search: false, hash: true, hashQuery: false });
    const next = await send<PageRules>(
      { type: 'overlay.rules', url: 'http://127.0.0.1:4173/opportunities/new' },
      overlay,
    );
    expect(next.rules.map((r) => r.id).sort()).toEqual(['amount-format', 'contact-email', 'new-opportunity']);
    // The starter pack's checklists are for the whole demo CRM: the page evaluates them.
    expect(state.checklists).toEqual(starter().checklists);
    const elsewhere = await send<OverlayState>(
      { type: 'overlay.hello', url: 'https://crm.example.com/' },
      { ...overlay, url: 'https://crm.example.com/' },
    );
    expect(elsewhere.rules).toEqual([]);
  });

  it('imports nothing from a file that is not a pack, saying why', async () => {
    const send = background();
    const reply = await send<Replies['packs.import']>({ type: 'packs.import', pack: { name: 'x' } });
    expect(reply.packId).toBeNull();
    expect(reply.imported).toBe(0);
    expect(reply.problems[0]).toEqual({ path: 'format', message: expect.any(String) });
  });

  it('turns a pack off and on, and exports what it imported', async () => {
    const send = background();
    await send({ type: 'packs.import', pack: starter() });
    await send({ type: 'packs.setEnabled', packId: 'acme-crm-starter', enabled: false });
    expect((await send<OverlayState>({ type: 'overlay.hello', url: overlay.url }, overlay)).rules).toEqual([]);
    await send({ type: 'packs.setEnabled', packId: 'acme-crm-starter', enabled: true });
    expect((await send<OverlayState>({ type: 'overlay.hello', url: overlay.url }, overlay)).rules).not.toEqual([]);
    const { packs } = await send<Replies['packs.export']>({ type: 'packs.export' });
    expect(parsePack(packs[0]).problems).toEqual([]);
    expect(packs[0]?.rules.map((r) => r.id)).toEqual(parsePack(starter()).pack?.rules.map((r) => r.id));
  });
});
