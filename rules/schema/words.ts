/**
 * Valibot issues in words a rule author understands, at a JSON path such as
 * `rules[3].steps[1].target.selector`.
 */
import type * as v from 'valibot';

/** `rules[3].steps[1].target` from a prefix and an issue's path. */
export function jsonPath(prefix: string, keys: readonly unknown[]): string {
  let out = prefix;
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** A short description of a value for a message: `"tour"`, `42`, `a list`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** The known key closest to a misspelt one, if any is close. */
export function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

const got = (issue: v.BaseIssue<unknown>) => ` (got ${describe(issue.input)})`;

/** The words for one issue. Messages written in the schema (checks) are kept as they are. */
export function issueWords(issue: v.BaseIssue<unknown>): string {
  const requirement = (issue as { requirement?: unknown }).requirement;
  const many = (n: unknown) => (Array.isArray(issue.input) ? `${n} item${n === 1 ? '' : 's'}` : `${n} characters`);
  if (issue.input === undefined && issue.kind === 'schema' && issue.type !== 'never') return 'is required';
  switch (issue.type) {
    case 'string':
      return `must be text${got(issue)}`;
    case 'number':
      return `must be a number${got(issue)}`;
    case 'boolean':
      return `must be true or false${got(issue)}`;
    case 'array':
      return `must be a list${got(issue)}`;
    case 'object':
    case 'object_with_rest':
      return `must be an object${got(issue)}`;
    case 'picklist':
      return `must be one of ${issue.expected?.replace(/^\(|\)$/g, '').replace(/ \| /g, ', ')}${got(issue)}`;
    case 'literal':
      return `must be ${issue.expected}${got(issue)}`;
    case 'never': {
      const known = /\(known: (.*)\)$/.exec(issue.message)?.[1]?.split(', ') ?? [];
      const near = closest(String(issue.path?.[issue.path.length - 1]?.key), known);
      return near ? `is not a known field: did you mean "${near}"?` : issue.message;
    }
    case 'min_length':
      return Array.isArray(issue.input) ? `must have at least ${many(requirement)}` : 'must not be empty';
    case 'max_length':
      return `is too long (at most ${many(requirement)})`;
    case 'integer':
      return `must be a whole number${got(issue)}`;
    case 'min_value':
      return `must be at least ${requirement}${got(issue)}`;
    case 'max_value':
      return `must be at most ${requirement}${got(issue)}`;
    case 'iso_timestamp':
      return `must be a date and time like 2025-05-01T09:30:00Z${got(issue)}`;
    default:
      return issue.message;
  }
}
