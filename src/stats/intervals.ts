import { tQuantile } from './t-distribution.js';
import type { Moments } from './moments.js';

/** A two-sided interval; bounds are NaN when undefined (too few values, unbounded ratio). */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/**
 * Student-t confidence interval of a mean from its summary statistics.
 * @param level two-sided confidence level, default 0.95.
 * @example meanInterval(10, 2, 25) // => { estimate: 10, low: 9.174…, high: 10.825… }
 */
export function meanInterval(mean: number, sd: number, n: number, level = 0.95): Interval {
  if (n < 2 || !Number.isFinite(sd)) return { estimate: n >= 1 ? mean : NaN, low: NaN, high: NaN };
  const h = tQuantile(0.5 + level / 2, n - 1) * (sd / Math.sqrt(n));
  return { estimate: mean, low: mean - h, high: mean + h };
}

/** {@link meanInterval} of a {@link Moments} accumulator. */
export function momentsInterval(m: Moments, level = 0.95): Interval {
  return meanInterval(m.meanOrNaN, m.sd, m.n, level);
}

/**
 * Fieller's confidence interval for a ratio of means ρ = E[a] / E[b] from n paired observations.
 *
 * Inputs are sample means, sample variances and covariance of the *observations* (not of the
 * means). The interval is exact for bivariate-normal means; it is NaN-bounded when the denominator
 * is not significantly different from 0 at this level (g ≥ 1), where no finite interval exists.
 */
export function fiellerInterval(
  meanA: number,
  meanB: number,
  varA: number,
  varB: number,
  covAB: number,
  n: number,
  level = 0.95,
): Interval {
  const estimate = meanB === 0 ? NaN : meanA / meanB;
  if (n < 2 || !Number.isFinite(varA) || !Number.isFinite(varB) || !Number.isFinite(covAB) || meanB === 0)
    return { estimate, low: NaN, high: NaN };
  const t = tQuantile(0.5 + level / 2, n - 1);
  const t2 = t * t;
  const v11 = varA / n;
  const v22 = varB / n;
  const v12 = covAB / n;
  const denom = meanB * meanB - t2 * v22;
  if (denom <= 0) return { estimate, low: NaN, high: NaN };
  const mid = meanA * meanB - t2 * v12;
  const disc = mid * mid - denom * (meanA * meanA - t2 * v11);
  if (disc < 0) return { estimate, low: NaN, high: NaN };
  const r = Math.sqrt(disc);
  return { estimate, low: (mid - r) / denom, high: (mid + r) / denom };
}

/** Half-width of the interval relative to |estimate| (Infinity when undefined). */
export function relativeHalfWidth(iv: Interval): number {
  const h = (iv.high - iv.low) / 2;
  if (!Number.isFinite(h)) return Infinity;
  if (h === 0) return 0;
  return h / Math.abs(iv.estimate);
}
