/**
 * One size limit for every way a pack comes in, enforced by the background (here on the
 * `packs.import` message path), and a big import that fails leaving the working version whole.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createMessageRouter } from '../../background/router';
import { createHandlers } from '../../background/start';
import { Store } from '../../background/store';
import { type Envelope, Message, type Replies } from '../../messaging/messages';
import type { RulePack } from '../../rules/model';
import { jsonBytes, MAX_PACK_BYTES } from '../../rules/pack-size';
import { parsePack, parsePackInSlices } from '../../rules/parse-pack';
import { STARTER_PACK_FILE } from '../../scripts/starter-pack';
import { HEAVY_TEST_MS } from '../budget';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
const page = { id: ID, url: `${ORIGIN}options.html` };
const starter = () => JSON.parse(readFileSync(STARTER_PACK_FILE, 'utf8')) as RulePack;
type ImportReply = Replies['packs.import'];

function background() {
  const store = new Store({ dbName: `limits-${crypto.randomUUID()}` });
  const route = createMessageRouter(createHandlers(store), ID, ORIGIN, Message);
  const send = async <T>(message: unknown) => {
    const reply = (await route(message, page)) as Envelope<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  return { store, send };
}

const bytesOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;
const countBytes = (value: unknown) => {
  const steps = jsonBytes(value);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
};

/** A valid pack of rules with long briefs (about 4,600 of them), made exactly `bytes` long as JSON. */
function packOf(bytes: number): RulePack {
  const base = starter();
  const tip = base.rules.find((r) => r.kind === 'tip')!;
  const rule = (i: number) => ({
    ...tip,
    id: `tip-${String(i).padStart(5, '0')}`,
    steps: [{ ...tip.steps[0]!, brief: 'x'.repeat(2000) }],
  });
  const empty = bytesOf({ ...base, id: 'big', rules: [], checklists: [] });
  const perRule = bytesOf(rule(0)) + 1;
  const count = Math.ceil((bytes - empty + 1) / perRule);
  const rules = Array.from({ length: count }, (_, i) => rule(i));
  const pack: RulePack = { ...base, id: 'big', rules, checklists: [] };
  // Trim the last briefs by what is over.
  let excess = bytesOf(pack) - bytes;
  for (let i = count - 1; excess > 0; i--) {
    const cut = Math.min(excess, 1900);
    rules[i]!.steps[0]!.brief = 'x'.repeat(2000 - cut);
    excess -= cut;
  }
  expect(bytesOf(pack)).toBe(bytes);
  return pack;
}

describe('the size of a pack as JSON', () => {
  it('is counted as JSON.stringify writes it, in UTF-8', () => {
    const value = {
      text: 'plain "quoted" \\ back\nnew\tline \u0001 café 日本 😀 \ud800 lone',
      list: [1, -2.5, 1e21, true, false, null, undefined, Number.NaN, { nested: [] }],
      skipped: undefined,
      'clé ✓': {},
    };
    expect(countBytes(value)).toBe(bytesOf(value));
  });
});

describe('one size limit on the import message', () => {
  it(
    'refuses a pack one byte over the limit, naming its size and the limit; accepts it at the limit',
    async () => {
      const { send } = background();
      const over = await send<ImportReply>({ type: 'packs.import', pack: packOf(MAX_PACK_BYTES + 1) });
      expect(over).toEqual({
        packId: null,
        imported: 0,
        skipped: 0,
        problems: [
          {
            path: '',
            message:
              'the pack is 10.0 MB of JSON (10,485,761 bytes); a rule pack can be at most 10.0 MB (10,485,760 bytes). Split it into several packs',
          },
        ],
      });
      expect((await send<Replies['packs.list']>({ type: 'packs.list' })).packs).toEqual([]);

      const pack = packOf(MAX_PACK_BYTES);
      const at = await send<ImportReply>({ type: 'packs.import', pack });
      expect(at).toMatchObject({ packId: 'big', imported: pack.rules.length, skipped: 0, problems: [] });
    },
    HEAVY_TEST_MS,
  );

  it('is the same limit in the validator run at once and in slices', async () => {
    const pack = { ...starter(), description: 'x'.repeat(4000) };
    const limit = bytesOf(pack) - 1;
    const { packSizeProblem } = await import('../../rules/pack-size');
    const run = (g: Generator<void, string | undefined>) => {
      for (;;) {
        const s = g.next();
        if (s.done) return s.value;
      }
    };
    expect(run(packSizeProblem(pack, limit))).toMatch(
      /^the pack is \d+ KB of JSON \(\d{1,3},\d{3} bytes\); a rule pack can be at most/,
    );
    expect(run(packSizeProblem(pack, limit + 1))).toBeUndefined();
    expect(parsePack(pack)).toEqual(await parsePackInSlices(pack, 0));
  });
});

describe('a big import that fails', () => {
  it(
    'leaves the working version whole: its rules, its version, nothing half-replaced',
    async () => {
      const { store, send } = background();
      const v1 = starter();
      await send({ type: 'packs.import', pack: v1 });
      const ids = v1.rules.map((r) => r.id);
      // Version 2 keeps every rule of version 1 and adds 3,000 more.
      const extra = Array.from({ length: 3000 }, (_, i) => ({ ...v1.rules[1]!, id: `more-${i}` }));
      const v2 = { ...v1, version: 2, rules: [...v1.rules, ...extra] };

      // The disk fills up while the rules are written, after the pack record and the old rules' removal.
      const bulkPut = vi
        .spyOn(store.db.rules, 'bulkPut')
        .mockRejectedValueOnce(new DOMException('The disk is full.', 'QuotaExceededError'));
      await expect(send({ type: 'packs.import', pack: v2 })).rejects.toThrow();
      expect(bulkPut).toHaveBeenCalled();
      bulkPut.mockRestore();

      const [listed] = (await send<Replies['packs.list']>({ type: 'packs.list' })).packs;
      expect(listed).toMatchObject({ id: v1.id, version: 1, rules: ids.length });
      expect(listed?.previousVersion).toBeUndefined();
      expect((await store.db.rules.where('packId').equals(v1.id).primaryKeys()).sort()).toEqual([...ids].sort());

      // And the same update goes through once the disk has room.
      const reply = await send<ImportReply>({ type: 'packs.import', pack: v2 });
      expect(reply).toMatchObject({ packId: v1.id, imported: ids.length + 3000, problems: [] });
      expect(await store.db.rules.where('packId').equals(v1.id).count()).toBe(ids.length + 3000);
    },
    HEAVY_TEST_MS,
  );
});
