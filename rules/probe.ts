/**
 * The door for the content-health probe bundle (`entrypoints/overlay-probe`), injected into a page
 * on demand: whether a rule applies there (URL and condition) and where a target is, as the engines
 * find it — without validation code.
 */
export { type ConditionContext, evaluateCondition } from './conditions';
export { compileWhere, parseUrl, patternCompiler, whereMatches } from './engine/compile-rules';
export { makeResolution, NOT_FOUND } from './engine/resolution';
export type { Resolution } from './engine-api';
export type { Rule, Target } from './model';
export { frameDocuments, queryAll, shadowRootsUnder } from './target/dom';
export { filterMatches } from './target/filter';
export { nativeURLPattern } from './url/compile';
export type { URLPatternConstructor } from './url/types';
