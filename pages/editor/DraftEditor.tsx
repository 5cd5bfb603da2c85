/** A draft edited as JSON in the editor page: checked as it is typed, saved, published or deleted. */
import { useMemo, useState } from 'preact/hooks';
import { Markdown } from '../../components/Markdown';
import type { Draft } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import type { Rule } from '../../rules/index';
import { ruleProblems } from '../../rules/index';
import { DraftSaver, type SaveState } from '../lib/drafts';
import { ProblemList } from '../lib/ProblemList';
import { SaveStatus } from '../lib/SaveStatus';
import { errorText, ruleName } from './names';

/** The JSON text of a draft's rule (a draft saved while its JSON did not parse is that text). */
const draftText = (rule: unknown) => (typeof rule === 'string' ? rule : JSON.stringify(rule, null, 2));

/** A draft as JSON, checked as it is typed, with a preview of its steps' text. */
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
  const [text, setText] = useState(() => draftText(draft.rule));
  const [saveState, setSaveState] = useState<SaveState>({ status: 'saved', at: draft.updatedAt });
  const [refused, setRefused] = useState<{ path: string; message: string }[] | null>(null);
  const saver = useMemo(
    () => new DraftSaver({ id: draft.id, packId: draft.packId, ...(draft.url && { url: draft.url }) }, setSaveState),
    [draft.id],
  );
  const parsed = useMemo((): { rule: unknown } | { syntax: string } => {
    try {
      return { rule: JSON.parse(text) };
    } catch (e) {
      return { syntax: errorText(e) };
    }
  }, [text]);
  const problems =
    'rule' in parsed ? ruleProblems(parsed.rule) : [{ path: '', message: `not valid JSON: ${parsed.syntax}` }];
  const steps =
    'rule' in parsed && Array.isArray((parsed.rule as Rule | null)?.steps) ? (parsed.rule as Rule).steps : [];

  const edit = (next: string) => {
    setText(next);
    setRefused(null);
    let value: unknown = next;
    try {
      value = JSON.parse(next);
    } catch {
      // Kept as typed: the author's work is saved even while the JSON is broken.
    }
    void saver.save(value);
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

  const shown = refused ?? problems;
  return (
    <section aria-labelledby="draft-heading">
      <h2 id="draft-heading">Draft: {ruleName('rule' in parsed ? parsed.rule : null, draft.id)}</h2>
      <p class="muted">
        {team
          ? `Published into your team's pack “${draft.packId}” on the team server (admins). Saved as you type; publishing makes a new version for everyone, built on the team's latest.`
          : `Published into “${draft.packId}”. Saved as you type; publishing makes a new version of the pack and keeps the one before.`}
      </p>
      <label for="rule-json">Rule (JSON)</label>
      <textarea
        id="rule-json"
        class="json"
        rows={24}
        spellcheck={false}
        value={text}
        aria-describedby="rule-problems"
        onInput={(e) => edit(e.currentTarget.value)}
      />
      <div id="rule-problems" role={refused ? 'alert' : undefined}>
        {shown.length === 0 ? (
          <p>No problems: ready to publish.</p>
        ) : (
          <>
            <p>{refused ? 'Not published:' : `${shown.length === 1 ? '1 problem' : `${shown.length} problems`}:`}</p>
            <ProblemList problems={shown} />
          </>
        )}
      </div>
      <SaveStatus state={saveState} />
      <div class="row">
        <button type="button" onClick={publish}>
          {team ? 'Publish to team' : 'Publish'}
        </button>
        <button
          type="button"
          onClick={async () => {
            await saver.flush();
            await sendMessage({ type: 'drafts.remove', id: draft.id });
            onClosed('Draft deleted; the published rule, if any, is unchanged.');
          }}
        >
          Delete draft
        </button>
      </div>
      {steps.length > 0 && (
        <section aria-label="Preview">
          <h2>Preview</h2>
          {steps.map((s, i) => (
            <article key={s.id ?? i} class="step-preview">
              <h3>
                {i + 1}. {typeof s.title === 'string' ? s.title : ''}
              </h3>
              {typeof s.brief === 'string' && <Markdown source={s.brief} />}
              {typeof s.detail === 'string' && <Markdown source={s.detail} />}
            </article>
          ))}
        </section>
      )}
    </section>
  );
}
