/**
 * The form's fields to and from the rule it edits. Pure: each change makes a new rule, leaving
 * the old one as it was (the undo history keeps it). A draft may hold anything while it is being
 * made, so the form reads it defensively and writes only the field it changes: what it does not
 * understand is kept as it is, for the checks (and the JSON view) to show.
 */
import type { Advance, Rule, Step, Target, UrlPattern } from '../../../rules/index';

/** A step as the form reads it: any field may be missing or wrong while it is being written. */
export type EditableStep = Partial<Step>;
/** A rule as the form reads it. */
export type EditableRule = Omit<Partial<Rule>, 'steps'> & { steps?: EditableStep[] };

/** The draft as a rule the form can show, or null when it is not an object (broken JSON, say). */
export function asRule(value: unknown): EditableRule | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as EditableRule) : null;
}

/** `object` with `key` set to `value`, or without `key` when `value` is undefined. */
export function withField<T extends object, K extends string>(object: T, key: K, value: unknown): T {
  const next = { ...object } as Record<string, unknown>;
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as T;
}

/** Optional text: an empty field leaves the rule without it. */
export const optionalText = (text: string): string | undefined => (text === '' ? undefined : text);

/** The rule's steps as an array (none when the draft has no list). */
export const stepsOf = (rule: EditableRule): EditableStep[] =>
  Array.isArray(rule.steps) ? (rule.steps as EditableStep[]) : [];

/** The rule with step `index` changed by `change`. */
export function updateStep(
  rule: EditableRule,
  index: number,
  change: (step: EditableStep) => EditableStep,
): EditableRule {
  const steps = stepsOf(rule).map((step, i) => (i === index ? change(asRule(step) ?? {}) : step));
  return { ...rule, steps };
}

/** A step id not used by any of `steps` (`step-3`). */
export function freshStepId(steps: readonly EditableStep[]): string {
  const used = new Set(steps.map((s) => s?.id));
  for (let n = steps.length + 1; ; n++) if (!used.has(`step-${n}`)) return `step-${n}`;
}

/** The rule with a new empty step at the end (on the last step's target, where there is one). */
export function addStep(rule: EditableRule): EditableRule {
  const steps = stepsOf(rule);
  return { ...rule, steps: [...steps, { id: freshStepId(steps), title: '', brief: '' }] };
}

/** The rule with step `from` moved to `to` (both kept within the list). */
export function moveStep(rule: EditableRule, from: number, to: number): EditableRule {
  const steps = [...stepsOf(rule)];
  if (from < 0 || from >= steps.length) return rule;
  const target = Math.max(0, Math.min(steps.length - 1, to));
  if (target === from) return rule;
  const [moved] = steps.splice(from, 1);
  steps.splice(target, 0, moved as EditableStep);
  return { ...rule, steps };
}

/**
 * The rule with a copy of step `index` right after it. The copy gets an id of its own: usage is
 * counted per step id, and two steps with one id would be refused.
 */
export function duplicateStep(rule: EditableRule, index: number): EditableRule {
  const steps = [...stepsOf(rule)];
  const original = steps[index];
  if (original === undefined) return rule;
  const copy: EditableStep = { ...structuredClone(original), id: freshStepId(steps) };
  steps.splice(index + 1, 0, copy);
  return { ...rule, steps };
}

/** The rule without step `index`. */
export function removeStep(rule: EditableRule, index: number): EditableRule {
  return { ...rule, steps: stepsOf(rule).filter((_, i) => i !== index) };
}

/** What moves a step on, as the form's choice names it. */
export type AdvanceChoice = 'next' | 'click-target' | 'input-target' | 'url' | 'appear';

export function advanceChoice(advance: unknown): AdvanceChoice {
  if (advance === 'click-target' || advance === 'input-target') return advance;
  if (typeof advance === 'object' && advance !== null) return 'appear' in advance ? 'appear' : 'url';
  return 'next';
}

/**
 * The step moving on by `choice`: the Next button leaves the step without `advance` (its
 * default); a URL starts from the pattern given, an element appearing from the step's own target.
 */
export function withAdvance(step: EditableStep, choice: AdvanceChoice, url: UrlPattern = ''): EditableStep {
  const current = step.advance;
  if (advanceChoice(current) === choice) return step;
  const advance: Advance | undefined =
    choice === 'next'
      ? undefined
      : choice === 'url'
        ? { url }
        : choice === 'appear'
          ? { appear: { selector: targetOf(step.target)?.selector ?? '' } }
          : choice;
  return withField(step, 'advance', advance);
}

/** How a rule starts, as the form's choice names it. */
export type StartChoice = 'auto' | 'manual' | 'appear' | 'click' | 'focus';

export function startChoice(start: unknown): StartChoice {
  if (start === 'manual') return 'manual';
  if (typeof start === 'object' && start !== null) {
    const on = (start as { on?: unknown }).on;
    if (on === 'appear' || on === 'click' || on === 'focus') return on;
  }
  return 'auto';
}

