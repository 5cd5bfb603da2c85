import type { SyncStatus } from '../messaging/areas/sync';

function when(at: number): string {
  return new Date(at).toLocaleString();
}

/** Where sync stands, in words: who, last sync, items waiting, the last error and what to do. */
export function SyncStatusText({ status, brief = false }: { status: SyncStatus; brief?: boolean }) {
  if (!status.connected) {
    return <p class="muted">Not connected to a team server: everything stays in this browser.</p>;
  }
  const waiting =
    status.waiting === 0
      ? 'Nothing waiting to be sent.'
      : `${status.waiting} item${status.waiting === 1 ? '' : 's'} waiting to be sent.`;
  return (
    <div role="status" aria-label="Sync status">
      <p>
        Connected to {status.serverUrl} as {status.person?.name} ({status.person?.role}) in {status.workspace?.name}.
      </p>
      <p>
        {status.syncing
          ? 'Syncing now. '
          : status.lastSyncAt
            ? `Last sync: ${when(status.lastSyncAt)}. `
            : 'Not synced yet. '}
        {waiting}
        {!brief && ` Team packs: ${status.serverPacks}.`}
      </p>
      {status.lastError && (
        <p class="error">
          {status.lastError.message} {status.lastError.action}
          {status.nextAttemptAt && ` Next try: ${when(status.nextAttemptAt)}.`}
        </p>
      )}
    </div>
  );
}
