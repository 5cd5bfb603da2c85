/**
 * The order statistics every benchmark reports, in one place so their figures mean the same:
 * nearest rank on the sorted values, the upper one of the middle two for an even count.
 */

/** The `p`th percentile (0 to 100) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The median of `values` (the 50th percentile). */
export const median = (values: readonly number[]): number => percentile(values, 50);