/** The rule starting by `choice`; a trigger keeps its target, else takes the first step's. */
export function withStart(rule: EditableRule, choice: StartChoice): EditableRule {
  if (choice === 'auto' || choice === 'manual') return { ...rule, start: choice };
  const before = typeof rule.start === 'object' && rule.start !== null ? targetOf(rule.start.target) : undefined;
  const target = before ?? targetOf(stepsOf(rule)[0]?.target) ?? { selector: '' };
  return { ...rule, start: { on: choice, target } };
}

/** `value` as a target when it looks like one. */
export function targetOf(value: unknown): Target | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Target) : undefined;
}

/** Roles as the form shows them: separated by commas. */
export const rolesText = (rule: EditableRule): string =>
  Array.isArray(rule.audience?.roles) ? rule.audience.roles.join(', ') : '';

/** The rule for the roles typed (none: for everyone, so no `audience`). */
export function withRoles(rule: EditableRule, text: string): EditableRule {
  const roles = text
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  return withField(rule, 'audience', roles.length ? { ...(asRule(rule.audience) ?? {}), roles } : undefined);
}

/**
 * A number field's text into the rule: empty leaves the field out, a number is kept as one, and
 * anything else is kept as typed so the checks can say what is wrong with it.
 */
export function numberFrom(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : text;
}

/** Lines into a list (fallback selectors): one a line, blank lines dropped; none: left out. */
export function linesFrom(text: string): string[] | undefined {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.length ? lines : undefined;
}

const PATTERN_PARTS = ['protocol', 'hostname', 'port', 'pathname', 'search', 'hash'] as const;

/**
 * A URL pattern as one line a person reads and writes: a pattern of URL parts that names only a
 * path (and a hash route) as `/accounts/:id` (`/reports#/pipeline`); anything else as written.
 */
export function patternText(pattern: unknown): string {
  if (typeof pattern === 'string') return pattern;
  if (typeof pattern !== 'object' || pattern === null) return '';
  const p = pattern as Partial<Record<(typeof PATTERN_PARTS)[number], string>>;
  return `${p.pathname ?? ''}${p.hash !== undefined ? `#${p.hash}` : ''}`;
}

/** Whether `pattern` has parts that its one line does not show (a hostname, say). */
export function patternHasMoreParts(pattern: unknown): boolean {
  if (typeof pattern !== 'object' || pattern === null) return false;
  return Object.keys(pattern).some((k) => k !== 'pathname' && k !== 'hash');
}

/**
 * The pattern for a line typed: a whole URL or match pattern (`https://…`, `*://…`) is kept as a
 * string; a path (with `#` and a hash route) becomes URL parts, keeping the other parts the
 * pattern had (its hostname, say).
 */
export function patternFromText(text: string, previous?: unknown): UrlPattern {
  // Empty stays empty (and is refused): URL parts with none given would match every page.
  if (text.trim() === '') return '';
  if (/^[a-z*][a-z0-9+.*-]*:\/\//i.test(text.trim())) return text.trim();
  const keep =
    typeof previous === 'object' && previous !== null
      ? Object.fromEntries(
          Object.entries(previous).filter(
            ([k]) => k !== 'pathname' && k !== 'hash' && PATTERN_PARTS.includes(k as never),
          ),
        )
      : {};
  const at = text.indexOf('#');
  const pathname = at === -1 ? text : text.slice(0, at);
  return {
    ...keep,
    ...(pathname !== '' && { pathname }),
    ...(at !== -1 && { hash: text.slice(at + 1) }),
  };
}

/** The id of a form field for a JSON path (`steps[0].title` → `field-steps-0-title`). */
export const fieldId = (path: string) => `field-${path.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-$/, '')}`;

/** Problems whose path is `path` (or, with `nested`, inside it). */
export function problemsAt<P extends { path: string }>(problems: readonly P[], path: string, nested = false): P[] {
  return problems.filter(
    (p) => p.path === path || (nested && (p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`))),
  );
}

/**
 * Problems inside `prefix` (`steps[0]`, or `''` for the rule) at a field the form has no control
 * for (`steps[0].placment`, a misspelt field): shown together, so none goes unseen.
 */
export function otherProblems<P extends { path: string }>(
  problems: readonly P[],
  prefix: string,
  shown: readonly string[],
): P[] {
  return problems.filter((p) => {
    if (prefix && !p.path.startsWith(`${prefix}.`)) return false;
    const rest = prefix ? p.path.slice(prefix.length + 1) : p.path;
    const key = /^[^.[]*/.exec(rest)?.[0] ?? '';
    return !shown.includes(key);
  });
}

/** Keys for the step list: the step's id while it is unique, else its place. */
export function stepKeys(steps: readonly EditableStep[]): string[] {
  const count = new Map<unknown, number>();
  for (const s of steps) count.set(s?.id, (count.get(s?.id) ?? 0) + 1);
  return steps.map((s, i) => (typeof s?.id === 'string' && count.get(s.id) === 1 ? `id:${s.id}` : `#${i}`));
}
