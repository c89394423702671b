import { Moments } from './moments.js';
import { QuantileSketch } from './quantiles.js';

/**
 * Per-time-bucket reduction of one time series over replications: a {@link Moments} and a
 * {@link QuantileSketch} per bucket. Memory depends on the number of buckets, not replications.
 */
export class SeriesAccumulator {
  readonly moments: Moments[];
  readonly sketches: QuantileSketch[];

  constructor(readonly length: number) {
    this.moments = Array.from({ length }, () => new Moments());
    this.sketches = Array.from({ length }, () => new QuantileSketch());
  }

  /** Add one replication's series (length must match). */
  add(values: ArrayLike<number>): this {
    if (values.length !== this.length) throw new RangeError(`SeriesAccumulator.add: expected ${this.length} buckets, got ${values.length}`);
    for (let i = 0; i < this.length; i++) {
      this.moments[i].add(values[i]);
      this.sketches[i].add(values[i]);
    }
    return this;
  }

  combine(other: SeriesAccumulator): this {
    if (other.length !== this.length) throw new RangeError('SeriesAccumulator.combine: different lengths');
    for (let i = 0; i < this.length; i++) {
      this.moments[i].combine(other.moments[i]);
      this.sketches[i].combine(other.sketches[i]);
    }
    return this;
  }
}
