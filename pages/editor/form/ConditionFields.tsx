/**
 * A condition on the page, field by field: what kind it is, then its element (with "Pick on the
 * page"), page address or field check; "all", "any" and "not" hold conditions of their own, each
 * edited the same way. Every control's id and problems come from its JSON path
 * (`where.when.all[1].exists.selector`), as import words them.
 */

import {
  CONDITION_CHOICES,
  type ConditionKind,
  conditionKind,
  conditionList,
  conditionOfKind,
  conditionPart,
  valueCheck,
  withListItem,
  withNewItem,
  withValuePart,
} from './condition-edit';
import { useForm } from './context';
import { PartProblems, SelectField, TextField } from './Field';
import { MatchWords } from './MatchWords';
import { patternFromText, patternHasMoreParts, patternText } from './rule-edit';
import { TargetFields } from './TargetFields';

interface Props {
  /** The condition's JSON path (`where.when`, `where.when.all[0]`). */
  path: string;
  value: unknown;
  /** Called with the new condition; `group` joins a run of typing in one field into one undo level. */
  onChange: (condition: unknown, group?: string) => void;
  /** Words for the kind's label ("What must hold", "Condition 2"). */
  label: string;
}

/** The choices for a condition the form cannot show: the first says so. */
const UNKNOWN: readonly (readonly ['', string])[] = [['', 'Choose what must hold (replaces what is there)']];

export function ConditionFields({ path, value, onChange, label }: Props) {
  const kind = conditionKind(value);
  return (
    <div class="condition">
      <SelectField<ConditionKind | ''>
        path={path}
        label={label}
        value={kind ?? ''}
        options={kind ? CONDITION_CHOICES : [...UNKNOWN, ...CONDITION_CHOICES]}
        onChange={(next) => next && onChange(conditionOfKind(next, value), path)}
      />
      {kind === null && value !== undefined && (
        <p class="muted small">
          The form cannot show this condition: <code>{JSON.stringify(value)}</code>. Choose what must hold to replace
          it, or change it in the JSON view.
        </p>
      )}
      {kind && <ConditionBody kind={kind} path={path} value={value} onChange={onChange} />}
    </div>
  );
}

function ConditionBody({ kind, path, value, onChange }: Omit<Props, 'label'> & { kind: ConditionKind }) {
  const { pageUrl } = useForm();
  const here = `${path}.${kind}`;
  switch (kind) {
    case 'exists':
    case 'absent':
      return (
        <TargetFields
          path={here}
          label={kind === 'exists' ? 'The element that must be there' : 'The element that must not be there'}
          value={conditionPart(value, kind)}
          onChange={(target, group) => onChange({ [kind]: target ?? { selector: '' } }, group)}
        />
      );
    case 'url': {
      const pattern = conditionPart(value, 'url');
      return (
        <TextField
          path={here}
          nested
          label="Page address"
          placeholder="/accounts/:id"
          hint={
            <>
              A path such as /accounts/:id, or a full URL pattern. <MatchWords pattern={pattern} pageUrl={pageUrl} />
              {patternHasMoreParts(pattern) && ' (and the other URL parts this pattern names, kept as they are)'}
            </>
          }
          value={patternText(pattern)}
          onInput={(text) => onChange({ url: patternFromText(text, pattern) }, here)}
        />
      );
    }
    case 'value': {
      const check = valueCheck(value);
      return (
        <>
          <TargetFields
            path={`${here}.target`}
            label="The field"
            value={check.target}
            onChange={(target, group) => onChange(withValuePart(value, 'target', target ?? { selector: '' }), group)}
          />
          <TextField
            path={`${here}.matches`}
            label="Its value matches (a regular expression)"
            placeholder="^\d{5}$"
            value={typeof check.matches === 'string' ? check.matches : ''}
            onInput={(text) => onChange(withValuePart(value, 'matches', text), `${here}.matches`)}
          />
          <TextField
            path={`${here}.flags`}
            label="Pattern flags (optional)"
            hint="i: letter case does not matter; m, s, u as in JavaScript."
            value={typeof check.flags === 'string' ? check.flags : ''}
            onInput={(text) => onChange(withValuePart(value, 'flags', text), `${here}.flags`)}
          />
        </>
      );
    }
    case 'not':
      return (
        <fieldset class="condition-group">
          <legend>This must not hold</legend>
          <ConditionFields
            path={here}
            label="What must not hold"
            value={conditionPart(value, 'not')}
            onChange={(inner, group) => onChange({ not: inner }, group)}
          />
        </fieldset>
      );
    case 'all':
    case 'any': {
      const list = conditionList(value);
      return (
        <fieldset class="condition-group">
          <legend>{kind === 'all' ? 'All of these' : 'Any of these'}</legend>
          <PartProblems path={here} />
          {list.length === 0 && <p class="muted">No conditions yet: add one.</p>}
          {list.map((item, i) => (
            // Keyed by place: a condition has no id of its own.
            <div key={i} class="condition-item">
              <ConditionFields
                path={`${here}[${i}]`}
                label={`Condition ${i + 1}`}
                value={item}
                onChange={(next, group) => onChange(withListItem(value, i, next), group)}
              />
              <button
                type="button"
                class="secondary small"
                aria-label={`Remove condition ${i + 1}`}
                onClick={() => onChange(withListItem(value, i, undefined))}
              >
                Remove
              </button>
            </div>
          ))}
          <button type="button" class="secondary small" onClick={() => onChange(withNewItem(value))}>
            Add a condition
          </button>
        </fieldset>
      );
    }
  }
}
