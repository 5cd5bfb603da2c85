/**
 * "My tips" in the popup, for everyone (not only admins): a tip of one's own on the element just
 * picked, shown to oneself alone like any tip; edit it (saved as it is typed: the popup closes
 * when the page is clicked), delete it, and "Suggest to my team".
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import type { PersonalTip, PickRecord } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import { PERSONAL_TIP_LIMITS } from '../../rules/index';
import { latestPick, startPicker, watchPicks } from '../lib/picks';
import { SaveStatus } from '../lib/SaveStatus';
import type { SaveState } from '../lib/save-queue';
import { openTipId, suggestionWords, TipSaver, tipLabel } from '../lib/tips';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function MyTips({ tabId, url, siteOff = false }: { tabId: number; url: string; siteOff?: boolean }) {
  const [tips, setTips] = useState<PersonalTip[] | null>(null);
  const [connected, setConnected] = useState(false);
  const [open, setOpen] = useState<PersonalTip | null>(null);
  const [pick, setPick] = useState<PickRecord | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [deleting, setDeleting] = useState<PersonalTip | null>(null);

  const load = async () => {
    const answer = await sendMessage({ type: 'tips.list', url });
    setTips(answer.tips);
    setConnected(answer.connected);
    const id = openTipId.get();
    const found = id ? answer.tips.find((t) => t.id === id) : undefined;
    if (found) setOpen(found);
    return answer.tips;
  };
  const reload = () => load().catch((e: unknown) => setError(errorText(e)));

  useEffect(() => {
    const controller = new AbortController();
    reload();
    latestPick(tabId).then(setPick, (e: unknown) => setError(errorText(e)));
    watchPicks((p) => {
      if (p.tabId === tabId) setPick(p);
    }, controller.signal);
    return () => controller.abort();
  }, [tabId, url]);

  const picked = pick?.status === 'picked' && pick.pick && pick.url ? pick : null;

  const pickForTip = async () => {
    setError('');
    try {
      await startPicker(tabId, 'personal tip');
      window.close();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const create = async () => {
    if (!picked?.pick || !picked.url) return;
    setError('');
    setNotice('');
    try {
      const { tip } = await sendMessage({
        type: 'tips.create',
        url: picked.url,
        target: picked.pick.target,
        element: picked.pick.element.phrase,
        ...(picked.pick.element.name && { elementName: picked.pick.element.name }),
      });
      openTipId.set(tip.id);
      setOpen(tip);
      await reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const close = (message = '') => {
    openTipId.set(null);
    setOpen(null);
    setNotice(message);
    void reload();
  };

  const remove = async (tip: PersonalTip) => {
    setDeleting(null);
    try {
      const { removed, withdrawn } = await sendMessage({ type: 'tips.remove', id: tip.id });
      const words = !removed
        ? 'That tip was already deleted.'
        : withdrawn
          ? 'Tip deleted. Its suggestion had not been sent yet and was withdrawn.'
          : tip.suggestion?.status === 'sent'
            ? 'Tip deleted from your tips. Your team already has the suggestion.'
            : 'Tip deleted.';
      if (open?.id === tip.id) close(words);
      else {
        setNotice(words);
        void reload();
      }
    } catch (e) {
      setError(errorText(e));
    }
  };

  const suggest = async (tip: PersonalTip, beforehand?: () => Promise<void>) => {
    setError('');
    try {
      await beforehand?.();
      const answer = await sendMessage({ type: 'tips.suggest', id: tip.id });
      setConnected(answer.connected);
      setNotice(suggestionWords(answer.tip, answer.connected));
      if (open?.id === tip.id) setOpen(answer.tip);
      await reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section aria-labelledby="my-tips-heading">
      <h2 id="my-tips-heading">My tips</h2>
      <p class="muted">
        Notes for yourself on this app’s fields and buttons: only you see them, until your team publishes one.
      </p>
      {siteOff && <p class="muted">Stepwise is off for this site: turn it on (above) to see your tips on its pages.</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" class="notice">
        {notice}
      </p>
      {open ? (
        <TipForm
          key={open.id}
          tip={open}
          connected={connected}
          onClose={close}
          onDelete={() => setDeleting(open)}
          onSuggest={(flush) => suggest(open, flush)}
        />
      ) : (
        <>
          <div class="row">
            {picked ? (
              <button type="button" onClick={() => void create()}>
                Add my tip here
              </button>
            ) : null}
            <button type="button" class={picked ? 'secondary' : undefined} onClick={() => void pickForTip()}>
              {picked ? 'Pick another element' : 'Pick an element for a tip'}
            </button>
          </div>
          <p class="muted">
            {picked
              ? `Your tip goes on the ${picked.pick?.element.phrase} you picked.`
              : 'The picker opens on the page: point at a field or button and click it (or press Enter), then open Stepwise again.'}
          </p>
          {tips === null ? (
            <p class="muted">Loading your tips…</p>
          ) : tips.length === 0 ? (
            <p class="muted">No tips of yours on this site yet.</p>
          ) : (
            <ul aria-label="My tips on this site" class="drafts">
              {tips.map((tip) => (
                <li key={tip.id}>
                  <p>
                    <strong>{tipLabel(tip)}</strong>
                    {tip.element ? <span class="muted"> — on the {tip.element}</span> : null}
                  </p>
                  <p class="muted">{suggestionWords(tip, connected)}</p>
                  <div class="row">
                    <button
                      type="button"
                      aria-label={`Edit tip: ${tipLabel(tip)}`}
                      onClick={() => {
                        openTipId.set(tip.id);
                        setNotice('');
                        setOpen(tip);
                      }}
                    >
                      Edit
                    </button>
                    {tip.suggestion?.status !== 'queued' && tip.suggestion?.status !== 'sent' && tip.text.trim() ? (
                      <button
                        type="button"
                        class="secondary"
                        aria-label={`Suggest to my team: ${tipLabel(tip)}`}
                        onClick={() => void suggest(tip)}
                      >
                        {tip.suggestion ? 'Suggest again' : 'Suggest to my team'}
                      </button>
                    ) : null}
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Delete tip: ${tipLabel(tip)}`}
                      onClick={() => setDeleting(tip)}
                    >
                      Delete
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this tip?"
          confirmLabel="Delete tip"
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        >
          <p>
            “{tipLabel(deleting)}” will no longer show to you.
            {deleting.suggestion?.status === 'queued' ? ' Its suggestion has not been sent yet: it is withdrawn.' : ''}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** The form for one tip: its words, saved as they are typed. */
