import { CoMoments } from './moments.js';
import { fiellerInterval, meanInterval, type Interval } from './intervals.js';
import { tQuantile } from './t-distribution.js';

/**
 * Paired differences of an arm against a reference over common-random-number replications:
 * accumulates (d = arm − reference, reference) so it can report the mean difference and the
 * relative difference d̄ / ȳ with Fieller's interval (which accounts for the correlation between
 * the difference and the reference level). Pairs with either side NaN are skipped and counted.
 */
export class PairedDifference {
  readonly co = new CoMoments();

  /** Add one replication's pair. */
  add(arm: number, reference: number): this {
    this.co.add(arm - reference, reference);
    return this;
  }

  combine(other: PairedDifference): this {
    this.co.combine(other.co);
    return this;
  }

  get n(): number {
    return this.co.n;
  }
  /** Mean paired difference (arm − reference); NaN when empty. */
  get mean(): number {
    return this.co.n === 0 ? NaN : this.co.meanX;
  }
  get sd(): number {
    return Math.sqrt(this.co.varX);
  }
  /** Mean of the reference over the same pairs. */
  get referenceMean(): number {
    return this.co.n === 0 ? NaN : this.co.meanY;
  }

  /** Two-sided Student-t interval of the mean difference. */
  interval(level = 0.95): Interval {
    return meanInterval(this.mean, this.sd, this.co.n, level);
  }

  /** Relative difference d̄ / ȳ with its two-sided Fieller interval. */
  relativeInterval(level = 0.95): Interval {
    return fiellerInterval(this.co.meanX, this.co.meanY, this.co.varX, this.co.varY, this.co.cov, this.co.n, level);
  }

  /**
   * One-sided bound at `confidence` (e.g. 0.95): the upper bound when `side` is 'upper'.
   * Equals one end of the two-sided interval at level 2·confidence − 1.
   */
  bound(side: 'upper' | 'lower', confidence: number, relative: boolean): number {
    const level = 2 * confidence - 1;
    const iv = relative ? this.relativeInterval(level) : this.interval(level);
    return side === 'upper' ? iv.high : iv.low;
  }
}

/** One-sided bound of a mean at `confidence` from summary statistics. */
export function oneSidedMeanBound(mean: number, sd: number, n: number, side: 'upper' | 'lower', confidence: number): number {
  if (n < 2 || !Number.isFinite(sd)) return NaN;
  const h = tQuantile(confidence, n - 1) * (sd / Math.sqrt(n));
  return side === 'upper' ? mean + h : mean - h;
}
