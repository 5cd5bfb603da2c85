import { useEffect, useState } from 'preact/hooks';
import { useAsync } from '../../components/useAsync';
import { sendMessage } from '../../messaging/send';

/** When a walkthrough counts as known: after this many completions it is brief and starts only on request. */
export function ExpertiseSection({ revision }: { revision: number }) {
  const [settings] = useAsync(() => sendMessage({ type: 'settings.get' }), [revision]);
  const [value, setValue] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (settings.status === 'ready') setValue(String(settings.value.expertAfter));
  }, [settings]);

  const save = async (event: Event) => {
    event.preventDefault();
    const expertAfter = Number(value);
    if (!Number.isInteger(expertAfter) || expertAfter < 1 || expertAfter > 100) {
      setStatus({ ok: false, text: 'Enter a whole number from 1 to 100.' });
      return;
    }
    try {
      await sendMessage({ type: 'settings.update', settings: { expertAfter } });
      setStatus({ ok: true, text: 'Saved.' });
    } catch (error) {
      setStatus({ ok: false, text: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <section aria-labelledby="expertise-heading">
      <h2 id="expertise-heading">Experience</h2>
      <form onSubmit={save} noValidate>
        <label>
          Completions before a walkthrough shows only its brief text and stops starting by itself{' '}
          <input
            type="number"
            min={1}
            max={100}
            step={1}
            value={value}
            disabled={settings.status !== 'ready'}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </label>{' '}
        <button type="submit" disabled={settings.status !== 'ready'}>
          Save
        </button>
        <p role="status" class={status?.ok === false ? 'error' : 'muted'}>
          {status?.text}
        </p>
      </form>
    </section>
  );
}
