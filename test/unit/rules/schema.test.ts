import { readFileSync } from 'node:fs';
import type * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Checklist, Condition, Rule, Step, Target } from '../../../rules/model';
import type { ConditionSchema } from '../../../rules/schema/condition';
import type { ChecklistSchema, RuleSchema } from '../../../rules/schema/rule';
import type { StepSchema } from '../../../rules/schema/step';
import type { TargetSchema } from '../../../rules/schema/target';
import { SCHEMA_FILE, schemaText } from '../../../scripts/rule-pack-schema';

describe('the rule-pack schema', () => {
  it('is the model: the valibot output types equal rules/model.ts', () => {
    expectTypeOf<v.InferOutput<typeof TargetSchema>>().toEqualTypeOf<Target>();
    expectTypeOf<v.InferOutput<typeof ConditionSchema>>().toEqualTypeOf<Condition>();
    expectTypeOf<v.InferOutput<typeof StepSchema>>().toEqualTypeOf<Step>();
    expectTypeOf<v.InferOutput<typeof RuleSchema>>().toEqualTypeOf<Rule>();
    expectTypeOf<v.InferOutput<typeof ChecklistSchema>>().toEqualTypeOf<Checklist>();
  });

  it('has a current JSON Schema file (run `npm run schema` after changing the schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });

  it('describes conditions recursively and rejects unknown fields, for editors', () => {
    const schema = JSON.parse(schemaText());
    expect(Object.keys(schema.$defs)).toEqual(['Rule', 'Step', 'Target', 'Where', 'Checklist', 'Condition']);
    expect(JSON.stringify(schema.$defs.Condition)).toContain('"#/$defs/Condition"');
    expect(schema.$defs.Target.additionalProperties).toBe(false);
    expect(schema.$defs.Rule.properties.kind.enum).toEqual(['walkthrough', 'tip', 'hint']);
  });
});
