import { quantileSorted } from 'simple-statistics';

/** Default relative accuracy of the sketch once it leaves exact mode (0.5 %). */
export const SKETCH_RELATIVE_ERROR = 0.005;
/** Default number of values kept exactly before switching to the sketch. */
export const EXACT_LIMIT = 256;
/** Magnitudes below this are counted as zero by the sketch (absolute error ≤ 1e-9). */
const MIN_MAGNITUDE = 1e-9;

/**
 * Mergeable quantiles with bounded memory and deterministic results.
 *
 * - While it holds at most `exactLimit` values, quantiles are **exact** (the simple-statistics
 *   `quantileSorted` convention).
 * - Beyond that it becomes a log-bucketed histogram (DDSketch, Masson et al. 2019): a value x > 0
 *   goes to bucket ⌈log_γ x⌉ with γ = (1+α)/(1−α); negatives mirror; |x| < 1e-9 counts as zero.
 *   Any returned quantile is within relative error α (default 0.5 %) of an order statistic at the
 *   requested rank ⌊p·(n−1)⌋ (plus the 1e-9 absolute zero band).
 *
 * Bucket counts are integers, so merging is exact addition: the result does not depend on the
 * order in which values were added or sketches merged, nor on when the switch happened. Memory is
 * bounded by the dynamic range (4 bytes per bucket index between the smallest and largest
 * magnitude seen: ≤ ~5,600 buckets, 22 KB, for magnitudes 1e-9…1e15 at α = 0.5 %), not by n.
 */
export class QuantileSketch {
  /** Values held while exact (first `len` entries, grown by doubling); null after switching to buckets. */
  private values: Float64Array | null = new Float64Array(8);
  private len = 0;
  private readonly pos = new DenseStore();
  private readonly neg = new DenseStore();
  private zeros = 0;
  private readonly lnGamma: number;
  /** Non-NaN values added. */
  n = 0;

  constructor(
    readonly exactLimit = EXACT_LIMIT,
    readonly relativeError = SKETCH_RELATIVE_ERROR,
  ) {
    this.lnGamma = Math.log((1 + relativeError) / (1 - relativeError));
  }

  /** True while quantiles are exact. */
  get exact(): boolean {
    return this.values !== null;
  }

  /** Add a value; NaN is ignored (counted by the companion {@link Moments}). */
  add(x: number): this {
    if (Number.isNaN(x)) return this;
    this.n++;
    if (this.values !== null) {
      this.push(x);
      if (this.len > this.exactLimit) this.toBuckets();
    } else this.bucket(x, 1);
    return this;
  }

  /** Merge `other` into this sketch (both must share `relativeError`). `other` is unchanged. */
  combine(other: QuantileSketch): this {
    if (other.relativeError !== this.relativeError) throw new RangeError('QuantileSketch.combine: different relative errors');
    this.n += other.n;
    if (this.values !== null && other.values !== null && this.len + other.len <= this.exactLimit) {
      for (let i = 0; i < other.len; i++) this.push(other.values[i]);
      return this;
    }
    if (this.values !== null) this.toBuckets();
    if (other.values !== null) for (let i = 0; i < other.len; i++) this.bucket(other.values[i], 1);
    else {
      this.zeros += other.zeros;
      this.pos.addStore(other.pos);
      this.neg.addStore(other.neg);
    }
    return this;
  }

  /** The p-quantile (0 ≤ p ≤ 1); NaN when empty. */
  quantile(p: number): number {
    if (this.n === 0 || !(p >= 0 && p <= 1)) return NaN;
    if (this.values !== null) {
      const sorted = this.values.slice(0, this.len).sort();
      return quantileSorted(Array.from(sorted), p);
    }
    const rank = Math.floor(p * (this.n - 1));
    let seen = 0;
    // Ascending order: most negative bucket first (largest |x| index), then zero, then positives.
    const neg = this.neg;
    for (let i = neg.counts.length - 1; i >= 0; i--) {
      seen += neg.counts[i];
      if (seen > rank) return -this.representative(neg.offset + i);
    }
    seen += this.zeros;
    if (seen > rank) return 0;
    const pos = this.pos;
    let lastK = NaN;
    for (let i = 0; i < pos.counts.length; i++) {
      if (pos.counts[i] === 0) continue;
      seen += pos.counts[i];
      lastK = pos.offset + i;
      if (seen > rank) return this.representative(lastK);
    }
    return this.representative(lastK);
  }

  /** Number of buckets in use (0 while exact); for memory checks. */
  get bucketCount(): number {
    return this.pos.used() + this.neg.used() + (this.zeros > 0 ? 1 : 0);
  }

  private representative(k: number): number {
    // Midpoint (in relative terms) of bucket (γ^(k−1), γ^k]: within α of every value in it.
    const g = Math.exp(this.lnGamma);
    return (2 * Math.exp(k * this.lnGamma)) / (g + 1);
  }

  private bucket(x: number, count: number): void {
    const a = Math.abs(x);
    if (a < MIN_MAGNITUDE) {
      this.zeros += count;
      return;
    }
    const k = Math.ceil(Math.log(a) / this.lnGamma);
    (x > 0 ? this.pos : this.neg).add(k, count);
  }

  private push(x: number): void {
    if (this.len === this.values!.length) {
      const grown = new Float64Array(this.values!.length * 2);
      grown.set(this.values!);
      this.values = grown;
    }
    this.values![this.len++] = x;
  }

  private toBuckets(): void {
    const vs = this.values!;
    const n = this.len;
    this.values = null;
    this.len = 0;
    for (let i = 0; i < n; i++) this.bucket(vs[i], 1);
  }
}

/**
 * Bucket counts over a contiguous index range [offset, offset + counts.length): 4 bytes per bucket
 * (a Map costs ~10× more), grown on demand. Its size depends on the range of the values, not on n.
 */
class DenseStore {
  counts = new Uint32Array(0);
  offset = 0;

  add(k: number, c: number): void {
    this.cover(k, k);
    this.counts[k - this.offset] += c;
  }

  addStore(o: DenseStore): void {
    let first = -1;
    let last = -1;
    for (let i = 0; i < o.counts.length; i++) {
      if (o.counts[i] === 0) continue;
      if (first < 0) first = i;
      last = i;
    }
    if (first < 0) return;
    this.cover(o.offset + first, o.offset + last);
    for (let i = first; i <= last; i++) this.counts[o.offset + i - this.offset] += o.counts[i];
  }

  used(): number {
    let n = 0;
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] !== 0) n++;
    return n;
  }

  /** Make indices lo..hi addressable, with slack so repeated growth stays amortized O(1). */
  private cover(lo: number, hi: number): void {
    const len = this.counts.length;
    if (len > 0 && lo >= this.offset && hi < this.offset + len) return;
    const curLo = len > 0 ? this.offset : lo;
    const curHi = len > 0 ? this.offset + len - 1 : hi;
    let newLo = Math.min(lo, curLo);
    let newHi = Math.max(hi, curHi);
    if (len > 0) {
      const slack = Math.max(8, Math.ceil((newHi - newLo + 1) / 4));
      if (newLo < curLo) newLo -= slack;
      if (newHi > curHi) newHi += slack;
    }
    const grown = new Uint32Array(newHi - newLo + 1);
    if (len > 0) grown.set(this.counts, this.offset - newLo);
    this.counts = grown;
    this.offset = newLo;
  }
}
