/**
 * "Record a walkthrough" in the popup: starts recording in the tab and closes the popup (the author
 * then does the task in the app); opened again while recording, it shows the step count and Stop.
 * Stop makes a draft walkthrough and opens it in the editor.
 */
import { useEffect, useState } from 'preact/hooks';
import type { RecordingStatus } from '../../messaging/messages';
import { onPageNotice } from '../../messaging/page-notices';
import { sendMessage } from '../../messaging/send';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const steps = (n: number) => `${n} ${n === 1 ? 'step' : 'steps'}`;

export function RecordSection({ tabId }: { tabId: number }) {
  const [recording, setRecording] = useState<RecordingStatus | null | undefined>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  useEffect(() => {
    sendMessage({ type: 'recording.status' }).then(
      (r) => setRecording(r.recording),
      (e: unknown) => setError(errorText(e)),
    );
    const notices = new AbortController();
    onPageNotice((notice) => {
      if (notice.type === 'recording.changed') setRecording(notice.recording);
    }, notices.signal);
    return () => notices.abort();
  }, [tabId]);

  const start = async () => {
    setError('');
    setNotice('');
    try {
      await sendMessage({ type: 'recording.start', tabId });
      window.close();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const stop = async (id: number) => {
    setError('');
    try {
      const result = await sendMessage({ type: 'recording.stop', tabId: id });
      setNotice(
        result.draftId
          ? `Saved a draft walkthrough of ${steps(result.steps)}; it opened in the editor.`
          : 'Nothing was recorded: no draft was made.',
      );
    } catch (e) {
      setError(errorText(e));
    }
  };

  const here = recording?.tabId === tabId;
  return (
    <section aria-labelledby="record-heading">
      <h2 id="record-heading">Record a walkthrough</h2>
      {recording === undefined ? (
        <p class="muted">Checking…</p>
      ) : recording ? (
        <>
          <p role="status">
            Recording {here ? 'in this tab' : 'in another tab'} — {steps(recording.steps)}
          </p>
          <button type="button" onClick={() => void stop(recording.tabId)}>
            Stop recording
          </button>
        </>
      ) : (
        <>
          <button type="button" onClick={start}>
            Record
          </button>
          <p class="muted">
            Then do the task in the app: each click on a button or link and each field you fill becomes a step. What you
            type is never recorded, passwords included: only that a field was filled.
          </p>
        </>
      )}
      {notice && <p role="status">{notice}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
