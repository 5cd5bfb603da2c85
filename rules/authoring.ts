/**
 * The rules core for authoring (the in-page picker, the editor, recording): the target generator
 * and the resolution it checks candidates with. Like `rules/engine.ts`, it carries no validation
 * code.
 */

export type {
  CandidateKind,
  ElementSummary,
  GeneratedTarget,
  GenerateOptions,
  TargetCandidate,
} from './target/generate';
export { generateTarget } from './target/generate';
export { summarize } from './target/generate/describe';
export { CANDIDATE_KINDS } from './target/generate/kinds';
export { dataLikeText, stableHref, unstableClass, unstableName } from './target/generate/stability';
export type { DeepQuery, TargetMatch } from './target/resolve';
export { deepQuerier, resolveTarget } from './target/resolve';
