/**
 * A draft as the editor holds it: the value saved (a rule, or the text of JSON that does not
 * parse yet) and the JSON text shown for it. Pure.
 */
import type { Problem } from '../../../rules/index';
import { ruleProblems } from '../../../rules/index';

export interface DraftEntry {
  /** What is saved: the parsed rule, or the text as typed while it does not parse. */
  value: unknown;
  /** The JSON view's text. */
  text: string;
}

/** The entry for a value the form made (or a draft as saved: text when its JSON did not parse). */
export const entryOf = (value: unknown): DraftEntry => ({
  value,
  text: typeof value === 'string' ? value : JSON.stringify(value, null, 2),
});

/** The entry for JSON text typed: parsed when it parses, else kept as typed. */
export function entryFromText(text: string): DraftEntry {
  try {
    return { value: JSON.parse(text), text };
  } catch {
    return { value: text, text };
  }
}

/** The draft's problems: its JSON's syntax, else the rule's, as import reports them. */
export function entryProblems(entry: DraftEntry): Problem[] {
  try {
    JSON.parse(entry.text);
  } catch (e) {
    return [{ path: '', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }];
  }
  return ruleProblems(entry.value);
}
