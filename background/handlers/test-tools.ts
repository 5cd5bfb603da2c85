/**
 * What only the end-to-end tests and the benchmarks use: storage figures, a flush on demand and
 * content-health probes off and on (`debug.store`), and the store benchmark's baseline, one read-and-put per usage event
 * (`usage/naive.ts`), switched on by `debug.store`. Only the builds made for them carry it
 * (`withTestTools` in `../start.ts`); `test/build/build-output.test.ts` checks that the production
 * build's files hold none of it.
 */

import type { UsageDelta } from '../db/records';
import { writeUsage } from '../db/usage';
import type { ProbePlanner } from '../insights/probes';
import type { Handlers } from '../router';
import type { Store } from '../store';
import { recordOneByOne } from '../usage/naive';

/** `debug.store`, and `usage.record` wrapped so the baseline can stand in for the real counting. */
export function testToolHandlers(
  store: Store,
  handlers: Pick<Handlers, 'usage.record'>,
  planner: ProbePlanner,
): Required<Pick<Handlers, 'debug.store' | 'debug.usage' | 'usage.record'>> {
  let naive = false;
  const record = handlers['usage.record'];
  return {
    'usage.record': (message, sender) =>
      naive ? recordOneByOne(store.db, message.events, store.now()) : record(message, sender),
    'debug.usage': ({ deltas }) =>
      store.guard('database', async () => {
        await store.usage.flush();
        const now = store.now();
        await writeUsage(store.db, {
          deltas: deltas as UsageDelta[],
          segments: [],
          batches: [],
          forget: [],
          now,
        });
        return { written: deltas.length };
      }),
    'debug.store': async ({ action }) => {
      if (action === 'flush') await store.usage.flush();
      if (action === 'naive' || action === 'batched') {
        await store.usage.flush();
        naive = action === 'naive';
      }
      if (action === 'probes-off' || action === 'probes-on') {
        planner.enabled = action === 'probes-on';
        planner.forgetAll();
      }
      return {
        transactions: store.db.stats.transactions,
        readwrite: store.db.stats.readwrite,
        unflushed: store.usage.unflushed,
        walAppends: store.wal.appends,
        usageMode: naive ? 'naive' : 'batched',
        startedAt: store.startedAt,
        probes: planner.enabled,
        probesTaken: planner.taken,
      };
    },
  };
}
