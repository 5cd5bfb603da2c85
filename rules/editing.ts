/**
 * The rules core for editors (the popup's quick editor, the editor page, the background's
 * publishing): new rules, where they apply, and the checks a rule gets as it is edited.
 */
export { type NewRuleInput, newRule, ruleIdFor, ruleProblems } from './draft/rule';
export { generalisePath, patternMatchesUrl, suggestUrlPattern } from './draft/where';
