/**
 * Streaming, mergeable summaries of one variable: count, mean, variance (Welford), min and max.
 *
 * `add` is Welford's update; `combine` is Chan et al.'s pairwise merge, so shards or workers can
 * reduce separately and be merged in O(1). NaN values are skipped and counted in `nanCount`
 * (the output contract uses NaN for "undefined in this replication").
 */
export class Moments {
  /** Number of non-NaN values added. */
  n = 0;
  /** Number of NaN values skipped. */
  nanCount = 0;
  mean = 0;
  /** Sum of squared deviations from the mean. */
  m2 = 0;
  min = Infinity;
  max = -Infinity;

  /** Add one value; NaN is counted in `nanCount` and otherwise ignored. */
  add(x: number): this {
    if (Number.isNaN(x)) {
      this.nanCount++;
      return this;
    }
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    return this;
  }

  /** Merge `other` into this accumulator (O(1)); `other` is unchanged. */
  combine(other: Moments): this {
    this.nanCount += other.nanCount;
    if (other.n === 0) return this;
    if (this.n === 0) {
      this.n = other.n;
      this.mean = other.mean;
      this.m2 = other.m2;
      this.min = other.min;
      this.max = other.max;
      return this;
    }
    const n = this.n + other.n;
    const d = other.mean - this.mean;
    this.mean += (d * other.n) / n;
    this.m2 += other.m2 + (d * d * this.n * other.n) / n;
    this.n = n;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    return this;
  }

  /** Sample variance (n − 1 denominator); NaN when n < 2. */
  get variance(): number {
    return this.n < 2 ? NaN : this.m2 / (this.n - 1);
  }

  /** Sample standard deviation; NaN when n < 2. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** Standard error of the mean; NaN when n < 2. */
  get standardError(): number {
    return Math.sqrt(this.variance / this.n);
  }

  /** Mean, or NaN when no value was added (the running mean starts at 0). */
  get meanOrNaN(): number {
    return this.n === 0 ? NaN : this.mean;
  }
}

/**
 * Streaming, mergeable co-moments of a pair (x, y): both means, both variances and the covariance.
 * A pair with either side NaN is skipped and counted in `nanCount`. Used for paired differences
 * (x = arm − reference, y = reference) and for cost-effectiveness ratios.
 */
export class CoMoments {
  n = 0;
  nanCount = 0;
  meanX = 0;
  meanY = 0;
  m2x = 0;
  m2y = 0;
  /** Sum of co-deviations Σ(x − x̄)(y − ȳ). */
  cxy = 0;

  add(x: number, y: number): this {
    if (Number.isNaN(x) || Number.isNaN(y)) {
      this.nanCount++;
      return this;
    }
    this.n++;
    const dx = x - this.meanX;
    this.meanX += dx / this.n;
    const dy = y - this.meanY;
    this.meanY += dy / this.n;
    // Welford's co-moment update uses the old x deviation and the new y deviation.
    this.m2x += dx * (x - this.meanX);
    this.m2y += dy * (y - this.meanY);
    this.cxy += dx * (y - this.meanY);
    return this;
  }

  combine(o: CoMoments): this {
    this.nanCount += o.nanCount;
    if (o.n === 0) return this;
    if (this.n === 0) {
      Object.assign(this, { n: o.n, meanX: o.meanX, meanY: o.meanY, m2x: o.m2x, m2y: o.m2y, cxy: o.cxy });
      return this;
    }
    const n = this.n + o.n;
    const dx = o.meanX - this.meanX;
    const dy = o.meanY - this.meanY;
    const w = (this.n * o.n) / n;
    this.m2x += o.m2x + dx * dx * w;
    this.m2y += o.m2y + dy * dy * w;
    this.cxy += o.cxy + dx * dy * w;
    this.meanX += (dx * o.n) / n;
    this.meanY += (dy * o.n) / n;
    this.n = n;
    return this;
  }

  get varX(): number {
    return this.n < 2 ? NaN : this.m2x / (this.n - 1);
  }
  get varY(): number {
    return this.n < 2 ? NaN : this.m2y / (this.n - 1);
  }
  /** Sample covariance (n − 1 denominator). */
  get cov(): number {
    return this.n < 2 ? NaN : this.cxy / (this.n - 1);
  }
}
