/** Rule packs: import (validated by the engine), list, export, remove, turn on and off. */
import type { PackSummary } from '../../messaging/messages';
import type { Problem, RulePack } from '../../rules/index';
import { exportPacks, listPacks, removePack, restorePreviousVersion, setPackEnabled, storePack } from '../db/packs';
import type { PackRecord } from '../db/records';
import type { Handlers } from '../router';
import type { Store } from '../store';

/**
 * The engine's validator (`parsePackInSlices` in `rules/`, or `parsePack`): a pack of the valid
 * rules, and every problem; a pack over the size limit is refused whole, in words.
 */
export type PackParser = (
  input: unknown,
) =>
  | { pack: RulePack | null; problems: Problem[]; skipped: number }
  | Promise<{ pack: RulePack | null; problems: Problem[]; skipped: number }>;

/** A pack record as the options page lists it: without its rules, with how many it holds. */
export function packSummary(record: PackRecord): PackSummary {
  return {
    id: record.id,
    name: record.name,
    version: record.version,
    source: record.source,
    enabled: record.enabled !== false,
    importedAt: typeof record.importedAt === 'number' ? record.importedAt : 0,
    ...(record.pack.description && { description: record.pack.description }),
    rules: record.counts?.rules ?? 0,
    published: record.counts?.published ?? 0,
    checklists: Array.isArray(record.pack.checklists) ? record.pack.checklists.length : 0,
    ...(typeof record.previous?.version === 'number' && { previousVersion: record.previous.version }),
  };
}

type PackMessages =
  | 'packs.import'
  | 'packs.list'
  | 'packs.export'
  | 'packs.remove'
  | 'packs.setEnabled'
  | 'packs.restorePrevious';

export function packHandlers(store: Store, parsePack: PackParser): Pick<Handlers, PackMessages> {
  const { db } = store;
  return {
    'packs.import': async ({ pack: input, source, confirmDrop }) => {
      const parsed = await parsePack(input);
      if (!parsed.pack) return { packId: null, imported: 0, skipped: parsed.skipped, problems: parsed.problems };
      const pack = parsed.pack;
      return store.guard('packs', async () => {
        const stored = await storePack(db, pack, source, store.now(), input, confirmDrop);
        store.contentChanged();
        return {
          packId: stored.stored ? pack.id : null,
          imported: stored.imported,
          skipped: parsed.skipped + stored.skipped,
          problems: [...parsed.problems, ...stored.problems],
          ...(stored.dropped && { dropped: stored.dropped }),
        };
      });
    },
    'packs.list': () =>
      store.guard('packs', async () => ({ packs: (await listPacks(db, store.health)).map(packSummary) })),
    'packs.export': ({ packIds }) => store.guard('packs', async () => ({ packs: await exportPacks(db, packIds) })),
    'packs.remove': ({ packId }) =>
      store.guard('packs', async () => {
        const removed = await removePack(db, packId);
        store.contentChanged();
        return { removed };
      }),
    'packs.restorePrevious': ({ packId }) =>
      store.guard('packs', async () => {
        const restored = await restorePreviousVersion(db, packId, store.now());
        store.contentChanged();
        return { restored };
      }),
    'packs.setEnabled': ({ packId, enabled }) =>
      store.guard('packs', async () => {
        const saved = await setPackEnabled(db, packId, enabled);
        store.contentChanged();
        return { saved };
      }),
  };
}
