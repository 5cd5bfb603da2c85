/**
 * Where a rule applies: its URL patterns, each checked live against "this page", the patterns it
 * never applies on, and a condition on the page as JSON.
 */
import { useRef, useState } from 'preact/hooks';
import type { UrlPattern, Where } from '../../../rules/index';
import { patternMatchesUrl, suggestUrlPattern } from '../../../rules/index';
import { useForm } from './context';
import { PartProblems, TextArea, TextField } from './Field';
import { asRule, type EditableRule, patternFromText, patternHasMoreParts, patternText, withField } from './rule-edit';

type ListKey = 'urls' | 'excludeUrls';

const whereOf = (rule: EditableRule) => (asRule(rule.where) ?? {}) as Partial<Where>;
const listOf = (rule: EditableRule, key: ListKey): unknown[] => {
  const list = whereOf(rule)[key];
  return Array.isArray(list) ? list : [];
};

/** The rule with `where[key]` as `list` (an empty exclusion list is left out). */
function withList(rule: EditableRule, key: ListKey, list: unknown[]): EditableRule {
  const value = key === 'excludeUrls' && list.length === 0 ? undefined : list;
  return { ...rule, where: withField(whereOf(rule), key, value) as unknown as EditableRule['where'] };
}

/** "Matches this page" for one pattern, in words. */
function MatchWords({ pattern, pageUrl }: { pattern: unknown; pageUrl: string }) {
  if (!pageUrl) return null;
  let valid = true;
  try {
    new URL(pageUrl);
  } catch {
    valid = false;
  }
  if (!valid) return <span class="muted small">(the page address above is not a full URL)</span>;
  const { matches, problem } = patternMatchesUrl(pattern as UrlPattern, pageUrl);
  if (problem) return null; // The pattern's own problem is shown under it.
  return matches ? (
    <span class="ok small">✓ Matches this page</span>
  ) : (
    <span class="muted small">✗ Does not match this page</span>
  );
}

function PatternList({ list, label, hint }: { list: ListKey; label: string; hint: string }) {
  const { rule, edit, pageUrl } = useForm();
  const patterns = listOf(rule, list);
  const path = `where.${list}`;
  const set = (i: number, value: unknown) =>
    edit(
      withList(
        rule,
        list,
        patterns.map((p, j) => (j === i ? value : p)),
      ),
      `${path}[${i}]`,
    );
  let suggestion: UrlPattern | undefined;
  try {
    suggestion = pageUrl ? suggestUrlPattern(pageUrl) : undefined;
  } catch {
    suggestion = undefined;
  }
  return (
    <fieldset class="patterns">
      <legend>{label}</legend>
      <p class="muted small">{hint}</p>
      <PartProblems path={path} />
      {patterns.length === 0 && <p class="muted">{list === 'urls' ? 'No pages yet: add one.' : 'None.'}</p>}
      {patterns.map((pattern, i) => (
        <div key={i} class="pattern-row">
          <TextField
            path={`${path}[${i}]`}
            nested
            label={`${list === 'urls' ? 'Page' : 'Not on page'} ${i + 1}`}
            placeholder="/accounts/:id"
            hint={
              <>
                <MatchWords pattern={pattern} pageUrl={pageUrl} />
                {patternHasMoreParts(pattern) && ' (and the other URL parts this pattern names, kept as they are)'}
              </>
            }
            value={patternText(pattern)}
            onInput={(v) => set(i, patternFromText(v, pattern))}
          />
          <button
            type="button"
            class="secondary small"
            aria-label={`Remove ${list === 'urls' ? 'page' : 'excluded page'} ${i + 1}`}
            onClick={() =>
              edit(
                withList(
                  rule,
                  list,
                  patterns.filter((_, j) => j !== i),
                ),
              )
            }
          >
            Remove
          </button>
        </div>
      ))}
      <div class="row">
        <button type="button" class="secondary small" onClick={() => edit(withList(rule, list, [...patterns, '']))}>
          {list === 'urls' ? 'Add a page' : 'Add a page to leave out'}
        </button>
        {suggestion && (
          <button
            type="button"
            class="secondary small"
            onClick={() => edit(withList(rule, list, [...patterns, suggestion]))}
          >
            {list === 'urls' ? 'Add pages like this page' : 'Leave out pages like this page'} ({patternText(suggestion)}
            )
          </button>
        )}
      </div>
    </fieldset>
  );
}

/** The page condition as JSON text; the author's text is kept while it is being typed. */
function WhenField() {
  const { rule, edit } = useForm();
  const when = whereOf(rule).when;
  const written = useRef<{ value: unknown; text: string } | null>(null);
  const text =
    written.current && written.current.value === when
      ? written.current.text
      : when === undefined
        ? ''
        : typeof when === 'string'
          ? when
          : JSON.stringify(when, null, 2);
  const [open] = useState(when !== undefined);
  const set = (next: string) => {
    let value: unknown;
    if (next.trim() === '') value = undefined;
    else {
      try {
        value = JSON.parse(next);
      } catch {
        value = next; // Kept as typed: the checks say it is not a condition yet.
      }
    }
    written.current = { value, text: next };
    edit({ ...rule, where: withField(whereOf(rule), 'when', value) as unknown as EditableRule['where'] }, 'where.when');
  };
  return (
    <details open={open}>
      <summary>Only when something holds on the page (optional)</summary>
      <TextArea
        path="where.when"
        nested
        label="Condition (JSON)"
        hint={
          <>
            For example <code>{'{ "exists": { "selector": "#new-opportunity" } }'}</code>; combine with <code>all</code>
            , <code>any</code>, <code>not</code>; also <code>absent</code>, <code>url</code>, <code>value</code>.
          </>
        }
        rows={4}
        value={text}
        onInput={set}
      />
    </details>
  );
}

export function WhereFields({ onPageUrl }: { onPageUrl: (url: string) => void }) {
  const { pageUrl } = useForm();
  return (
    <fieldset class="where">
      <legend>Where it shows</legend>
      <PartProblems path="where" />
      <div class="field">
        <label for="page-url">This page (to check the patterns against)</label>
        <input
          id="page-url"
          type="url"
          value={pageUrl}
          placeholder="https://crm.example.com/accounts/1042"
          onInput={(e) => onPageUrl(e.currentTarget.value)}
        />
      </div>
      <PatternList
        list="urls"
        label="On these pages"
        hint="A path such as /accounts/:id (:id stands for any record; #/route for a hash route), or a full URL pattern (https://crm.example.com/accounts/*)."
      />
      <PatternList list="excludeUrls" label="But never on" hint="Pages where it must not show, written the same way." />
      <WhenField />
    </fieldset>
  );
}
