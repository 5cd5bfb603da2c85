import { SyncStatusText } from '../../components/SyncStatusText';
import { useAsync } from '../../components/useAsync';
import { sendMessage } from '../../messaging/send';

/** The team server's sync, in words, when one is connected (nothing otherwise). */
export function SyncSection() {
  const [sync] = useAsync(() => sendMessage({ type: 'sync.status' }));
  if (sync.status !== 'ready' || !sync.value.connected) return null;
  return (
    <section aria-labelledby="sync-heading">
      <h2 id="sync-heading">Team server</h2>
      <SyncStatusText status={sync.value} brief />
    </section>
  );
}
