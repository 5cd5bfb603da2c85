/** Settings, storage health, clearing local data. */
import type { Settings, StoreProblem } from '../../messaging/messages';
import { clearLocalData } from '../db/clear';
import type { StoreProblem as HealthProblem } from '../db/health';
import { readSettings, type Settings as SettingsRecord, writeSettings } from '../db/settings';
import type { Handlers } from '../router';
import type { Store } from '../store';

type DataMessages = 'settings.get' | 'settings.update' | 'data.clear' | 'store.health';

const toSettings = ({ expertAfter }: SettingsRecord): Settings => ({ expertAfter });

const toProblem = ({ area, kind, message, action, at }: HealthProblem): StoreProblem => ({
  area,
  kind,
  message,
  action,
  at,
});

export function dataHandlers(store: Store): Pick<Handlers, DataMessages> {
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
  };
}
