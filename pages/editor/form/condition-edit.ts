/**
 * A page condition (`where.when`) to and from the form's fields. Pure, like `rule-edit.ts`: each
 * change makes a new condition, and what the form does not understand is kept as it is for the
 * checks (and the JSON view) to show.
 */
import { targetOf } from './rule-edit';

/** The kinds of condition, as the form's choice names them (the rule format's keys). */
export type ConditionKind = 'exists' | 'absent' | 'url' | 'value' | 'all' | 'any' | 'not';

/** Each kind in words, in the order the form offers them. */
export const CONDITION_CHOICES: readonly (readonly [ConditionKind, string])[] = [
  ['exists', 'An element is on the page'],
  ['absent', 'An element is not on the page'],
  ['url', 'The page address matches'],
  ['value', 'A field’s value matches a pattern'],
  ['all', 'All of these hold'],
  ['any', 'Any of these holds'],
  ['not', 'This does not hold'],
];

const KINDS = new Set<string>(CONDITION_CHOICES.map(([kind]) => kind));

/**
 * The kind of `value` when the form can show it: an object with exactly one key, a kind of
 * condition. Anything else (text, no key, two kinds, a misspelt one) is null: the checks say what
 * is wrong, and choosing a kind replaces it.
 */
export function conditionKind(value: unknown): ConditionKind | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  return keys.length === 1 && KINDS.has(keys[0]!) ? (keys[0] as ConditionKind) : null;
}

/** What a condition says, by kind, read defensively (the draft may hold anything). */
const partOf = (value: unknown, kind: ConditionKind): unknown =>
  conditionKind(value) === kind ? (value as Record<string, unknown>)[kind] : undefined;

/** The element a condition is about, if it names one (`exists`, `absent`, `value`'s field). */
export function conditionTarget(value: unknown): unknown {
  const kind = conditionKind(value);
  if (kind === 'exists' || kind === 'absent') return partOf(value, kind);
  if (kind === 'value') return valueCheck(value).target;
  return undefined;
}

/** The conditions an `all` or `any` combines (none when it has no list). */
export function conditionList(value: unknown): unknown[] {
  const kind = conditionKind(value);
  if (kind !== 'all' && kind !== 'any') return [];
  const list = partOf(value, kind);
  return Array.isArray(list) ? list : [];
}

/**
 * A condition of `kind` in place of `previous`, keeping what still fits: the element between
 * "is on the page", "is not" and a field's value; the list between "all" and "any"; "not" wraps
 * what was there, and leaving "not" (or a list) starts from the condition inside. An element or a
 * pattern not given yet is empty, which the checks name until it is written.
 */
export function conditionOfKind(kind: ConditionKind, previous?: unknown): Record<string, unknown> {
  const before = conditionKind(previous);
  if (before === kind) return previous as Record<string, unknown>;
  if (kind === 'not') return { not: before ? previous : { exists: { selector: '' } } };
  if (kind === 'all' || kind === 'any') {
    const list = before === 'all' || before === 'any' ? conditionList(previous) : before ? [previous] : [];
    return { [kind]: list };
  }
  // Leaving a wrapper: start from the condition inside it.
  if (before === 'not') return conditionOfKind(kind, partOf(previous, 'not'));
  if ((before === 'all' || before === 'any') && conditionList(previous).length > 0)
    return conditionOfKind(kind, conditionList(previous)[0]);
  if (kind === 'url') return { url: before === 'url' ? partOf(previous, 'url') : '' };
  const target = targetOf(conditionTarget(previous)) ?? { selector: '' };
  if (kind === 'value') return { value: { target, matches: '' } };
  return { [kind]: target };
}

/** `all` or `any` with item `index` replaced by `item` (left out when `item` is undefined). */
export function withListItem(value: unknown, index: number, item: unknown): Record<string, unknown> {
  const kind = conditionKind(value) === 'any' ? 'any' : 'all';
  const list = conditionList(value);
  const next = item === undefined ? list.filter((_, i) => i !== index) : list.map((c, i) => (i === index ? item : c));
  return { [kind]: next };
}

/** `all` or `any` with a new condition at the end: "an element is on the page", to be written. */
export function withNewItem(value: unknown): Record<string, unknown> {
  const kind = conditionKind(value) === 'any' ? 'any' : 'all';
  return { [kind]: [...conditionList(value), { exists: { selector: '' } }] };
}

/** `value`'s field check with `key` (`target`, `matches`, `flags`) changed; an empty `flags` is left out. */
export function withValuePart(
  value: unknown,
  key: 'target' | 'matches' | 'flags',
  part: unknown,
): Record<string, unknown> {
  const current = partOf(value, 'value');
  const check = typeof current === 'object' && current !== null ? { ...(current as Record<string, unknown>) } : {};
  if (part === undefined || (key === 'flags' && part === '')) delete check[key];
  else check[key] = part;
  return { value: check };
}

/** `value`'s field check, read defensively. */
export function valueCheck(value: unknown): { target?: unknown; matches?: unknown; flags?: unknown } {
  const check = partOf(value, 'value');
  return typeof check === 'object' && check !== null ? (check as Record<string, unknown>) : {};
}

/** What `not` negates, or what `exists`/`absent`/`url` holds. */
export const conditionPart = partOf;
