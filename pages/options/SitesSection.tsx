import { useState } from 'preact/hooks';
import { Async } from '../../components/Async';
import { useAsync } from '../../components/useAsync';
import { sendMessage } from '../../messaging/send';
import { originPattern, requestSite } from '../lib/sites';

/** The sites Stepwise is on for; adding one asks the browser for its host permission. */
export function SitesSection() {
  const [sites, reload] = useAsync(() => sendMessage({ type: 'sites.list' }));
  const [address, setAddress] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const addSite = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    let origin: string;
    try {
      origin = originPattern(address.includes('://') ? address : `https://${address}`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      return;
    }
    if (await requestSite(origin)) {
      setAddress('');
      reload();
    } else setProblem(`Access to ${origin} was not granted`);
  };

  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">Sites</h2>
      <Async state={sites}>
        {(value) =>
          value.origins.length === 0 ? (
            <p class="muted">Stepwise is not on for any site yet. Add the address of the app you want help on.</p>
          ) : (
            <ul class="plain" aria-label="Sites Stepwise is on for">
              {value.origins.map((origin) => (
                <li key={origin}>
                  <code>{origin}</code>
                  <button
                    type="button"
                    class="secondary"
                    onClick={async () => {
                      await sendMessage({ type: 'sites.disable', origin });
                      reload();
                    }}
                  >
                    Turn off
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Async>
      <form onSubmit={addSite}>
        <label>
          Site address{' '}
          <input
            type="text"
            value={address}
            placeholder="crm.example.com"
            onInput={(e) => setAddress(e.currentTarget.value)}
            required
          />
        </label>{' '}
        <button type="submit">Turn on</button>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
      </form>
    </section>
  );
}
