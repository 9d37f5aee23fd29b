/** Shares compared between two samples: is a difference more than chance? */

/** A count of successes out of a number of tries (answered calls out of calls made, say). */
export interface Sample {
  hits: number;
  total: number;
}

/** z of 95% two-sided. */
const Z_95 = 1.96;

/**
 * Two-proportion z-test (pooled), 95% two-sided: true when the two shares differ by more than sampling noise
 * explains. Small samples need large gaps; empty samples never differ.
 */
export function clearlyDifferent(a: Sample, b: Sample): boolean {
  if (a.total === 0 || b.total === 0) return false;
  const pooled = (a.hits + b.hits) / (a.total + b.total);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.total + 1 / b.total));
  if (se === 0) return false;
  return Math.abs(a.hits / a.total - b.hits / b.total) / se >= Z_95;
}

export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
