/** The team server: status, connect, disconnect, sync now (extension pages only). */
import type { Handlers } from '../router';
import { releaseServerOnlyOrigin } from '../sites';
import type { SyncEngine } from '../sync/engine';

type SyncMessages = 'sync.status' | 'sync.connect' | 'sync.disconnect' | 'sync.now';

export function syncHandlers(sync: SyncEngine): Pick<Handlers, SyncMessages> {
  return {
    'sync.status': () => sync.status(),
    'sync.connect': ({ url, token }) => sync.connect(url, token),
    'sync.disconnect': async () => {
      const status = await sync.disconnect();
      // Access asked for the server alone goes with it; sites Stepwise runs on stay.
      await releaseServerOnlyOrigin();
      return status;
    },
    'sync.now': () => sync.syncNow(),
  };
}
