/**
 * Building blocks of the rule-pack schema: strict objects that name every unknown field, and the
 * checked strings (selectors, patterns, URL patterns).
 */
import * as v from 'valibot';
import type { UrlPattern } from '../model';
import { patternProblem } from '../regex/pattern-problem';
import { selectorProblem } from '../selector/validate';
import { compileUrlPattern } from '../url/compile';
import { urlPatternWords } from '../url/pattern-words';
import { urlPatternImpl } from '../url/with-polyfill';
import { describe } from './words';

/**
 * An object that reports every unknown field (with a suggestion for a misspelt one). Typed as a
 * strict object; at run time it checks all extra keys, where a strict object stops at the first.
 */
export function strict<const E extends v.ObjectEntries>(entries: E): v.StrictObjectSchema<E, undefined> {
  const known = Object.keys(entries);
  // The issue's path is not known yet here; `issueWords` turns this into a suggestion.
  const unknownKey = v.never(`is not a known field (known: ${known.join(', ')})`);
  return v.objectWithRest(entries, unknownKey) as unknown as v.StrictObjectSchema<E, undefined>;
}

/** Control characters other than tab, newline and carriage return. */
const isControl = (s: string) => {
  for (let k = 0; k < s.length; k++) {
    const code = s.charCodeAt(k);
    if (code < 0x20 && code !== 9 && code !== 10 && code !== 13) return true;
  }
  return false;
};

/** Text of a bounded length with no control characters other than newlines and tabs. */
export const text = (max: number, description: string, min = 1) =>
  v.pipe(
    v.string(),
    v.minLength(min),
    v.maxLength(max),
    v.check((s) => !isControl(s), 'must not contain control characters'),
    v.description(description),
  );

/** An id: unique within its list. */
export const id = (description: string) => text(200, description);

/** A CSS selector that parses and uses only pseudo-classes browsers know. */
export const selector = (description: string) =>
  v.pipe(
    v.string(),
    v.maxLength(1000),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const problem = selectorProblem(dataset.value);
      if (problem) addIssue({ message: `${describe(dataset.value)} is not a valid CSS selector (${problem})` });
    }),
    v.description(description),
  );

/** A regular expression with flags, refused when it could hang the page. */
export const pattern = (description: string) => v.pipe(v.string(), v.maxLength(1000), v.description(description));

/** Checks `matches` with its `flags` on an object that has both. */
export const patternCheck = <T extends { matches: string; flags?: string }>() =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = patternProblem(dataset.value.matches, dataset.value.flags);
    if (problem) {
      addIssue({
        message: problem,
        path: [{ type: 'object', origin: 'value', input: dataset.value, key: 'matches', value: dataset.value.matches }],
      });
    }
  });

export const flags = v.pipe(
  v.string(),
  v.maxLength(8),
  v.description('Regular-expression flags: any of i (ignore case), m, s, u.'),
);

const urlCheck = v.rawCheck<UrlPattern>(({ dataset, addIssue }) => {
  if (!dataset.typed) return;
  try {
    compileUrlPattern(dataset.value, urlPatternImpl());
  } catch (e) {
    addIssue({
      message: `${describe(dataset.value)} is not a valid URL pattern: ${urlPatternWords(dataset.value, e as Error)}`,
    });
  }
});

const part = (name: string) =>
  v.optional(v.pipe(v.string(), v.maxLength(1000), v.description(`URLPattern ${name} part.`)));

/** A match pattern or URLPattern string, or URLPattern parts. */
export const urlPattern = v.pipe(
  v.union(
    [
      v.pipe(
        v.string(),
        v.minLength(1),
        v.maxLength(2048),
        v.description(
          'A match pattern (https://*.example.com/accounts/*) or a URL pattern with named segments ' +
            '(https://crm.example.com/accounts/:id, https://crm.example.com/reports#/pipeline).',
        ),
      ),
      strict({
        protocol: part('protocol'),
        hostname: part('hostname'),
        port: part('port'),
        pathname: part('pathname'),
        search: part('search'),
        hash: part('hash'),
      }),
    ],
    (issue) =>
      `must be a URL pattern such as "https://crm.example.com/accounts/:id", or an object of URL parts${` (got ${describe(issue.input)})`}`,
  ),
  urlCheck,
);
