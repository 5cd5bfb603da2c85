/** Settings, storage health, clearing local data, and the test builds' storage figures. */
import type { Settings, StoreProblem } from '../../messaging/messages';
import { clearLocalData } from '../db/clear';
import type { StoreProblem as HealthProblem } from '../db/health';
import { readSettings, type Settings as SettingsRecord, writeSettings } from '../db/settings';
import type { Handlers } from '../router';
import type { Store } from '../store';

type DataMessages = 'settings.get' | 'settings.update' | 'data.clear' | 'store.health' | 'debug.store';

const toSettings = ({ expertAfter }: SettingsRecord): Settings => ({ expertAfter });

const toProblem = ({ area, kind, message, action, at }: HealthProblem): StoreProblem => ({
  area,
  kind,
  message,
  action,
  at,
});

/** Builds where `debug.store` answers: the end-to-end tests, the benchmarks and unit tests. */
const DEBUG_MODES = new Set(['e2e', 'bench', 'test']);

export function dataHandlers(store: Store, mode = import.meta.env.MODE): Pick<Handlers, DataMessages> {
  return {
    'settings.get': () => store.guard('settings', async () => toSettings(await readSettings(store.db))),
    'settings.update': ({ settings }) =>
      store.guard('settings', async () => toSettings(await writeSettings(store.db, settings))),
    'data.clear': () =>
      store.guard('database', async () => {
        await store.usage.discard();
        await clearLocalData(store.db);
        store.contentChanged();
        return { cleared: true as const };
      }),
    'store.health': async () => {
      await store.checkup();
      return { problems: store.health.list().map(toProblem) };
    },
    'debug.store': async ({ action }) => {
      if (!DEBUG_MODES.has(mode)) throw new Error('"debug.store" is only available in test builds');
      if (action === 'flush') await store.usage.flush();
      if (action === 'naive' || action === 'batched') {
        await store.usage.flush();
        store.naiveUsage = action === 'naive';
      }
      return {
        transactions: store.db.stats.transactions,
        readwrite: store.db.stats.readwrite,
        unflushed: store.usage.unflushed,
        walAppends: store.wal.appends,
        usageMode: store.naiveUsage ? 'naive' : 'batched',
        startedAt: store.startedAt,
      };
    },
  };
}
