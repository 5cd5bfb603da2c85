/**
 * The JSON Schema of the rule-pack format, generated from the valibot schema so the two cannot
 * drift (a test compares it with the checked-in `rule-pack.schema.json`). Authors get completion
 * and descriptions in their editor; checks that JSON Schema cannot express (selectors, patterns)
 * are left to the validation.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import { ConditionDocSchema, ConditionSchema } from './condition';
import { RulePackSchema } from './pack';
import { ChecklistSchema, RuleSchema, WhereSchema } from './rule';
import { StepSchema } from './step';
import { TargetSchema } from './target';

export function rulePackJsonSchema(): Record<string, unknown> {
  const schema = toJsonSchema(RulePackSchema, {
    errorMode: 'ignore',
    definitions: {
      Rule: RuleSchema,
      Step: StepSchema,
      Target: TargetSchema,
      Where: WhereSchema,
      Checklist: ChecklistSchema,
      Condition: ConditionDocSchema,
    },
    overrideSchema: ({ valibotSchema }) =>
      valibotSchema === ConditionSchema ? { $ref: '#/$defs/Condition' } : undefined,
  });
  const text = JSON.stringify(schema);
  const defs = schema.$defs as Record<string, unknown> | undefined;
  // Drop definitions nothing refers to (the converter leaves an empty one for a lazy schema).
  for (const name of Object.keys(defs ?? {})) if (!text.includes(`"#/$defs/${name}"`)) delete defs![name];
  return strictObjects({
    $id: 'https://stepwise.dev/schema/rule-pack.schema.json',
    title: 'Stepwise rule pack',
    ...schema,
  }) as Record<string, unknown>;
}

/** `additionalProperties: { not: {} }` (from a rest that accepts nothing) as the plainer `false`. */
function strictObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictObjects);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const empty = key === 'additionalProperties' && JSON.stringify(value) === '{"not":{}}';
    out[key] = empty ? false : strictObjects(value);
  }
  return out;
}
