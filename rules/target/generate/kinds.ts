/** The kinds of candidate the generator writes (a module of its own: the message schema needs only this). */
export const CANDIDATE_KINDS = [
  'test-id',
  'id',
  'name',
  'aria-label',
  'label',
  'text',
  'link',
  'attribute',
  'class',
  'tag',
  'scoped',
  'sibling',
  'container',
  'position',
] as const;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];
