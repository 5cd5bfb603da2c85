import * as v from 'valibot';
import { flags, id, pattern, patternCheck, strict, text, urlPattern } from './fields';
import { TargetSchema } from './target';

const AdvanceSchema = v.pipe(
  v.union(
    [
      v.picklist(['next', 'click-target', 'input-target']),
      strict({ url: urlPattern }),
      strict({ appear: TargetSchema }),
    ],
    'must be "next", "click-target", "input-target", { "url": … } or { "appear": … }',
  ),
  v.description(
    'What moves the walkthrough on: the Next button (default), a click or input on the target, a URL, an element appearing.',
  ),
);

/** One step: a brief instruction, more detail for newcomers, anchored to a target. */
export const StepSchema = v.pipe(
  strict({
    id: v.optional(id('Stable within the rule: usage is counted per step id.')),
    target: v.optional(TargetSchema),
    title: text(200, 'A short title.'),
    brief: text(2000, 'Markdown: one short instruction, what an expert needs.'),
    detail: v.optional(text(10_000, 'Markdown: more for a newcomer, behind "more detail".')),
    placement: v.optional(
      v.pipe(v.picklist(['top', 'bottom', 'left', 'right', 'auto']), v.description('Where the card sits.')),
    ),
    advance: v.optional(AdvanceSchema),
    spotlight: v.optional(v.pipe(v.boolean(), v.description('Shows a spotlight around the target.'))),
    validate: v.optional(
      v.pipe(
        strict({
          matches: pattern("A regular expression the field's value must match."),
          flags: v.optional(flags),
          message: text(500, 'What to tell the user when the value does not match.'),
        }),
        patternCheck(),
        v.description(
          "The field's value must match, checked when the field loses focus: a hint marks it, and a walkthrough step that advances on input-target moves on only on a valid value.",
        ),
      ),
    ),
  }),
  v.description('One step.'),
);
