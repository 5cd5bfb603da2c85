/** One step of a rule: its words (Markdown, previewed live), its element, how it moves on, its check. */
import type { Placement, Step, UrlPattern } from '../../../rules/index';
import { suggestUrlPattern } from '../../../rules/index';
import { useForm } from './context';
import { CheckField, SelectField, TextArea, TextField } from './Field';
import {
  type AdvanceChoice,
  advanceChoice,
  type EditableStep,
  optionalText,
  patternFromText,
  patternText,
  updateStep,
  withAdvance,
  withField,
} from './rule-edit';
import { TargetFields } from './TargetFields';

const PLACEMENTS: readonly (readonly [Placement | '', string])[] = [
  ['', 'Below, or wherever it fits (default)'],
  ['auto', 'Wherever it fits best'],
  ['top', 'Above'],
  ['bottom', 'Below'],
  ['left', 'Left'],
  ['right', 'Right'],
];

const ADVANCES: readonly (readonly [AdvanceChoice, string])[] = [
  ['next', 'The Next button'],
  ['click-target', 'A click on the element'],
  ['input-target', 'Typing in the element (a valid value, with a check)'],
  ['url', 'Reaching a page (the outcome of the step)'],
  ['appear', 'An element appearing (the outcome of the step)'],
];

/** A page URL in words for a suggestion, or undefined when there is none to start from. */
function suggested(pageUrl: string): UrlPattern | undefined {
  try {
    return suggestUrlPattern(pageUrl);
  } catch {
    return undefined;
  }
}

export function StepFields({ index, step }: { index: number; step: EditableStep }) {
  const { rule, edit, pageUrl } = useForm();
  const path = `steps[${index}]`;
  const kind = rule.kind;
  const change = (next: (s: EditableStep) => EditableStep, group?: string) =>
    edit(updateStep(rule, index, next), group);
  const set = (key: keyof Step, value: unknown) => change((s) => withField(s, key, value), `${path}.${key}`);
  const text = (key: 'title' | 'brief' | 'detail') => (typeof step[key] === 'string' ? (step[key] as string) : '');
  const advance = advanceChoice(step.advance);
  const advanceObject = typeof step.advance === 'object' && step.advance !== null ? step.advance : undefined;
  const validate = typeof step.validate === 'object' && step.validate !== null ? step.validate : undefined;
  // A check of the value is for hints, and for walkthrough steps that move on when typed in.
  const checks = kind === 'hint' || (kind === 'walkthrough' && advance === 'input-target') || validate !== undefined;

  return (
    <>
      <TextField path={`${path}.title`} label="Title" value={text('title')} onInput={(v) => set('title', v)} />
      <TextArea
        path={`${path}.brief`}
        label="Brief (Markdown)"
        hint="One short instruction: what someone who knows the app needs."
        markdown
        value={text('brief')}
        onInput={(v) => set('brief', v)}
      />
      <TextArea
        path={`${path}.detail`}
        label="Detail for newcomers (Markdown, optional)"
        hint="Shown behind “more detail”; people who know the app see the brief alone."
        markdown
        rows={4}
        value={text('detail')}
        onInput={(v) => set('detail', optionalText(v))}
      />
      <TargetFields
        path={`${path}.target`}
        label="Element"
        value={step.target}
        optional={kind === 'walkthrough'}
        onChange={(target, group) => change((s) => withField(s, 'target', target), group)}
      />
      <SelectField
        path={`${path}.placement`}
        label="Card placement"
        value={(step.placement ?? '') as Placement | ''}
        options={PLACEMENTS}
        onChange={(v) => set('placement', v || undefined)}
      />
      {kind === 'walkthrough' && (
        <>
          <SelectField
            path={`${path}.advance`}
            label="Moves on with"
            value={advance}
            options={ADVANCES}
            onChange={(choice) => change((s) => withAdvance(s, choice, suggested(pageUrl) ?? ''), `${path}.advance`)}
          />
          {advanceObject && 'url' in advanceObject && (
            <TextField
              path={`${path}.advance.url`}
              nested
              label="The page reached"
              hint="A path such as /accounts/:id (#/route for a hash route), or a full URL pattern."
              value={patternText(advanceObject.url)}
              onInput={(v) => set('advance', { url: patternFromText(v, advanceObject.url) })}
            />
          )}
          {advanceObject && 'appear' in advanceObject && (
            <TargetFields
              path={`${path}.advance.appear`}
              label="The element that appears"
              value={advanceObject.appear}
              onChange={(target, group) =>
                change((s) => withField(s, 'advance', { appear: target ?? { selector: '' } }), group)
              }
            />
          )}
        </>
      )}
      <CheckField
        path={`${path}.spotlight`}
        label="Spotlight the element (dim the rest of the page)"
        checked={step.spotlight === true}
        onChange={(on) => set('spotlight', on ? true : undefined)}
      />
      {checks && (
        <fieldset class="validate">
          <legend>Check the value typed</legend>
          <CheckField
            path={`${path}.validate`}
            label="Check what is typed in the field"
            checked={validate !== undefined}
            onChange={(on) => set('validate', on ? { matches: '', message: '' } : undefined)}
          />
          {validate && (
            <>
              <TextField
                path={`${path}.validate.matches`}
                label="Pattern the value must match (regular expression)"
                placeholder="^\d{5}$"
                value={typeof validate.matches === 'string' ? validate.matches : ''}
                onInput={(v) => set('validate', { ...validate, matches: v })}
              />
              <TextField
                path={`${path}.validate.flags`}
                label="Flags (i: ignore case)"
                value={validate.flags ?? ''}
                onInput={(v) => set('validate', withField(validate, 'flags', optionalText(v)))}
              />
              <TextField
                path={`${path}.validate.message`}
                label="Message when it does not match"
                value={typeof validate.message === 'string' ? validate.message : ''}
                onInput={(v) => set('validate', { ...validate, message: v })}
              />
            </>
          )}
        </fieldset>
      )}
    </>
  );
}
