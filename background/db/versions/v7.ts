import type { SchemaVersion } from './types';

/**
 * Version 7 (insights): what idle probes found for each step's target — counts per (rule, step,
 * day), and the latest state per (rule, step): when it was last found, since when it is missing,
 * which way found it. Only new tables, so nothing older is rewritten.
 */
export const v7: SchemaVersion = {
  version: 7,
  stores: {
    probes: '[ruleId+stepId+day], day, ruleId',
    probeStates: '[ruleId+stepId], ruleId',
  },
};
