import * as v from 'valibot';
import { FORMAT_VERSION } from '../model';
import { id, strict, text } from './fields';
import { ChecklistSchema, RuleSchema } from './rule';

/** The pack's own fields; rules and checklists are validated one by one (`parse-pack.ts`). */
export const EnvelopeSchema = strict({
  $schema: v.optional(v.pipe(v.string(), v.maxLength(2048), v.description('The JSON Schema, for editors.'))),
  format: v.pipe(v.literal(FORMAT_VERSION), v.description('The pack format (older ones are migrated on load).')),
  id: id('Stable id, e.g. acme-crm-starter.'),
  name: text(200, 'The name people see.'),
  version: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(0),
    v.maxValue(2 ** 31),
    v.description("The author's version of the content; a newer one replaces an older one on import."),
  ),
  description: v.optional(text(5000, 'What the pack helps with.')),
  rules: v.pipe(v.array(v.unknown()), v.maxLength(10_000)),
  checklists: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(1000))),
});

/** The whole pack, for the JSON Schema file. */
export const RulePackSchema = v.pipe(
  strict({
    ...EnvelopeSchema.entries,
    rules: v.pipe(v.array(RuleSchema), v.maxLength(10_000), v.description('Walkthroughs, tips and hints.')),
    checklists: v.optional(v.pipe(v.array(ChecklistSchema), v.maxLength(1000), v.description('Checklists.'))),
  }),
  v.description('A Stepwise rule pack: where help applies on a web app, and what it shows.'),
);
