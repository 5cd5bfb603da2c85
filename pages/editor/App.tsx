/**
 * The editor page: a pack's rules, drafts edited in a form or as JSON with live checks (the same
 * messages and JSON paths as import), publishing as a new pack version, and the pack's kept versions to
 * restore or export. Opened from the popup (`editor.html?draft=<id>` or `?pack=<id>`).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Draft, PackSummary, PackVersionSummary } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import type { Rule } from '../../rules/index';
import { downloadText } from '../lib/download';
import { DraftEditor } from './DraftEditor';
import { errorText, ruleName } from './names';
import { SuggestionsView } from './Suggestions';

export function App() {
  const params = new URLSearchParams(location.search);
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [packId, setPackId] = useState<string | null>(params.get('pack'));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  // `#suggestions` opens the suggestions (the popup links there).
  const [suggestions, setSuggestions] = useState(location.hash === '#suggestions');

  const load = async () => {
    const [p, d] = await Promise.all([sendMessage({ type: 'packs.list' }), sendMessage({ type: 'drafts.list' })]);
    setPacks(p.packs);
    setDrafts(d.drafts);
    return d.drafts;
  };
  const reload = () => load().catch((e: unknown) => setError(errorText(e)));

  useEffect(() => {
    load().then(
      (list) => {
        const id = params.get('draft');
        const found = id ? list.find((d) => d.id === id) : undefined;
        if (found) {
          setDraft(found);
          setPackId(found.packId);
        }
        // `?pack=<id>&rule=<id>` (the popup's list of this page's rules): that rule, as a draft.
        const ruleId = params.get('rule');
        const pack = params.get('pack');
        if (ruleId && pack && !found) void openRule(ruleId, pack, list);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, []);

  const openDraft = (d: Draft) => {
    setNotice('');
    setSuggestions(false);
    setDraft(d);
    setPackId(d.packId);
  };

  /** A published rule becomes a draft (with its id): the published one stays until this is published. */
  const editRule = async (rule: Rule, pack: string) => {
    const existing = drafts.find((d) => d.id === rule.id);
    if (existing) return openDraft(existing);
    try {
      await sendMessage({ type: 'drafts.save', id: rule.id, packId: pack, rule: { ...rule, status: 'draft' } });
      const { draft: made } = await sendMessage({ type: 'drafts.get', id: rule.id });
      if (made) openDraft(made);
      await reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const openRule = async (ruleId: string, pack: string, list: Draft[]) => {
    const existing = list.find((d) => d.id === ruleId);
    if (existing) return openDraft(existing);
    const {
      packs: [exported],
    } = await sendMessage({ type: 'packs.export', packIds: [pack] });
    const rule = exported?.rules.find((r) => r.id === ruleId);
    if (rule) await editRule(rule, pack);
    else setError(`The rule “${ruleId}” is no longer in that pack.`);
  };

  const closed = async (message: string) => {
    setDraft(null);
    setNotice(message);
    await reload();
  };

  return (
    <main class="editor">
      <h1>Stepwise editor</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p role="status">{notice}</p>
      <div class="editor-columns">
        <nav aria-label="Packs and drafts">
          <h2>Review</h2>
          <ul class="plain">
            <li>
              <button
                type="button"
                aria-current={suggestions}
                onClick={() => {
                  setDraft(null);
                  setNotice('');
                  setSuggestions(true);
                }}
              >
                Suggestions from people
              </button>
            </li>
          </ul>
          <h2>Drafts</h2>
          {drafts.length === 0 ? (
            <p class="muted">No drafts. Make a tip from the toolbar popup, or edit a rule of a pack.</p>
          ) : (
            <ul class="plain">
              {drafts.map((d) => (
                <li key={d.id}>
                  <button type="button" aria-current={draft?.id === d.id} onClick={() => openDraft(d)}>
                    {ruleName(d.rule, d.id)}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <h2>Packs</h2>
          {packs.length === 0 ? (
            <p class="muted">No packs yet: publishing a draft makes one.</p>
          ) : (
            <ul class="plain">
              {packs.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    aria-current={packId === p.id && !draft}
                    onClick={() => {
                      setDraft(null);
                      setNotice('');
                      setSuggestions(false);
                      setPackId(p.id);
                    }}
                  >
                    {p.name} (version {p.version})
                  </button>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <div class="editor-main">
          {suggestions ? (
            <SuggestionsView packs={packs} onChanged={() => void reload()} />
          ) : draft ? (
            <DraftEditor
              key={draft.id}
              draft={draft}
              team={packs.find((p) => p.id === draft.packId)?.source === 'server'}
              onClosed={closed}
            />
          ) : packId ? (
            <PackView
              key={`${packId}|${packs.find((p) => p.id === packId)?.version}`}
              packId={packId}
              onEdit={editRule}
              onChanged={(message) => {
                setNotice(message);
                void reload();
              }}
            />
          ) : (
            <p class="muted">Choose a draft to edit, or a pack to see its rules and versions.</p>
          )}
        </div>
      </div>
    </main>
  );
}

/** A pack: its rules (each can be edited as a draft) and its kept versions. */
function PackView({
  packId,
  onEdit,
  onChanged,
}: {
  packId: string;
  onEdit: (rule: Rule, packId: string) => void;
  onChanged: (message: string) => void;
}) {
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [versions, setVersions] = useState<PackVersionSummary[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    Promise.all([
      sendMessage({ type: 'packs.export', packIds: [packId] }),
      sendMessage({ type: 'packs.versions', packId }),
    ]).then(
      ([exported, kept]) => {
        setRules(exported.packs[0]?.rules ?? []);
        setVersions(kept.versions);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [packId]);

  const restore = async (version: number) => {
    try {
      const result = await sendMessage({ type: 'packs.restore', packId, version });
      if (result.problems.length) setError(result.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
      else onChanged(`Version ${version} restored as version ${result.version}.`);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section aria-labelledby="pack-heading">
      <h2 id="pack-heading">Rules</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {rules === null ? (
        <p class="muted">Loading…</p>
      ) : rules.length === 0 ? (
        <p class="muted">This pack has no rules.</p>
      ) : (
        <ul class="plain">
          {rules.map((r) => (
            <li key={r.id}>
              {r.name}{' '}
              <span class="muted">
                ({r.kind}, {r.status})
              </span>{' '}
              <button type="button" onClick={() => onEdit(r, packId)} aria-label={`Edit ${r.name}`}>
                Edit
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>Versions</h2>
      {versions.length === 0 ? (
        <p class="muted">No versions kept yet: each publish keeps one.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">What</th>
              <th scope="col">Rules</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {versions.map((v, i) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{new Date(v.savedAt).toLocaleString()}</td>
                <td>
                  {v.reason === 'published'
                    ? `published ${v.ruleId ?? ''}`
                    : v.reason === 'restored'
                      ? 'restored'
                      : 'as it was before'}
                </td>
                <td>{v.rules}</td>
                <td>
                  {i > 0 && (
                    <button
                      type="button"
                      onClick={() => restore(v.version)}
                      aria-label={`Restore version ${v.version}`}
                    >
                      Restore
                    </button>
                  )}{' '}
                  <button
                    type="button"
                    aria-label={`Export version ${v.version}`}
                    onClick={() =>
                      downloadText(`${packId}-v${v.version}.json`, JSON.stringify(v.pack, null, 2), 'application/json')
                    }
                  >
                    Export
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
