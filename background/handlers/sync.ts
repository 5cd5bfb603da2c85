/** The team server: status, connect, disconnect, sync now, the team's insights (extension pages only). */
import type { Handlers } from '../router';
import { releaseServerOnlyOrigin } from '../sites';
import type { SyncEngine } from '../sync/engine';

type SyncMessages = 'sync.status' | 'sync.connect' | 'sync.disconnect' | 'sync.now' | 'insights.team';

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
    // The team's insights go through the connection (its address and token stay in the background).
    'insights.team': ({ type: _, ...filter }) => {
      if (filter.to < filter.from) throw new Error(`to: ${filter.to} is before from (${filter.from})`);
      return sync.teamInsights(filter);
    },
  };
}
