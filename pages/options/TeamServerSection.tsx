import { useEffect, useState } from 'preact/hooks';
import { SyncStatusText } from '../../components/SyncStatusText';
import type { SyncStatus } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import { releaseServerAccess, requestServerAccess } from '../lib/server-access';

/**
 * The team server: connect with its address and a token (access is asked for that one origin),
 * see who you are and where sync stands, sync now, disconnect.
 */
export function TeamServerSection({ onChange }: { onChange?: () => void }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      setStatus(await sendMessage({ type: 'sync.status' }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  useEffect(() => {
    void load();
    // Sync runs in the background on its own: keep what is shown current.
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, []);

  const act = async (work: () => Promise<SyncStatus>) => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await work());
      onChange?.();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const connect = (event: Event) => {
    event.preventDefault();
    if (!url.trim())
      return setError('Enter the server address your admin gave you, such as https://stepwise.example.com.');
    if (!token.trim()) return setError('Enter the token your admin gave you.');
    void act(async () => {
      // Asked first, inside the click: the browser shows its prompt only in a user gesture.
      const serverOnly = await requestServerAccess(url);
      try {
        const connected = await sendMessage({ type: 'sync.connect', url, token });
        setToken('');
        return connected;
      } catch (error) {
        // Access asked for a server that refused us is given back.
        if (serverOnly) await releaseServerAccess(serverOnly).catch(() => undefined);
        throw error;
      }
    });
  };

  return (
    <section aria-labelledby="server-heading">
      <h2 id="server-heading">Team server</h2>
      {status?.connected ? (
        <>
          <SyncStatusText status={status} />
          <p>
            <button type="button" disabled={busy} onClick={() => act(() => sendMessage({ type: 'sync.now' }))}>
              {busy ? 'Syncing…' : 'Sync now'}
            </button>{' '}
            <button type="button" disabled={busy} onClick={() => act(() => sendMessage({ type: 'sync.disconnect' }))}>
              Disconnect
            </button>
          </p>
          <p class="muted">
            Disconnecting keeps the team's packs, your counts and anything not yet sent in this browser.
          </p>
        </>
      ) : (
        <form onSubmit={connect} noValidate>
          <p class="muted">
            Optional: connect to your team's Stepwise server to get the help your admins publish and to send them your
            usage and requests. Without one, everything stays in this browser.
          </p>
          <p>
            <label>
              Server address{' '}
              <input
                type="url"
                name="server-url"
                placeholder="https://stepwise.example.com"
                value={url}
                autocomplete="url"
                onInput={(e) => setUrl(e.currentTarget.value)}
              />
            </label>
          </p>
          <p>
            <label>
              Token{' '}
              <input
                type="password"
                name="server-token"
                value={token}
                autocomplete="off"
                onInput={(e) => setToken(e.currentTarget.value)}
              />
            </label>
          </p>
          <button type="submit" disabled={busy}>
            {busy ? 'Connecting…' : 'Connect'}
          </button>
          {status && status.waiting > 0 && (
            <p class="muted">{status.waiting} items wait here to be sent once a server is connected.</p>
          )}
        </form>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
