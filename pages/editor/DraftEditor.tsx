/**
 * A draft in the editor page: a form made for people, or its JSON, both editing the same draft.
 * Every change is checked as it is made (the same words and JSON paths as import), saved at once
 * and in order, and can be undone (Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y to redo; several levels).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Draft } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import { DraftSaver, type SaveState } from '../lib/drafts';
import { SaveStatus } from '../lib/SaveStatus';
import { TestDraft } from '../lib/TestDraft';
import { type DraftEntry, entryFromText, entryOf, entryProblems } from './form/draft-text';
import { JsonView } from './form/JsonView';
import { ProblemSummary } from './form/ProblemSummary';
import { RuleForm } from './form/RuleForm';
import { asRule, type EditableRule } from './form/rule-edit';
import { canRedo, canUndo, createHistory, type History, record, redo, undo } from './form/undo';
import { errorText, ruleName } from './names';

type View = 'form' | 'json';
const VIEW_KEY = 'stepwise.editor.view';

/** `team`: the draft's pack is the team's, and publishing sends it to the team server. */
export function DraftEditor({
  draft,
  team,
  onClosed,
}: {
  draft: Draft;
  team: boolean;
  onClosed: (message: string) => void;
}) {
  const [history, setHistory] = useState<History<DraftEntry>>(() => createHistory(entryOf(draft.rule)));
  const [view, setView] = useState<View>(() => (localStorage.getItem(VIEW_KEY) === 'json' ? 'json' : 'form'));
  const [saveState, setSaveState] = useState<SaveState>({ status: 'saved', at: draft.updatedAt });
  const [refused, setRefused] = useState<{ path: string; message: string }[] | null>(null);
  const saver = useMemo(
    () => new DraftSaver({ id: draft.id, packId: draft.packId, ...(draft.url && { url: draft.url }) }, setSaveState),
    [draft.id],
  );
  const entry = history.present;
  const problems = useMemo(() => entryProblems(entry), [entry]);
  const rule = asRule(entry.value);

  /** Makes `next` the draft: one undo level (or joined to the last, for typing in one field), saved at once. */
  const change = (next: DraftEntry, group?: string) => {
    setHistory((h) => record(h, next, group, Date.now()));
    setRefused(null);
    void saver.save(next.value);
  };
  const travel = (direction: 'undo' | 'redo') => {
    const moved = direction === 'undo' ? undo(history) : redo(history);
    if (moved === history) return;
    setHistory(moved);
    setRefused(null);
    void saver.save(moved.present.value);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'z' || key === 'y') {
        // The form's undo, not the field's: the field's own would undo only its text, unsaved.
        e.preventDefault();
        travel(key === 'y' || e.shiftKey ? 'redo' : 'undo');
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const choose = (next: View) => {
    setView(next);
    localStorage.setItem(VIEW_KEY, next);
  };

  const publish = async () => {
    try {
      // An edit still being saved goes first: what is published is what the editor shows.
      await saver.flush();
      const result = await sendMessage({ type: 'drafts.publish', id: draft.id });
      if (result.published)
        onClosed(
          result.team
            ? `Published to your team as version ${result.version} of “${result.packId}”.`
            : `Published as version ${result.version} of “${result.packId}”.`,
        );
      else setRefused(result.problems);
    } catch (e) {
      setRefused([{ path: '', message: errorText(e) }]);
    }
  };

  return (
    <section aria-labelledby="draft-heading" class="draft-editor">
      <h2 id="draft-heading">Draft: {ruleName(entry.value, draft.id)}</h2>
      <p class="muted">
        {team
          ? `Published into your team's pack “${draft.packId}” on the team server (admins). Saved as you type; publishing makes a new version for everyone, built on the team's latest.`
          : `Published into “${draft.packId}”. Saved as you type; publishing makes a new version of the pack and keeps the one before.`}
      </p>
      <div class="row toolbar">
        <button type="button" class="secondary" disabled={!canUndo(history)} onClick={() => travel('undo')}>
          Undo
        </button>
        <button type="button" class="secondary" disabled={!canRedo(history)} onClick={() => travel('redo')}>
          Redo
        </button>
        <span class="muted small">Ctrl+Z undoes, Ctrl+Shift+Z redoes.</span>
      </div>
      <ProblemSummary
        problems={refused ?? problems}
        refused={refused !== null}
        onGoTo={() => view === 'form' || choose('form')}
      />
      <SaveStatus state={saveState} />
      <div class="row">
        <button type="button" onClick={publish}>
          {team ? 'Publish to team' : 'Publish'}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={async () => {
            await saver.flush();
            await sendMessage({ type: 'drafts.remove', id: draft.id });
            onClosed('Draft deleted; the published rule, if any, is unchanged.');
          }}
        >
          Delete draft
        </button>
      </div>
      <TestDraft
        draftId={draft.id}
        rule={entry.value}
        {...(draft.url && { pageUrl: draft.url })}
        beforeTest={() => saver.flush()}
      />
      <div role="tablist" aria-label="Edit as" class="tabs">
        {(['form', 'json'] as const).map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            id={`tab-${v}`}
            aria-selected={view === v}
            aria-controls={`panel-${v}`}
            tabIndex={view === v ? 0 : -1}
            onClick={() => choose(v)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
              const other = v === 'form' ? 'json' : 'form';
              choose(other);
              document.getElementById(`tab-${other}`)?.focus();
            }}
          >
            {v === 'form' ? 'Form' : 'JSON'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
        {view === 'json' ? (
          <JsonView text={entry.text} value={entry.value} onInput={(text) => change(entryFromText(text), 'json')} />
        ) : rule ? (
          <RuleForm
            rule={rule}
            problems={problems}
            edit={(next: EditableRule, group?: string) => change(entryOf(next), group)}
            initialPageUrl={draft.url ?? ''}
          />
        ) : (
          <p class="notice">
            The JSON does not make a rule yet (see its problem above): fix it in the{' '}
            <button type="button" class="link" onClick={() => choose('json')}>
              JSON view
            </button>
            , or undo.
          </p>
        )}
      </div>
    </section>
  );
}
