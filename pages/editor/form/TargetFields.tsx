/** An element on the page, as a target: its selector, fallbacks and the filters that narrow it. */
import type { Target } from '../../../rules/index';
import { CheckField, PartProblems, SelectField, TextArea, TextField } from './Field';
import { PickTarget } from './PickTarget';
import { linesFrom, numberFrom, optionalText, targetOf, withField } from './rule-edit';

interface Props {
  /** The target's JSON path (`steps[0].target`). */
  path: string;
  /** The target's label prefix ("Element", "Starts on element"). */
  label: string;
  value: unknown;
  /** Called with the new target, or undefined when the author takes it away (`optional` only). */
  onChange: (target: Target | undefined, group: string) => void;
  /** May be left out (a walkthrough step shown in the middle of the page). */
  optional?: boolean;
}

export function TargetFields({ path, label, value, onChange, optional }: Props) {
  // A target the rule needs is shown even while missing: typing a selector makes it.
  const target = targetOf(value) ?? (optional ? undefined : { selector: '' });
  const set = (key: keyof Target, v: unknown) =>
    onChange(withField(target ?? { selector: '' }, key, v), `${path}.${key}`);
  return (
    <fieldset class="target">
      <legend>{label}</legend>
      {optional && (
        <CheckField
          path={path}
          label="On an element of the page"
          hint={target ? undefined : 'Off: the card shows in the middle of the page, on no element.'}
          checked={target !== undefined}
          onChange={(on) => onChange(on ? { selector: '' } : undefined, path)}
        />
      )}
      {!optional && <PartProblems path={path} />}
      {target && (
        <>
          <PickTarget path={path} onPicked={(picked) => onChange(picked, path)} />
          <TextField
            path={`${path}.selector`}
            label="CSS selector"
            hint="How help finds the element; it also looks inside open shadow roots. The picker writes one for you."
            placeholder='input[name="amount"]'
            value={typeof target.selector === 'string' ? target.selector : ''}
            onInput={(v) => set('selector', v)}
          />
          <details>
            <summary>More ways to find it</summary>
            <TextArea
              path={`${path}.fallbacks`}
              nested
              label="Fallback selectors (one a line)"
              hint="Tried in order when the selector finds nothing."
              value={Array.isArray(target.fallbacks) ? target.fallbacks.join('\n') : ''}
              onInput={(v) => set('fallbacks', linesFrom(v))}
            />
            <TextField
              path={`${path}.text`}
              label="Only the element whose text is"
              value={target.text ?? ''}
              onInput={(v) => set('text', optionalText(v))}
            />
            <SelectField
              path={`${path}.textMatch`}
              label="Text comparison"
              value={target.textMatch ?? 'exact'}
              options={[
                ['exact', 'The whole text'],
                ['contains', 'Contains the text'],
              ]}
              onChange={(v) => set('textMatch', v === 'exact' ? undefined : v)}
            />
            <TextField
              path={`${path}.ariaLabel`}
              label="Only the element named (as a screen reader reads it)"
              value={target.ariaLabel ?? ''}
              onInput={(v) => set('ariaLabel', optionalText(v))}
            />
            <TextField
              path={`${path}.frame`}
              label="Inside the frame (a selector for the iframe)"
              value={target.frame ?? ''}
              onInput={(v) => set('frame', optionalText(v))}
            />
            <TextField
              path={`${path}.nth`}
              label="Which match, counting from 1"
              hint="When several elements match, the one meant, in page order."
              type="number"
              value={target.nth === undefined ? '' : String(target.nth)}
              onInput={(v) => set('nth', numberFrom(v))}
            />
          </details>
        </>
      )}
    </fieldset>
  );
}
