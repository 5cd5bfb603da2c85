/**
 * Imports that never lose the working version: an update that would drop rules (every rule
 * invalid, `rules: []`, or rules left out) is refused until the admin confirms the loss, and the
 * version it replaced is kept so it can be restored.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMessageRouter } from '../../background/router';
import { createHandlers } from '../../background/start';
import { Store } from '../../background/store';
import { type Envelope, Message, type Replies } from '../../messaging/messages';
import type { RulePack } from '../../rules/model';
import { STARTER_PACK_FILE } from '../../scripts/starter-pack';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
const page = { id: ID, url: `${ORIGIN}options.html` };
const starter = () => JSON.parse(readFileSync(STARTER_PACK_FILE, 'utf8')) as RulePack;

function background() {
  const store = new Store({ dbName: `update-${crypto.randomUUID()}` });
  const route = createMessageRouter(createHandlers(store), ID, ORIGIN, Message);
  return async <T>(message: unknown) => {
    const reply = (await route(message, page)) as Envelope<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
}

type ImportReply = Replies['packs.import'];
type List = Replies['packs.list'];

describe('updating a pack', () => {
  const v1 = starter();
  const ids = v1.rules.map((r) => r.id);
  const exported = async (send: ReturnType<typeof background>) =>
    ((await send<Replies['packs.export']>({ type: 'packs.export' })).packs[0] as RulePack).rules.map((r) => r.id);

  it.each([
    ['every rule invalid', { ...v1, version: 2, rules: v1.rules.map((r) => ({ ...r, kind: 'popup' })) }],
    ['no rules', { ...v1, version: 2, rules: [] }],
    ['a rule left out', { ...v1, version: 2, rules: v1.rules.slice(1) }],
  ])('with %s is refused, naming what would be lost; the working version stays', async (_name, update) => {
    const send = background();
    await send({ type: 'packs.import', pack: v1 });
    const reply = await send<ImportReply>({ type: 'packs.import', pack: update });
    expect(reply.packId).toBeNull();
    expect(reply.imported).toBe(0);
    expect(reply.dropped?.map((r) => r.id)).toContain(ids[0]);
    expect(reply.problems).toContainEqual({
      path: 'rules',
      message: expect.stringMatching(/^this update would remove \d+ of the \d+ rules of the working version \(".+"/),
    });
    expect(await exported(send)).toEqual(ids);
    const [listed] = (await send<List>({ type: 'packs.list' })).packs;
    expect(listed).toMatchObject({ version: 1, rules: ids.length });
    expect(listed?.previousVersion).toBeUndefined();
  });

  it('applies a confirmed update, keeps the version it replaced, and restores it', async () => {
    const send = background();
    await send({ type: 'packs.import', pack: v1 });
    const update = { ...v1, version: 2, rules: v1.rules.slice(1) };
    const reply = await send<ImportReply>({ type: 'packs.import', pack: update, confirmDrop: true });
    expect(reply).toMatchObject({ packId: v1.id, imported: ids.length - 1, dropped: [{ id: ids[0] }] });
    expect(await exported(send)).toEqual(ids.slice(1));
    expect((await send<List>({ type: 'packs.list' })).packs[0]).toMatchObject({ version: 2, previousVersion: 1 });

    expect(await send({ type: 'packs.restorePrevious', packId: v1.id })).toEqual({ restored: true });
    expect(await exported(send)).toEqual(ids);
    // The version restored over can be put back in turn.
    expect((await send<List>({ type: 'packs.list' })).packs[0]).toMatchObject({ version: 1, previousVersion: 2 });
    // Updating again to version 2 is allowed (it is newer than the one in use).
    expect((await send<ImportReply>({ type: 'packs.import', pack: update, confirmDrop: true })).packId).toBe(v1.id);
  });

  it('applies an update that keeps every rule without asking, and keeps the older version', async () => {
    const send = background();
    await send({ type: 'packs.import', pack: v1 });
    const reply = await send<ImportReply>({ type: 'packs.import', pack: { ...v1, version: 2 } });
    expect(reply.packId).toBe(v1.id);
    expect(reply.dropped).toBeUndefined();
    expect((await send<List>({ type: 'packs.list' })).packs[0]).toMatchObject({ version: 2, previousVersion: 1 });
  });

  it('has nothing to restore for a pack imported once', async () => {
    const send = background();
    await send({ type: 'packs.import', pack: v1 });
    expect(await send({ type: 'packs.restorePrevious', packId: v1.id })).toEqual({ restored: false });
    expect(await send({ type: 'packs.restorePrevious', packId: 'nope' })).toEqual({ restored: false });
  });
});
