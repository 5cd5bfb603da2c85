/**
 * Format 1 of a rule pack: the first model (DESIGN.md). Read only to migrate it.
 */
import type { Placement, UrlPattern } from '../model';

export interface TargetV1 {
  selector: string;
  fallbacks?: string[];
  text?: string;
  frame?: string;
}

/** Format 1 put several checks in one object; they all had to hold. */
export interface ConditionV1 {
  exists?: TargetV1;
  absent?: TargetV1;
  url?: UrlPattern;
  value?: { target: TargetV1; matches: string };
}

export interface WhereV1 {
  urls: UrlPattern[];
  excludeUrls?: UrlPattern[];
  /** All of these hold. */
  when?: ConditionV1[];
}

export interface StepV1 {
  target?: TargetV1;
  title: string;
  brief: string;
  detail?: string;
  placement?: Placement;
  advance: 'next' | 'click-target' | 'input-target' | { url: UrlPattern } | { appear: TargetV1 };
}

export interface RuleV1 {
  id: string;
  name: string;
  kind: 'walkthrough' | 'tip' | 'hint';
  status: 'draft' | 'published';
  where: WhereV1;
  start: 'auto' | 'manual' | { on: 'appear' | 'click' | 'focus'; target: TargetV1 };
  audience?: { roles?: string[] };
  priority?: number;
  steps: StepV1[];
  updatedAt: string;
  reviewedAt?: string;
  owner?: string;
}

export interface ChecklistV1 {
  id: string;
  title: string;
  where: WhereV1;
  items: { id: string; title: string; doneWhen: ConditionV1; startsRule?: string }[];
}

export interface PackV1 {
  format: 1;
  id: string;
  name: string;
  version: number;
  rules: RuleV1[];
  checklists: ChecklistV1[];
}
