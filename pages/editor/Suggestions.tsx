/**
 * Suggestions in the editor, for admins: tips people offered the team — this browser's, and the
 * team's from the server's inbox when one is connected. An admin edits one, publishes it into a
 * pack (checked as any publish is, problems by path) or declines it with a note for its author
 * (which the team's server keeps, for a team suggestion).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Markdown } from '../../components/Markdown';
import type { PackSummary, Suggestion, TeamSuggestions } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import type { Rule } from '../../rules/index';
import { ruleProblems } from '../../rules/index';
import { ProblemList } from '../lib/ProblemList';
import { errorText } from './names';

/** The pack a suggestion goes into unless the admin picks another. */
const TEAM_TIPS = { id: 'team-tips', name: 'Team tips' } as const;

type Step = Rule['steps'][number];
const asRule = (value: unknown): Partial<Rule> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Partial<Rule>) : {};
const firstStep = (rule: Partial<Rule>): Partial<Step> => rule.steps?.[0] ?? {};
const nameOf = (s: Suggestion) => {
  const rule = asRule(s.rule);
  return rule.name?.trim() || firstStep(rule).title?.trim() || 'A tip with no name';
};

export function SuggestionsView({ packs, onChanged }: { packs: PackSummary[]; onChanged: (message: string) => void }) {
  const [local, setLocal] = useState<Suggestion[] | null>(null);
  const [team, setTeam] = useState<TeamSuggestions>({ status: 'not-connected' });
  const [open, setOpen] = useState<Suggestion | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  const load = async () => {
    const answer = await sendMessage({ type: 'suggestions.list' });
    setLocal(answer.local);
    setTeam(answer.team);
  };
  useEffect(() => {
    load().catch((e: unknown) => setError(errorText(e)));
  }, []);

  const decided = (message: string) => {
    setOpen(null);
    setNotice(message);
    onChanged(message);
    load().catch((e: unknown) => setError(errorText(e)));
  };

  const all = [...(team.status === 'connected' ? team.items : []), ...(local ?? [])];
  return (
    <section aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">Suggestions</h2>
      <p class="muted">
        Tips people wrote for themselves and offered to the team. Publish one into a pack, or decline it with a note.
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p role="status">{notice}</p>
      {team.status === 'not-connected' && (
        <p class="muted">
          No team server is connected: your team’s suggestions appear here once one is (Stepwise settings, Team server).
          Suggestions made in this browser are listed below.
        </p>
      )}
      {team.status === 'error' && (
        <p class="error" role="alert">
          Your team’s suggestions could not be read: {team.message}
        </p>
      )}
      {open ? (
        <SuggestionForm
          key={`${open.source}:${open.id}`}
          suggestion={open}
          packs={packs}
          onDone={decided}
          onCancel={() => setOpen(null)}
        />
      ) : local === null ? (
        <p class="muted">Loading suggestions…</p>
      ) : all.length === 0 ? (
        <p class="muted">No suggestions waiting. When someone suggests one of their tips to the team, it shows here.</p>
      ) : (
        <ul aria-label="Suggestions waiting" class="plain">
          {all.map((s) => (
            <li key={`${s.source}:${s.id}`}>
              <strong>{nameOf(s)}</strong>{' '}
              <span class="muted">
                from {s.from}
                {s.suggestedAt ? `, ${new Date(s.suggestedAt).toLocaleString()}` : ''}
                {s.problems.length ? `, ${s.problems.length} problem${s.problems.length === 1 ? '' : 's'} to fix` : ''}
              </span>{' '}
              <button type="button" aria-label={`Review suggestion: ${nameOf(s)}`} onClick={() => setOpen(s)}>
                Review
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One suggestion: its words to edit, the pack to publish it into, or a note to decline it. */
function SuggestionForm({
  suggestion,
  packs,
  onDone,
  onCancel,
}: {
  suggestion: Suggestion;
  packs: PackSummary[];
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [rule, setRule] = useState<Partial<Rule>>(() => asRule(suggestion.rule));
  const choices = useMemo(() => {
    const list = packs.filter((p) => p.source !== 'server').map((p) => ({ id: p.id, name: p.name }));
    return list.some((p) => p.id === TEAM_TIPS.id)
      ? list
      : [{ ...TEAM_TIPS, name: `${TEAM_TIPS.name} (new pack)` }, ...list];
  }, [packs]);
  const [packId, setPackId] = useState<string>(choices[0]?.id ?? TEAM_TIPS.id);
  const [note, setNote] = useState('');
  const [refused, setRefused] = useState<{ path: string; message: string }[] | null>(null);
  const [error, setError] = useState('');
  const problems = useMemo(() => ruleProblems(rule), [rule]);
  const step = firstStep(rule);

  const updateStep = (fields: Partial<Step>) => {
    setRefused(null);
    setRule((r) => ({ ...r, steps: [{ ...(r.steps?.[0] ?? {}), ...fields } as Step, ...(r.steps ?? []).slice(1)] }));
  };

  const publish = async () => {
    setError('');
    try {
      const result = await sendMessage({
        type: 'suggestions.publish',
        source: suggestion.source,
        id: suggestion.id,
        rule,
        packId,
        ...(packId === TEAM_TIPS.id && { packName: TEAM_TIPS.name }),
      });
      if (!result.published) return setRefused(result.problems);
      onDone(
        `Published in pack “${result.packId}”, version ${result.version}.${
          result.serverUpdated ? ' Your team’s server marks the suggestion published.' : ''
        }`,
      );
    } catch (e) {
      setError(errorText(e));
    }
  };

  const decline = async () => {
    setError('');
    try {
      const result = await sendMessage({
        type: 'suggestions.decline',
        source: suggestion.source,
        id: suggestion.id,
        note,
      });
      onDone(`Suggestion declined.${result.serverUpdated ? ' Your note is on your team’s server.' : ''}`);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const shown = refused ?? problems;
  return (
    <div class="draft-form">
      <h3>Review: {nameOf(suggestion)}</h3>
      <p class="muted">
        From {suggestion.from}
        {suggestion.url ? `, written on ${suggestion.url}` : ''}.
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form
        aria-label="Publish the suggestion"
        onSubmit={(e) => {
          e.preventDefault();
          void publish();
        }}
      >
        <label>
          Name
          <input value={rule.name ?? ''} onInput={(e) => setRule((r) => ({ ...r, name: e.currentTarget.value }))} />
        </label>
        <label>
          Title
          <input value={step.title ?? ''} onInput={(e) => updateStep({ title: e.currentTarget.value })} />
        </label>
        <label>
          Text (Markdown)
          <textarea rows={4} value={step.brief ?? ''} onInput={(e) => updateStep({ brief: e.currentTarget.value })} />
        </label>
        {step.target?.selector && (
          <p class="muted">
            Finds its element by <code>{step.target.selector}</code>
          </p>
        )}
        <section aria-label="Preview">
          <strong>{step.title}</strong>
          <Markdown source={step.brief ?? ''} />
        </section>
        <label>
          Publish into
          <select value={packId} onChange={(e) => setPackId(e.currentTarget.value)}>
            {choices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {shown.length > 0 && (
          <div role={refused ? 'alert' : undefined}>
            <p>{refused ? 'Not published:' : 'Before it can be published:'}</p>
            <ProblemList problems={shown} />
          </div>
        )}
        <div class="row">
          <button type="submit">Publish into pack</button>
          <button type="button" class="secondary" onClick={onCancel}>
            Back to suggestions
          </button>
        </div>
      </form>
      <form
        aria-label="Decline the suggestion"
        onSubmit={(e) => {
          e.preventDefault();
          void decline();
        }}
      >
        <label>
          Note for {suggestion.from === 'This browser' ? 'its author' : suggestion.from}
          <textarea rows={2} value={note} required onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <button type="submit" class="secondary" disabled={!note.trim()}>
          Decline with this note
        </button>
      </form>
    </div>
  );
}
