/**
 * The rules core for the background, the options page, the editor and the sync server: pack
 * validation and migration, the origin pre-filter, and the engines.
 *
 * The overlay content script imports `rules/engine` instead, which carries no validation code.
 */
export { batchFromRecords, createEngine } from './engine';
export type * from './engine-api';
export type * from './model';
export { FORMAT_VERSION } from './model';
export { createNaiveEngine } from './naive-engine';
export { formatProblem, type ParseResult, parsePack } from './parse-pack';
export { compileLinear, createLinearTester, MAX_PROGRAM_SIZE } from './regex/linear';
export { patternProblem } from './regex/pattern-problem';
export { MAX_PATTERN_INPUT } from './regex/test-pattern';
export { selectorProblem } from './selector/validate';
export { compileUrlPattern } from './url/compile';
export { ruleMayApplyToOrigin } from './url/origin';
