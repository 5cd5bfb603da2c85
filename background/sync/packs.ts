/**
 * The team's packs in this browser: each current pack from the server stored with source
 * `server` (validated as any import is), a rolled-back one replacing the newer version, a withdrawn
 * one removed. A pack of the same id imported or written in this browser is never overwritten:
 * it is reported, and kept.
 */
import type { Problem } from '../../rules/index';
import type { StepwiseDatabase } from '../db/database';
import { removePack, storePack } from '../db/packs';
import type { PackParser } from '../handlers/packs';

export interface ServerPacksStored {
  stored: number;
  removed: number;
  /** Problems, each naming its pack. */
  problems: string[];
}

function describe(problems: Problem[]): string {
  return problems
    .slice(0, 3)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
}

export async function storeServerPacks(
  db: StepwiseDatabase,
  inputs: readonly unknown[],
  parsePack: PackParser,
  now: number,
): Promise<ServerPacksStored> {
  const result: ServerPacksStored = { stored: 0, removed: 0, problems: [] };
  const current = new Set<string>();
  for (const input of inputs) {
    const parsed = await parsePack(input);
    const id = (input as { id?: unknown })?.id;
    if (typeof id === 'string') current.add(id);
    if (!parsed.pack) {
      result.problems.push(`Pack "${String(id)}" from the server is not valid: ${describe(parsed.problems)}`);
      continue;
    }
    const pack = parsed.pack;
    const before = await db.packs.get(pack.id);
    if (before && before.source !== 'server') {
      result.problems.push(
        `Pack "${pack.id}" from the server was not stored: a pack with that id was added in this browser (remove it to get the team's)`,
      );
      continue;
    }
    if (before && before.version === pack.version) continue;
    // A roll-back on the server makes an older version current: it replaces the newer one here.
    if (before && before.version > pack.version) await removePack(db, pack.id);
    const stored = await storePack(db, pack, 'server', now, input);
    if (stored.stored) result.stored++;
    if (stored.problems.length) result.problems.push(`Pack "${pack.id}": ${describe(stored.problems)}`);
  }
  // Withdrawn on the server (or rolled back to nothing): gone here too.
  const held = await db.packs.where('source').equals('server').primaryKeys();
  for (const id of held) {
    if (!current.has(id) && (await removePack(db, id))) result.removed++;
  }
  return result;
}
