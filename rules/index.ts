/**
 * The rules core's front door for the background, the extension pages, the team server, the
 * benchmarks and the scripts: the rule model, pack validation and migration, the origin
 * pre-filter, URL patterns, rule patterns, the engines, and new rules as the editors make them.
 *
 * Code that runs in a page has doors of its own, which carry no validation code: the overlay
 * imports `rules/engine`, the picker `rules/authoring` (the target generator, which the editor and
 * the benchmarks use too), and the on-demand pattern bundle `rules/patterns`. Outside `rules/`,
 * only tests import its other modules (`test/unit/boundaries.test.ts` checks it).
 */

export {
  PERSONAL_TIP_LIMITS,
  type PersonalTipInput,
  type PersonalTipWords,
  personalTipProblems,
  personalTipRule,
  personalTipWhere,
  personalTipWords,
  withPersonalTipWords,
} from './draft/personal-tip';
export {
  type RecordedAction,
  type RecordedRuleInput,
  type RecordedStep,
  recordedRule,
  recordedSteps,
} from './draft/recording';
export { type NewRuleInput, newRule, ruleIdFor, ruleProblems } from './draft/rule';
export { generalisePath, patternMatchesUrl, suggestUrlPattern } from './draft/where';
export { batchFromRecords, createEngine } from './engine';
export type * from './engine-api';
export type * from './model';
export { CHECKLIST_EVENTS, FORMAT_VERSION, USAGE_EVENTS } from './model';
export { createNaiveEngine } from './naive-engine';
export { MAX_PACK_BYTES, sizeInWords } from './pack-size';
export { formatProblem, PARSE_SLICE_MS, type ParseResult, parsePack, parsePackInSlices } from './parse-pack';
export { compileLinear, createLinearTester, MAX_PROGRAM_SIZE } from './regex/linear';
export { patternProblem } from './regex/pattern-problem';
export { MAX_PATTERN_INPUT } from './regex/test-pattern';
export { rulePackJsonSchema } from './schema/json-schema';
export { selectorProblem } from './selector/validate';
export { type AmbiguousTarget, ambiguousTargets, ruleTargets } from './target/ambiguity';
export { compileUrlPattern } from './url/compile';
export { ruleMatchesUrl, ruleMayApplyToOrigin } from './url/origin';
export { type PageParts, pagePartsRead } from './url/page-parts';
export { urlPatternImpl } from './url/with-polyfill';
