/** The team server: status, connect, disconnect, sync now (extension pages only). */
import type { Handlers } from '../router';
import type { SyncEngine } from '../sync/engine';

type SyncMessages = 'sync.status' | 'sync.connect' | 'sync.disconnect' | 'sync.now';

export function syncHandlers(sync: SyncEngine): Pick<Handlers, SyncMessages> {
  return {
    'sync.status': () => sync.status(),
    'sync.connect': ({ url, token }) => sync.connect(url, token),
    'sync.disconnect': () => sync.disconnect(),
    'sync.now': () => sync.syncNow(),
  };
}
