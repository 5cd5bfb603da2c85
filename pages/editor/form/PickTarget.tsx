/**
 * "Pick on the page" beside a target's fields: starts the picker in a tab the author chooses (the
 * draft's pages first) and brings that tab to the front; the pick fills the target, and the
 * picker's other candidates, in words, can be taken instead. The editor comes back to the front
 * once the pick is made or cancelled.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from '#imports';
import { PickCandidates } from '../../../components/PickCandidates';
import type { PickRecord } from '../../../messaging/areas/picker';
import type { Target } from '../../../rules/index';
import { startPicker, watchPicks } from '../../lib/picks';
import { showTab, type TabChoice, webTabs } from '../../lib/web-tabs';
import { errorText } from '../names';
import { useForm } from './context';
import { fieldId } from './rule-edit';

/** Back to the editor's own tab after picking. */
async function backToEditor(): Promise<void> {
  const own = await browser.tabs.getCurrent();
  if (own?.id !== undefined) await showTab(own.id);
}

export function PickTarget({ path, onPicked }: { path: string; onPicked: (target: Target) => void }) {
  const { rule } = useForm();
  const [tabs, setTabs] = useState<TabChoice[] | null>(null);
  const [chosen, setChosen] = useState<number | undefined>();
  const [record, setRecord] = useState<PickRecord | null>(null);
  const [error, setError] = useState('');
  // The session this field started; the watch is set before it starts, so no outcome is missed.
  const session = useRef<string | null>(null);
  const picked = useRef(onPicked);
  picked.current = onPicked;
  const id = fieldId(`${path}.pick`);

  const listTabs = () =>
    webTabs(rule).then(
      (list) => {
        setTabs(list);
        setChosen((c) => (c !== undefined && list.some((t) => t.id === c) ? c : list[0]?.id));
      },
      () => setTabs([]),
    );

  useEffect(() => {
    void listTabs();
    const controller = new AbortController();
    // A tab opened meanwhile is offered when the author comes back to the editor.
    window.addEventListener('focus', () => void listTabs(), { signal: controller.signal });
    watchPicks((p) => {
      if (p.id !== session.current) return;
      setRecord(p);
      if (p.status === 'picking') return;
      session.current = null;
      if (p.status === 'picked' && p.pick) picked.current(p.pick.target);
      void backToEditor().catch(() => undefined);
    }, controller.signal);
    return () => controller.abort();
  }, []);

  const start = async () => {
    if (chosen === undefined) return;
    setError('');
    setRecord(null);
    try {
      session.current = await startPicker(chosen, 'editor');
      await showTab(chosen);
    } catch (e) {
      session.current = null;
      setError(errorText(e));
    }
  };

  return (
    <div class="pick-target">
      {tabs === null ? null : tabs.length === 0 ? (
        <p class="muted small">
          To pick the element instead of writing its selector, open the app's page in a tab, then{' '}
          <button type="button" class="link" onClick={() => void listTabs()}>
            look again
          </button>
          .
        </p>
      ) : (
        <div class="row">
          {tabs.length > 1 && (
            <>
              <label for={id}>Pick in the tab</label>
              <select id={id} value={String(chosen ?? '')} onChange={(e) => setChosen(Number(e.currentTarget.value))}>
                {tabs.map((t) => (
                  <option key={t.id} value={String(t.id)}>
                    {t.title}
                  </option>
                ))}
              </select>
            </>
          )}
          <button type="button" class="secondary" onClick={() => void start()}>
            Pick on the page
          </button>
          {tabs.length === 1 && <span class="muted small">in “{tabs[0]?.title}”</span>}
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div aria-live="polite">
        {record && <PickCandidates record={record} onChoose={(c) => picked.current(c.target)} />}
      </div>
    </div>
  );
}
