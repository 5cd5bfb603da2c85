/**
 * The popup's list of this page's rules: drafts made on this site (this page's first), the help
 * written in this browser, and the published help from packs, each opening in the editor (a tip
 * or hint draft can also be edited right here).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from '#imports';
import type { Draft, PageRule } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import type { UrlPattern } from '../../rules/index';
import { patternMatchesUrl } from '../../rules/index';

const editorUrl = (query: string) => browser.runtime.getURL(`/editor.html?${query}`);

type DraftRule = { name?: unknown; kind?: unknown; where?: { urls?: unknown } } | null;

const nameOf = (draft: Draft) => {
  const name = (draft.rule as DraftRule)?.name;
  return typeof name === 'string' && name.trim() ? name : draft.id;
};

/** Whether a draft's pages include `url` (a draft's patterns may still be broken: then it does not). */
function draftOnPage(draft: Draft, url: string): boolean {
  const urls = (draft.rule as DraftRule)?.where?.urls;
  return Array.isArray(urls) && urls.some((p) => patternMatchesUrl(p as UrlPattern, url).matches);
}

const KIND_WORDS: Record<string, string> = { walkthrough: 'walkthrough', tip: 'tip', hint: 'hint' };

export function PageRules({
  url,
  drafts,
  onEditHere,
}: {
  url: string;
  /** The drafts made on this site, newest first. */
  drafts: Draft[];
  /** Opens a tip or hint draft in the popup's own form. */
  onEditHere: (draft: Draft) => void;
}) {
  const [published, setPublished] = useState<PageRule[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    sendMessage({ type: 'rules.onPage', url }).then(
      ({ rules }) => setPublished(rules),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [url]);

  const here = drafts.filter((d) => draftOnPage(d, url));
  const elsewhere = drafts.filter((d) => !draftOnPage(d, url));
  const yours = published?.filter((r) => r.source === 'local') ?? [];
  const fromPacks = published?.filter((r) => r.source !== 'local') ?? [];

  return (
    <div class="page-rules">
      <h3>Drafts</h3>
      {drafts.length === 0 ? (
        <p class="muted">No drafts on this site.</p>
      ) : (
        <ul aria-label="Drafts" class="drafts">
          {[...here, ...elsewhere].map((d) => {
            const kind = (d.rule as DraftRule)?.kind;
            return (
              <li key={d.id}>
                {kind === 'tip' || kind === 'hint' ? (
                  <>
                    <button type="button" class="link" onClick={() => onEditHere(d)}>
                      Edit draft: {nameOf(d)}
                    </button>{' '}
                    <a
                      href={editorUrl(`draft=${encodeURIComponent(d.id)}`)}
                      target="_blank"
                      rel="noreferrer"
                      aria-label={`Open ${nameOf(d)} in the editor`}
                    >
                      in the editor
                    </a>
                  </>
                ) : (
                  // A walkthrough has several steps: the editor page has room for them.
                  <a href={editorUrl(`draft=${encodeURIComponent(d.id)}`)} target="_blank" rel="noreferrer">
                    Edit {typeof kind === 'string' ? (KIND_WORDS[kind] ?? 'draft') : 'draft'} in the editor: {nameOf(d)}
                  </a>
                )}
                {elsewhere.includes(d) && <span class="muted small"> (another page of this site)</span>}
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {published === null && !error ? (
        <p class="muted">Loading this page's rules…</p>
      ) : (
        <>
          <RuleList heading="Yours (written here)" rules={yours} empty="None written in this browser for this page." />
          <RuleList heading="Published" rules={fromPacks} empty="No help from packs on this page." />
        </>
      )}
    </div>
  );
}

function RuleList({ heading, rules, empty }: { heading: string; rules: PageRule[]; empty: string }) {
  return (
    <>
      <h3>{heading}</h3>
      {rules.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ul aria-label={heading} class="drafts">
          {rules.map((r) => (
            <li key={r.id}>
              <a
                href={editorUrl(`pack=${encodeURIComponent(r.packId)}&rule=${encodeURIComponent(r.id)}`)}
                target="_blank"
                rel="noreferrer"
              >
                {r.name}
              </a>{' '}
              <span class="muted small">
                ({KIND_WORDS[r.kind]}, {r.source === 'local' ? 'published' : `in “${r.packName}”`})
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
