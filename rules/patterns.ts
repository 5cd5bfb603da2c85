/**
 * The linear-time pattern engine's door, for the bundle that brings it into a page on demand
 * (`entrypoints/overlay-patterns`): large (the whole RE2 engine), so never in the always-loaded
 * content script, and without the rest of the rules core.
 */
export { createLinearTester } from './regex/linear';
export type { PatternTester } from './regex/test-pattern';
