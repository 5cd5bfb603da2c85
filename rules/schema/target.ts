import * as v from 'valibot';
import { selector, strict, text } from './fields';

/** An element on the page: a selector with fallbacks, narrowed by text and label. */
export const TargetSchema = v.pipe(
  strict({
    selector: selector('A CSS selector for the element; it also finds elements inside open shadow roots.'),
    fallbacks: v.optional(
      v.pipe(
        v.array(selector('A selector tried when the ones before it find nothing.')),
        v.maxLength(10),
        v.description('Selectors tried in order when `selector` finds nothing.'),
      ),
    ),
    text: v.optional(text(500, "Keep only elements whose text matches (whitespace and case don't matter).")),
    textMatch: v.optional(
      v.pipe(v.picklist(['exact', 'contains']), v.description('How `text` is compared; exact by default.')),
    ),
    ariaLabel: v.optional(
      text(
        500,
        'Keep only elements with this accessible name, as a screen reader reads it (aria-labelledby, aria-label, <label>, alt, the text of a button or link, title, placeholder).',
      ),
    ),
    frame: v.optional(selector('A selector for the same-origin iframe that holds the element.')),
    nth: v.optional(
      v.pipe(
        v.number(),
        v.integer(),
        v.minValue(1),
        v.maxValue(1000),
        v.description(
          'Which of several matches is meant, counting from 1 in page order (after `text` and `ariaLabel`). Without it, several matches mean the first and are reported as ambiguous.',
        ),
      ),
    ),
  }),
  v.description('An element on the page.'),
);
