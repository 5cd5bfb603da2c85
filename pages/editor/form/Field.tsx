/**
 * The form's controls: each has its label, its id from its JSON path (so a problem in the list
 * can move focus to it), and its problems beside it, described to screen readers.
 */
import type { ComponentChildren } from 'preact';
import { Markdown } from '../../../components/Markdown';
import type { Problem } from '../../../rules/index';
import { useForm } from './context';
import { fieldId, problemsAt } from './rule-edit';

/** The problems of one field, each with its path, as the import words them. */
export function FieldProblems({ id, problems }: { id: string; problems: readonly Problem[] }) {
  if (!problems.length) return null;
  return (
    <ul id={id} class="field-problems">
      {problems.map((p) => (
        <li key={`${p.path}|${p.message}`}>
          <code>{p.path || 'rule'}</code>: {p.message}
        </li>
      ))}
    </ul>
  );
}

interface FieldProps {
  /** The JSON path of what the field edits (`steps[0].title`). */
  path: string;
  label: string;
  /** Words under the field: what it is for, an example. */
  hint?: ComponentChildren;
  /** Also show the problems inside `path` (a URL pattern's parts, say). */
  nested?: boolean;
}

/** The label, hint and problems around one control, with the ids that tie them together. */
function useField({ path, hint, nested }: FieldProps) {
  const { problems } = useForm();
  const id = fieldId(path);
  const own = problemsAt(problems, path, nested);
  const describedBy = [hint ? `${id}-hint` : '', own.length ? `${id}-problems` : ''].filter(Boolean).join(' ');
  return {
    id,
    own,
    control: { id, 'aria-invalid': own.length > 0, ...(describedBy && { 'aria-describedby': describedBy }) },
  };
}

function Around({
  id,
  label,
  hint,
  own,
  children,
}: {
  id: string;
  label: string;
  hint?: ComponentChildren;
  own: Problem[];
  children: ComponentChildren;
}) {
  return (
    <div class={own.length ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} class="muted small">
          {hint}
        </p>
      )}
      <FieldProblems id={`${id}-problems`} problems={own} />
    </div>
  );
}

/** A one-line text field. */
export function TextField(
  props: FieldProps & {
    value: string;
    onInput: (value: string) => void;
    placeholder?: string;
    type?: 'text' | 'number';
  },
) {
  const { id, own, control } = useField(props);
  return (
    <Around id={id} label={props.label} hint={props.hint} own={own}>
      <input
        {...control}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Around>
  );
}

/** Text over several lines; with `markdown`, a live preview of it beside. */
export function TextArea(
  props: FieldProps & { value: string; onInput: (value: string) => void; rows?: number; markdown?: boolean },
) {
  const { id, own, control } = useField(props);
  return (
    <Around id={id} label={props.label} hint={props.hint} own={own}>
      <div class={props.markdown ? 'markdown-field' : undefined}>
        <textarea
          {...control}
          rows={props.rows ?? 3}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
        {props.markdown && (
          <section class="md-preview" aria-label={`${props.label}: preview`}>
            {props.value.trim() ? <Markdown source={props.value} /> : <p class="muted">Nothing to preview yet.</p>}
          </section>
        )}
      </div>
    </Around>
  );
}

/** A choice from a short list. */
export function SelectField<T extends string>(
  props: FieldProps & { value: T; options: readonly (readonly [T, string])[]; onChange: (value: T) => void },
) {
  const { id, own, control } = useField(props);
  return (
    <Around id={id} label={props.label} hint={props.hint} own={own}>
      <select {...control} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
        {props.options.map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
    </Around>
  );
}

/** A yes-or-no field. */
export function CheckField(props: FieldProps & { checked: boolean; onChange: (checked: boolean) => void }) {
  const { id, own, control } = useField(props);
  return (
    <div class={own.length ? 'field check invalid' : 'field check'}>
      <label>
        <input
          {...control}
          type="checkbox"
          checked={props.checked}
          onChange={(e) => props.onChange(e.currentTarget.checked)}
        />{' '}
        {props.label}
      </label>
      {props.hint && (
        <p id={`${id}-hint`} class="muted small">
          {props.hint}
        </p>
      )}
      <FieldProblems id={`${id}-problems`} problems={own} />
    </div>
  );
}

/** Problems of a part with no control of its own (the step list, a target as a whole). */
export function PartProblems({ path }: { path: string }) {
  const { problems } = useForm();
  return <FieldProblems id={`${fieldId(path)}-problems`} problems={problemsAt(problems, path)} />;
}
