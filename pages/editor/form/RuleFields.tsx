/** The rule as a whole: its name, kind, how it starts, who it is for, its priority and its owner. */
import type { RuleKind } from '../../../rules/index';
import { useForm } from './context';
import { SelectField, TextField } from './Field';
import {
  numberFrom,
  optionalText,
  rolesText,
  type StartChoice,
  startChoice,
  withField,
  withRoles,
  withStart,
} from './rule-edit';
import { TargetFields } from './TargetFields';

const KINDS: readonly (readonly [RuleKind, string])[] = [
  ['walkthrough', 'Walkthrough: steps, one action each'],
  ['tip', 'Tip: opens from a beacon beside an element'],
  ['hint', 'Hint: shows when a field is focused'],
];

const STARTS: readonly (readonly [StartChoice, string])[] = [
  ['auto', 'By itself, when its page opens'],
  ['manual', 'Only from the help panel'],
  ['appear', 'When an element appears'],
  ['click', 'When an element is clicked'],
  ['focus', 'When an element gets the focus'],
];

export function RuleFields() {
  const { rule, edit } = useForm();
  const set = (key: string, value: unknown) => edit(withField(rule, key, value), key);
  const start = startChoice(rule.start);
  const kind = (typeof rule.kind === 'string' ? rule.kind : 'tip') as RuleKind;
  return (
    <fieldset class="rule-fields">
      <legend>The rule</legend>
      <p class="muted small">
        Id <code>{typeof rule.id === 'string' ? rule.id : '(none)'}</code>: usage is counted under it.
      </p>
      <TextField
        path="name"
        label="Name"
        hint="The name people see in the help panel."
        value={typeof rule.name === 'string' ? rule.name : ''}
        onInput={(v) => set('name', v)}
      />
      <SelectField path="kind" label="Kind" value={kind} options={KINDS} onChange={(v) => set('kind', v)} />
      {kind === 'walkthrough' && (
        <>
          <SelectField
            path="start"
            label="Starts"
            value={start}
            options={STARTS}
            onChange={(choice) => edit(withStart(rule, choice), 'start')}
          />
          {typeof rule.start === 'object' && rule.start !== null && (
            <TargetFields
              path="start.target"
              label="The element that starts it"
              value={rule.start.target}
              onChange={(target, group) =>
                edit({ ...rule, start: { on: start as 'appear', target: target ?? { selector: '' } } }, group)
              }
            />
          )}
        </>
      )}
      <TextField
        path="audience"
        nested
        label="For people with the roles (separated by commas)"
        hint="Empty: for everyone."
        placeholder="sales, support"
        value={rolesText(rule)}
        onInput={(v) => edit(withRoles(rule, v), 'audience')}
      />
      <TextField
        path="priority"
        label="Priority"
        type="number"
        hint="Higher first when several rules apply on a page; 0 by default."
        value={rule.priority === undefined ? '' : String(rule.priority)}
        onInput={(v) => set('priority', numberFrom(v))}
      />
      <TextField
        path="owner"
        label="Owner (who to ask)"
        hint="The expert behind this help, shown to people who need more."
        value={typeof rule.owner === 'string' ? rule.owner : ''}
        onInput={(v) => set('owner', optionalText(v))}
      />
      <div class="field">
        <p class="small">
          {typeof rule.reviewedAt === 'string'
            ? `Last reviewed ${new Date(rule.reviewedAt).toLocaleDateString()}.`
            : 'Not reviewed yet.'}{' '}
          <button type="button" class="secondary small" onClick={() => set('reviewedAt', new Date().toISOString())}>
            Mark as reviewed now
          </button>
        </p>
      </div>
    </fieldset>
  );
}
