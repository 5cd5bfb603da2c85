/** What every part of the rule form shares: the rule, its problems, how to change it, the page it is for. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Problem } from '../../../rules/index';
import type { EditableRule } from './rule-edit';

export interface FormState {
  rule: EditableRule;
  /** The rule's problems, with paths from the rule (`steps[0].title`), as import words them. */
  problems: readonly Problem[];
  /** Makes `next` the rule; `group` (the field's path) joins a run of typing into one undo level. */
  edit(next: EditableRule, group?: string): void;
  /** The page the author checks the URL patterns against ("matches this page"). */
  pageUrl: string;
}

export const FormContext = createContext<FormState | null>(null);

/** The form's shared state; only inside the form. */
export function useForm(): FormState {
  const state = useContext(FormContext);
  if (!state) throw new Error('A rule form field outside the rule form');
  return state;
}
