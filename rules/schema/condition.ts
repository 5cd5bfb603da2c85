/**
 * Conditions: one kind per object (`{ exists }`, `{ absent }`, `{ url }`, `{ value }`, `{ all }`,
 * `{ any }`, `{ not }`). The schema picks the kind from the object's key, so a mistake is reported
 * against that kind instead of as "matches none of seven shapes".
 */
import * as v from 'valibot';
import { CONDITION_KINDS, type Condition } from '../model';
import { flags, pattern, patternCheck, strict, urlPattern } from './fields';
import { TargetSchema } from './target';
import { describe } from './words';

const KINDS = CONDITION_KINDS;

const ValueSchema = v.pipe(
  strict({
    target: TargetSchema,
    matches: pattern('A regular expression the value must match, e.g. ^\\d+$.'),
    flags: v.optional(flags),
  }),
  patternCheck(),
  v.description("A field's value (or an element's text) matches a pattern."),
);

const self = v.lazy(() => ConditionSchema);
const list = v.pipe(v.array(self), v.maxLength(50), v.description('Conditions to combine.'));

const byKind: Record<(typeof KINDS)[number], v.GenericSchema<Condition>> = {
  exists: strict({ exists: TargetSchema }),
  absent: strict({ absent: TargetSchema }),
  url: strict({ url: urlPattern }),
  value: strict({ value: ValueSchema }),
  all: strict({ all: list }),
  any: strict({ any: list }),
  not: strict({ not: self }),
};

const fail = (message: string) => v.custom<Condition>(() => false, message);

/** A condition; the kind is taken from the object's key. */
export const ConditionSchema: v.GenericSchema<Condition> = v.lazy((input) => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail(`must be a condition: an object with one of ${KINDS.join(', ')} (got ${describe(input)})`);
  }
  const kinds = Object.keys(input).filter((k): k is (typeof KINDS)[number] => (KINDS as readonly string[]).includes(k));
  if (kinds.length > 1) return fail(`holds ${kinds.join(' and ')}: one kind per condition (combine them with "all")`);
  const kind = kinds[0];
  if (!kind) {
    const key = Object.keys(input)[0];
    return fail(`${key === undefined ? 'is empty' : `"${key}" is not a condition`}: use one of ${KINDS.join(', ')}`);
  }
  return byKind[kind];
});

/** The same conditions as a plain union, for the JSON Schema (which has no key dispatch). */
export const ConditionDocSchema: v.GenericSchema<Condition> = v.pipe(
  v.union([
    strict({ exists: TargetSchema }),
    strict({ absent: TargetSchema }),
    strict({ url: urlPattern }),
    strict({ value: ValueSchema }),
    strict({ all: v.array(v.lazy(() => ConditionDocSchema)) }),
    strict({ any: v.array(v.lazy(() => ConditionDocSchema)) }),
    strict({ not: v.lazy(() => ConditionDocSchema) }),
  ]),
  v.description('A condition on the page: exists, absent, url, value, or all / any / not of conditions.'),
);
