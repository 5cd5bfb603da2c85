import * as v from 'valibot';
import { RULE_KINDS } from '../model';
import { ConditionSchema } from './condition';
import { id, strict, text, urlPattern } from './fields';
import { StepSchema } from './step';
import { TargetSchema } from './target';

/** Where a rule or checklist applies. */
export const WhereSchema = v.pipe(
  strict({
    urls: v.pipe(v.array(urlPattern), v.minLength(1), v.maxLength(50), v.description('Applies on any of these URLs.')),
    excludeUrls: v.optional(v.pipe(v.array(urlPattern), v.maxLength(50), v.description('…but on none of these.'))),
    when: v.optional(ConditionSchema),
  }),
  v.description('Where it applies: any of `urls`, none of `excludeUrls`, and `when` holds.'),
);

const timestamp = (description: string) => v.optional(v.pipe(v.string(), v.isoTimestamp(), v.description(description)));

/** A rule: a walkthrough, a tip or a hint. */
export const RuleSchema = v.pipe(
  strict({
    id: id('Unique within its pack; usage is counted per rule id.'),
    name: text(200, 'The name people see in the help catalog.'),
    kind: v.pipe(v.picklist(RULE_KINDS), v.description('walkthrough, tip or hint.')),
    status: v.pipe(v.picklist(['draft', 'published']), v.description('Only published rules reach the page.')),
    where: WhereSchema,
    start: v.pipe(
      v.union(
        [
          v.picklist(['auto', 'manual']),
          strict({ on: v.picklist(['appear', 'click', 'focus']), target: TargetSchema }),
        ],
        'must be "auto", "manual" or { "on": "appear" | "click" | "focus", "target": … }',
      ),
      v.description('How a walkthrough starts: by itself, from the catalog, or when the user meets a target.'),
    ),
    audience: v.optional(strict({ roles: v.optional(v.pipe(v.array(text(100, 'A role.')), v.maxLength(50))) })),
    priority: v.optional(
      v.pipe(
        v.number(),
        v.integer(),
        v.minValue(-1000),
        v.maxValue(1000),
        v.description('Higher first; 0 by default.'),
      ),
    ),
    steps: v.pipe(v.array(StepSchema), v.minLength(1), v.maxLength(50), v.description('The steps, in order.')),
    updatedAt: timestamp('When the rule last changed (ISO 8601).'),
    reviewedAt: timestamp('When an expert last reviewed it (ISO 8601).'),
    owner: v.optional(text(200, 'Who to ask: the expert behind this help.')),
  }),
  v.description('A walkthrough, tip or hint.'),
);

/** A checklist item that ticks itself when its condition holds on the page. */
export const ChecklistSchema = v.pipe(
  strict({
    id: id('Unique within its pack.'),
    title: text(200, 'The checklist title.'),
    where: WhereSchema,
    items: v.pipe(
      v.array(
        strict({
          id: id('Unique within the checklist.'),
          title: text(200, 'What to do.'),
          doneWhen: ConditionSchema,
          once: v.optional(
            v.pipe(
              v.boolean(),
              v.description(
                'Done when seen once: ticked for good the first time doneWhen holds (work done on another page stays done). Otherwise done while doneWhen holds on a page where the checklist applies.',
              ),
            ),
          ),
          startsRule: v.optional(id('A walkthrough in this pack that shows how ("Show me").')),
        }),
      ),
      v.minLength(1),
      v.maxLength(100),
    ),
  }),
  v.description('A checklist that ticks itself when the work is really done.'),
);
