/**
 * Rule-pack migrations, one file per format step. `MIGRATIONS[n]` takes a pack of format `n` to
 * format `n + 1`; a saved example of every format (`examples/format-<n>.json`) is walked by a test.
 */
import { FORMAT_VERSION, type RulePack } from '../model';
import { migrate as from1 } from './1-to-2';
import type { PackV1 } from './format-1';

/** The pack type of each format. */
export interface Formats {
  1: PackV1;
  2: RulePack;
}

/** The format each older one migrates to. */
type Next = { 1: 2 };

/** One typed step per older format. */
export const MIGRATIONS: { [N in keyof Next]: (pack: Formats[N]) => Formats[Next[N]] } = {
  1: from1,
};

/** Migrates a pack of format `from` up to the current one. The pack is not validated. */
export function migrateToCurrent(pack: unknown, from: number): unknown {
  let out = pack;
  for (let n = from; n < FORMAT_VERSION; n++) {
    const step = (MIGRATIONS as Record<number, (p: unknown) => unknown>)[n];
    if (!step) throw new Error(`no migration from format ${n}`);
    out = step(out);
  }
  return out;
}
