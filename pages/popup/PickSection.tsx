/**
 * "Pick an element" in the popup: starts the picker in the tab and closes the popup (the page
 * gets the pointer and the keyboard); opened again, the popup shows the last pick in words.
 */
import { useEffect, useState } from 'preact/hooks';
import { PickCandidates } from '../../components/PickCandidates';
import type { PickRecord } from '../../messaging/areas/picker';
import { latestPick, startPicker, watchPicks } from '../lib/picks';

export function PickSection({ tabId }: { tabId: number }) {
  const [pick, setPick] = useState<PickRecord | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    const controller = new AbortController();
    latestPick(tabId).then(setPick, (e: unknown) => setError(String(e)));
    watchPicks((p) => {
      if (p.tabId === tabId) setPick(p);
    }, controller.signal);
    return () => controller.abort();
  }, [tabId]);

  const start = async () => {
    setError('');
    try {
      await startPicker(tabId);
      window.close();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section aria-labelledby="pick-heading">
      <h2 id="pick-heading">Element picker</h2>
      <button type="button" onClick={start}>
        Pick an element
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {pick ? (
        <PickCandidates record={pick} />
      ) : (
        <p class="muted">Point at a field or button to see how help can find it.</p>
      )}
    </section>
  );
}
