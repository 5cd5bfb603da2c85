/**
 * The popup's quick editor: the drafts made on this site, a new tip or hint on the element just
 * picked (or a walkthrough starting there, opened in the full editor), and a small form for its words. Every edit is saved as it is typed (the popup closes as
 * soon as the page is clicked); reopening the popup shows the draft where it was.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from '#imports';
import type { Draft, PickRecord } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import type { Rule, UrlPattern } from '../../rules/index';
import { newRule, patternMatchesUrl, ruleProblems } from '../../rules/index';
import { DraftSaver, openDraftId, type SaveState } from '../lib/drafts';
import { ProblemList } from '../lib/ProblemList';
import { latestPick, watchPicks } from '../lib/picks';
import { SaveStatus } from '../lib/SaveStatus';
import { TestDraft } from '../lib/TestDraft';
import { PageRules } from './PageRules';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The rule as far as the form reads it: whatever the draft holds, with the fields it edits. */
type EditableStep = Partial<Rule['steps'][number]>;
type Editable = Omit<Partial<Rule>, 'steps'> & { steps?: EditableStep[] };

const asEditable = (rule: unknown): Editable =>
  typeof rule === 'object' && rule !== null && !Array.isArray(rule) ? (rule as Editable) : {};

export function QuickEditor({ tabId, url }: { tabId: number; url: string }) {
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [open, setOpen] = useState<Draft | null>(null);
  const [pick, setPick] = useState<PickRecord | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  const load = async () => {
    const { drafts: list } = await sendMessage({ type: 'drafts.list', url });
    setDrafts(list);
    const id = openDraftId.get();
    const found = id ? list.find((d) => d.id === id) : undefined;
    if (found) setOpen(found);
  };

  useEffect(() => {
    const controller = new AbortController();
    load().catch((e: unknown) => setError(errorText(e)));
    latestPick(tabId).then(setPick, (e: unknown) => setError(errorText(e)));
    watchPicks((p) => {
      if (p.tabId === tabId) setPick(p);
    }, controller.signal);
    return () => controller.abort();
  }, [tabId, url]);

  const create = async (kind: 'tip' | 'hint' | 'walkthrough') => {
    if (!pick?.pick) return;
    setError('');
    setNotice('');
    const rule = newRule({
      kind,
      target: pick.pick.target,
      url: pick.url ?? url,
      elementName: pick.pick.element.name || undefined,
      random: crypto.randomUUID().slice(0, 8),
      now: new Date().toISOString(),
    });
    try {
      const { updatedAt } = await sendMessage({ type: 'drafts.save', id: rule.id, rule, url: pick.url ?? url });
      if (kind === 'walkthrough') {
        // Steps are the full editor's work: the draft opens there, its first step on the pick.
        await browser.tabs.create({ url: browser.runtime.getURL(`/editor.html?draft=${encodeURIComponent(rule.id)}`) });
        return;
      }
      const draft: Draft = { id: rule.id, packId: '', rule, url, createdAt: updatedAt, updatedAt };
      openDraftId.set(rule.id);
      setOpen((await sendMessage({ type: 'drafts.get', id: rule.id })).draft ?? draft);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const close = (message = '') => {
    openDraftId.set(null);
    setOpen(null);
    setNotice(message);
    load().catch((e: unknown) => setError(errorText(e)));
  };

  const picked = pick?.status === 'picked' && pick.pick ? pick : null;

  return (
    <section aria-labelledby="quick-editor-heading">
      <h2 id="quick-editor-heading">Help on this site</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" class="notice">
        {notice}
      </p>
      {open ? (
        <DraftForm key={open.id} draft={open} pageUrl={url} tabId={tabId} onClose={close} />
      ) : (
        <>
          <div class="row">
            <button type="button" disabled={!picked} onClick={() => create('tip')}>
              New tip
            </button>
            <button type="button" disabled={!picked} onClick={() => create('hint')}>
              New hint
            </button>
            <button type="button" disabled={!picked} onClick={() => create('walkthrough')}>
              New walkthrough
            </button>
          </div>
          <p class="muted">
            {picked
              ? `On the ${picked.pick?.element.phrase} you picked.`
              : 'Pick an element first: the new tip or hint goes on it, or a new walkthrough’s first step.'}
          </p>
          <p>
            <a href={browser.runtime.getURL('/editor.html')} target="_blank" rel="noreferrer">
              Open the editor
            </a>{' '}
            ·{' '}
            <a href={browser.runtime.getURL('/editor.html#suggestions')} target="_blank" rel="noreferrer">
              Review suggestions
            </a>
          </p>
          {drafts === null ? (
            <p class="muted">Loading drafts…</p>
          ) : (
            <PageRules
              url={url}
              drafts={drafts}
              onEditHere={(d) => {
                openDraftId.set(d.id);
                setNotice('');
                setOpen(d);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

/** The form for one draft tip or hint. */
function DraftForm({
  draft,
  pageUrl,
  tabId,
  onClose,
}: {
  draft: Draft;
  pageUrl: string;
  tabId: number;
  onClose: (notice?: string) => void;
}) {
  const [rule, setRule] = useState<Editable>(() => asEditable(draft.rule));
  const [saveState, setSaveState] = useState<SaveState>({ status: 'saved', at: draft.updatedAt });
  const [published, setPublished] = useState<{ path: string; message: string }[] | null>(null);
  const saver = useMemo(
    () => new DraftSaver({ id: draft.id, packId: draft.packId, ...(draft.url && { url: draft.url }) }, setSaveState),
    [draft.id],
  );
  const problems = useMemo(() => ruleProblems(rule), [rule]);
  const step: EditableStep = rule.steps?.[0] ?? {};
  const where = rule.where?.urls?.[0];
  const path = typeof where === 'object' && where ? (where.pathname ?? '') : typeof where === 'string' ? where : '';
  const match = useMemo(() => (where === undefined ? null : patternMatchesUrl(where, pageUrl)), [where, pageUrl]);

  const update = (change: (r: Editable) => Editable) => {
    const next = change(rule);
    setRule(next);
    setPublished(null);
    void saver.save(next);
  };
  const updateStep = (fields: EditableStep) =>
    update((r) => ({ ...r, steps: [{ ...(r.steps?.[0] ?? {}), ...fields }, ...(r.steps ?? []).slice(1)] }));
  const updatePath = (pathname: string) =>
    update((r) => {
      const old = r.where?.urls?.[0];
      const first: UrlPattern = typeof old === 'object' && old ? { ...old, pathname } : { pathname };
      return { ...r, where: { ...(r.where ?? { urls: [] }), urls: [first, ...(r.where?.urls ?? []).slice(1)] } };
    });

  const publish = async () => {
    // What is published is what the form shows: an edit still being saved goes first (published
    // after, it would also bring the draft back).
    await saver.flush();
    const result = await sendMessage({ type: 'drafts.publish', id: draft.id });
    if (result.published) onClose(`Published in version ${result.version} of its pack. Reload the page to see it.`);
    else setPublished(result.problems);
  };
  const remove = async () => {
    await saver.flush();
    await sendMessage({ type: 'drafts.remove', id: draft.id });
    onClose('Draft deleted.');
  };

  const shown = published ?? problems;
  return (
    <form
      class="draft-form"
      aria-label={`Draft ${rule.kind === 'hint' ? 'hint' : 'tip'}`}
      onSubmit={(e) => {
        e.preventDefault();
        void publish();
      }}
    >
      <fieldset>
        <legend>Kind</legend>
        {(['tip', 'hint'] as const).map((kind) => (
          <label key={kind}>
            <input
              type="radio"
              name="kind"
              value={kind}
              checked={rule.kind === kind}
              onChange={() => update((r) => ({ ...r, kind }))}
            />{' '}
            {kind === 'tip' ? 'Tip (opens from a beacon)' : 'Hint (shows when the field is focused)'}
          </label>
        ))}
      </fieldset>
      <label>
        Name
        <input value={rule.name ?? ''} onInput={(e) => update((r) => ({ ...r, name: e.currentTarget.value }))} />
      </label>
      <label>
        Title
        <input
          // biome-ignore lint/a11y/noAutofocus: the form opens because the author asked for it
          autoFocus
          value={step.title ?? ''}
          onInput={(e) => updateStep({ title: e.currentTarget.value })}
        />
      </label>
      <label>
        Text (Markdown)
        <textarea rows={4} value={step.brief ?? ''} onInput={(e) => updateStep({ brief: e.currentTarget.value })} />
      </label>
      <label>
        Shows on pages like
        <input value={path} onInput={(e) => updatePath(e.currentTarget.value)} />
      </label>
      <p class="muted">{match?.problem ? '' : match?.matches ? 'Matches this page.' : 'Does not match this page.'}</p>
      {step.target && (
        <p class="muted">
          Finds its element by <code>{step.target.selector}</code>
        </p>
      )}
      {shown.length > 0 && (
        <div role={published ? 'alert' : undefined}>
          <p>{published ? 'Not published yet:' : 'Before it can be published:'}</p>
          <ProblemList problems={shown} />
        </div>
      )}
      <SaveStatus state={saveState} />
      <div class="row">
        <button type="submit">Publish</button>
        <button type="button" onClick={() => onClose()}>
          Done for now
        </button>
        <button type="button" onClick={remove}>
          Delete draft
        </button>
      </div>
      <TestDraft draftId={draft.id} rule={rule} tabId={tabId} beforeTest={() => saver.flush()} />
      <p>
        <a
          href={browser.runtime.getURL(`/editor.html?draft=${encodeURIComponent(draft.id)}`)}
          target="_blank"
          rel="noreferrer"
        >
          Open in the editor
        </a>{' '}
        <span class="muted">(every field)</span>
      </p>
    </form>
  );
}