function TipForm({
  tip,
  connected,
  onClose,
  onDelete,
  onSuggest,
}: {
  tip: PersonalTip;
  connected: boolean;
  onClose: (notice?: string) => void;
  onDelete: () => void;
  onSuggest: (flush: () => Promise<void>) => Promise<void>;
}) {
  const [title, setTitle] = useState(tip.title);
  const [text, setText] = useState(tip.text);
  const [saveState, setSaveState] = useState<SaveState>({ status: 'saved', at: tip.updatedAt });
  const saver = useMemo(() => new TipSaver(tip.id, setSaveState), [tip.id]);
  const empty = !text.trim();
  const queued = tip.suggestion?.status === 'queued';

  const edit = (next: { title: string; text: string }) => {
    setTitle(next.title);
    setText(next.text);
    void saver.save(next);
  };

  return (
    <form
      class="draft-form"
      aria-label="My tip"
      onSubmit={(e) => {
        e.preventDefault();
        void saver.flush().then(() => onClose(empty ? '' : 'Tip saved. Reload the page to see it there.'));
      }}
    >
      {tip.element && <p class="muted">On the {tip.element}.</p>}
      <label>
        Title (optional)
        <input
          value={title}
          maxLength={PERSONAL_TIP_LIMITS.title}
          onInput={(e) => edit({ title: e.currentTarget.value, text })}
        />
      </label>
      <label>
        Tip
        <textarea
          // biome-ignore lint/a11y/noAutofocus: the form opens because the person asked for it
          autoFocus
          rows={4}
          value={text}
          maxLength={PERSONAL_TIP_LIMITS.text}
          aria-describedby="my-tip-help"
          onInput={(e) => edit({ title, text: e.currentTarget.value })}
        />
      </label>
      <p id="my-tip-help" class="muted">
        {empty
          ? 'Write what you want to remember here. The tip shows once it has words.'
          : 'Markdown works: **bold**, lists, links.'}
      </p>
      <SaveStatus state={saveState} saved="Tip saved." />
      {tip.suggestion && <p class="muted">{suggestionWords(tip, connected)}</p>}
      <div class="row">
        <button type="submit">Done</button>
        <button
          type="button"
          class="secondary"
          disabled={empty}
          aria-describedby={empty ? 'my-tip-help' : undefined}
          onClick={() => void onSuggest(() => saver.flush())}
        >
          {queued ? 'Update my suggestion' : tip.suggestion ? 'Suggest again' : 'Suggest to my team'}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            void saver.flush().then(onDelete);
          }}
        >
          Delete tip
        </button>
      </div>
    </form>
  );
}
