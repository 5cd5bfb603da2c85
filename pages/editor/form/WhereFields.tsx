/**
 * Where a rule applies: its URL patterns, each checked live against "this page", the patterns it
 * never applies on, and a condition on the page, field by field (`ConditionFields`).
 */
import type { UrlPattern, Where } from '../../../rules/index';
import { suggestUrlPattern } from '../../../rules/index';
import { ConditionFields } from './ConditionFields';
import { useForm } from './context';
import { PartProblems, TextField } from './Field';
import { MatchWords } from './MatchWords';
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

/** The page condition, field by field; none until the author adds one. */
function WhenFields() {
  const { rule, edit } = useForm();
  const when = whereOf(rule).when;
  const set = (next: unknown, group?: string) =>
    edit({ ...rule, where: withField(whereOf(rule), 'when', next) as unknown as EditableRule['where'] }, group);
  return (
    <fieldset class="when">
      <legend>Only when something holds on the page (optional)</legend>
      {when === undefined ? (
        <>
          <p class="muted small">
            None: it shows on its pages whatever they hold. A condition narrows that to when an element is (or is not)
            there, the address matches, or a field holds a value.
          </p>
          <button type="button" class="secondary small" onClick={() => set({ exists: { selector: '' } })}>
            Add a condition on the page
          </button>
        </>
      ) : (
        <>
          <ConditionFields path="where.when" label="What must hold" value={when} onChange={set} />
          <button type="button" class="secondary small" onClick={() => set(undefined)}>
            Remove the condition
          </button>
        </>
      )}
    </fieldset>
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
      <WhenFields />
    </fieldset>
  );
}
