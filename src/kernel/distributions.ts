/**
 * Probability distributions as factories: each validates its parameters once (throwing a
 * `RangeError` that names the parameter, the expectation and the value found) and returns a
 * {@link Distribution} whose `sample(rng)` draws with the given stream.
 *
 * Why the stream is an argument rather than captured: one distribution object (e.g. "repair time
 * of a sterile-injectable line") can then be shared by many entities, each drawing from its own
 * named stream, which keeps common random numbers intact across policy arms.
 *
 * Where possible a sample consumes exactly one uniform (inversion: uniform, exponential, normal,
 * lognormal, Weibull, triangular, Bernoulli, categorical, empirical, and Poisson with λ < 30), so
 * streams stay synchronized across arms whatever the parameters. Gamma, PERT (via beta) and
 * Poisson with λ ≥ 30 use rejection and consume a variable number of uniforms.
 *
 * Uniforms have 32-bit resolution (see {@link Rng}); inversion methods use the cell midpoint
 * u + 2^-33 so that 0 and 1 are never fed to a quantile function. The largest exponential draw is
 * therefore about 22.9 means, and the most extreme normal draw about ±6.4 sd.
 */
import type { Rng } from './random.js';
import { gammaFn, incompleteBeta, incompleteGamma, lnGamma, normalCdf, normalQuantile } from './special.js';

/** A sampler with its (finite) mean and variance. */
export interface Distribution {
  /** Short description with parameters, e.g. `exponential(rate=0.5)`. */
  readonly name: string;
  /** Draw one value using the stream `rng`. */
  sample(rng: Rng): number;
  /** Expected value (exact, from the parameters). */
  readonly mean: number;
  /** Variance (exact, from the parameters). */
  readonly variance: number;
  /** Cumulative distribution function P(X ≤ x), where a closed or numerical form is available. */
  cdf?(x: number): number;
}

/** Half a 32-bit cell: maps u ∈ {k/2^32} to the open interval (0, 1). */
const HALF_CELL = 1 / 8589934592;

function fail(dist: string, param: string, expected: string, found: unknown): never {
  throw new RangeError(`${dist}: ${param} must be ${expected}, got ${String(found)}`);
}
function finite(dist: string, param: string, x: number): void {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(dist, param, 'a finite number', x);
}
function positive(dist: string, param: string, x: number): void {
  if (typeof x !== 'number' || !(x > 0 && x < Infinity)) fail(dist, param, 'a finite number > 0', x);
}

/**
 * Continuous uniform on [min, max). Mean (min+max)/2, variance (max−min)²/12.
 * @throws RangeError unless min and max are finite and min ≤ max.
 * @example uniform(2, 5).sample(rng); // => a number in [2, 5)
 */
export function uniform(min: number, max: number): Distribution {
  finite('uniform', 'min', min);
  finite('uniform', 'max', max);
  if (!(min <= max)) fail('uniform', 'max', `≥ min (${min})`, max);
  const w = max - min;
  return {
    name: `uniform(min=${min}, max=${max})`,
    sample: (rng) => min + w * rng(),
    mean: (min + max) / 2,
    variance: (w * w) / 12,
    cdf: (x) => (x <= min ? 0 : x >= max ? 1 : (x - min) / w),
  };
}

/**
 * Exponential with `rate` events per unit time (mean 1/rate, variance 1/rate²), by inversion.
 * @throws RangeError unless rate is finite and > 0.
 * @example exponential(0.5).mean; // => 2
 */
export function exponential(rate: number): Distribution {
  positive('exponential', 'rate', rate);
  const m = 1 / rate;
  return {
    name: `exponential(rate=${rate})`,
    sample: (rng) => -Math.log(1 - rng() - HALF_CELL) * m,
    mean: m,
    variance: m * m,
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-rate * x)),
  };
}

/**
 * Exponential given its mean (= 1/rate).
 * @throws RangeError unless mean is finite and > 0.
 * @example exponentialMean(30).mean; // => 30
 */
export function exponentialMean(mean: number): Distribution {
  positive('exponentialMean', 'mean', mean);
  return exponential(1 / mean);
}

/**
 * Normal with mean and standard deviation `sd` (sd = 0 gives the constant `mean`), by inversion of
 * Φ (AS 241), one uniform per draw.
 * @throws RangeError unless mean is finite and sd is finite and ≥ 0.
 * @example normal(10, 2).variance; // => 4
 */
export function normal(mean: number, sd: number): Distribution {
  finite('normal', 'mean', mean);
  if (typeof sd !== 'number' || !(sd >= 0 && sd < Infinity)) fail('normal', 'sd', 'a finite number ≥ 0', sd);
  return {
    name: `normal(mean=${mean}, sd=${sd})`,
    sample: (rng) => mean + sd * normalQuantile(rng() + HALF_CELL),
    mean,
    variance: sd * sd,
    cdf: (x) => (sd === 0 ? (x < mean ? 0 : 1) : normalCdf((x - mean) / sd)),
  };
}

function lognormalFromLog(mu: number, sigma: number, name: string): Distribution {
  const s2 = sigma * sigma;
  return {
    name,
    sample: (rng) => Math.exp(mu + sigma * normalQuantile(rng() + HALF_CELL)),
    mean: Math.exp(mu + s2 / 2),
    variance: Math.expm1(s2) * Math.exp(2 * mu + s2),
    cdf: (x) => (x <= 0 ? 0 : sigma === 0 ? (Math.log(x) < mu ? 0 : 1) : normalCdf((Math.log(x) - mu) / sigma)),
  };
}

/**
 * Lognormal by its median and geometric standard deviation `spread` (gsd ≥ 1): ln X is normal with
 * mean ln(median) and sd ln(spread). About 68 % of draws fall in [median/spread, median·spread].
 * Mean = median·exp(σ²/2), variance = (exp(σ²)−1)·exp(2μ+σ²).
 * @throws RangeError unless median > 0 and spread ≥ 1 (both finite).
 * @example lognormal({ median: 30, spread: 2 }).sample(rng); // => e.g. 24.7
 */
export function lognormal(params: { median: number; spread: number }): Distribution {
  const { median, spread } = params;
  positive('lognormal', 'median', median);
  if (typeof spread !== 'number' || !(spread >= 1 && spread < Infinity)) fail('lognormal', 'spread', 'a finite geometric sd ≥ 1', spread);
  return lognormalFromLog(Math.log(median), Math.log(spread), `lognormal(median=${median}, spread=${spread})`);
}

/**
 * Lognormal by its mean and coefficient of variation cv = sd/mean: σ² = ln(1+cv²),
 * μ = ln(mean) − σ²/2.
 * @throws RangeError unless mean > 0 and cv ≥ 0 (both finite).
 * @example lognormalMeanCv({ mean: 60, cv: 0.5 }).mean; // => 60
 */
export function lognormalMeanCv(params: { mean: number; cv: number }): Distribution {
  const { mean, cv } = params;
  positive('lognormalMeanCv', 'mean', mean);
  if (typeof cv !== 'number' || !(cv >= 0 && cv < Infinity)) fail('lognormalMeanCv', 'cv', 'a finite number ≥ 0', cv);
  const s2 = Math.log1p(cv * cv);
  return lognormalFromLog(Math.log(mean) - s2 / 2, Math.sqrt(s2), `lognormal(mean=${mean}, cv=${cv})`);
}

/** Standard gamma(shape ≥ 1) by Marsaglia & Tsang (2000), normals by inversion. */
function standardGammaMT(shape: number, rng: Rng): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = normalQuantile(rng() + HALF_CELL);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng() + HALF_CELL;
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Standard gamma for any shape > 0 (shape < 1 boosted: G(a) = G(a+1)·U^(1/a)). */
function standardGamma(shape: number, rng: Rng): number {
  if (shape >= 1) return standardGammaMT(shape, rng);
  const g = standardGammaMT(shape + 1, rng);
  return g * Math.pow(rng() + HALF_CELL, 1 / shape);
}

/**
 * Gamma with `shape` k and `scale` θ (mean kθ, variance kθ²), by Marsaglia–Tsang rejection;
 * shapes below 1 use the boost G(k) = G(k+1)·U^(1/k).
 * @throws RangeError unless shape and scale are finite and > 0.
 * @example gamma(2, 3).mean; // => 6
 */
export function gamma(shape: number, scale: number): Distribution {
  positive('gamma', 'shape', shape);
  positive('gamma', 'scale', scale);
  return {
    name: `gamma(shape=${shape}, scale=${scale})`,
    sample: (rng) => scale * standardGamma(shape, rng),
    mean: shape * scale,
    variance: shape * scale * scale,
    cdf: (x) => (x <= 0 ? 0 : incompleteGamma(shape, x / scale)[0]),
  };
}

/**
 * Weibull with `shape` k and `scale` λ, by inversion: λ(−ln(1−U))^(1/k).
 * Mean λΓ(1+1/k), variance λ²[Γ(1+2/k) − Γ(1+1/k)²].
 * @throws RangeError unless shape and scale are finite and > 0.
 * @example weibull(1, 10).mean; // => 10 (exponential)
 */
export function weibull(shape: number, scale: number): Distribution {
  positive('weibull', 'shape', shape);
  positive('weibull', 'scale', scale);
  const inv = 1 / shape;
  const g1 = gammaFn(1 + inv), g2 = gammaFn(1 + 2 * inv);
  return {
    name: `weibull(shape=${shape}, scale=${scale})`,
    sample: (rng) => scale * Math.pow(-Math.log(1 - rng() - HALF_CELL), inv),
    mean: scale * g1,
    variance: scale * scale * (g2 - g1 * g1),
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-Math.pow(x / scale, shape))),
  };
}

function checkMinModeMax(dist: string, min: number, mode: number, max: number): void {
  finite(dist, 'min', min);
  finite(dist, 'mode', mode);
  finite(dist, 'max', max);
  if (!(min < max)) fail(dist, 'max', `> min (${min})`, max);
  if (!(mode >= min && mode <= max)) fail(dist, 'mode', `within [min, max] = [${min}, ${max}]`, mode);
}

/**
 * Triangular on [min, max] with peak at `mode`, by inversion.
 * Mean (min+mode+max)/3, variance (a²+b²+c²−ab−ac−bc)/18.
 * @throws RangeError unless min < max and min ≤ mode ≤ max (all finite).
 * @example triangular(0, 1, 4).mean; // => 5/3
 */
export function triangular(min: number, mode: number, max: number): Distribution {
  checkMinModeMax('triangular', min, mode, max);
  const w = max - min, fc = (mode - min) / w;
  const lw = (mode - min) * w, rw = (max - mode) * w;
  return {
    name: `triangular(min=${min}, mode=${mode}, max=${max})`,
    sample: (rng) => {
      const u = rng();
      return u < fc ? min + Math.sqrt(u * lw) : max - Math.sqrt((1 - u) * rw);
    },
    mean: (min + mode + max) / 3,
    variance: (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18,
    cdf: (x) => {
      if (x <= min) return 0;
      if (x >= max) return 1;
      return x <= mode ? ((x - min) * (x - min)) / lw : 1 - ((max - x) * (max - x)) / rw;
    },
  };
}

/**
 * PERT (modified beta) on [min, max] with most likely value `mode` and shape `lambda` (default 4):
 * X = min + (max−min)·B with B ~ Beta(α, β), α = 1 + λ(mode−min)/(max−min),
 * β = 1 + λ(max−mode)/(max−min). Mean (min + λ·mode + max)/(λ+2). Beta drawn as G₁/(G₁+G₂).
 * @throws RangeError unless min < max, min ≤ mode ≤ max and lambda > 0 (all finite).
 * @example pert(10, 20, 60).mean; // => 25
 */
export function pert(min: number, mode: number, max: number, lambda = 4): Distribution {
  checkMinModeMax('pert', min, mode, max);
  positive('pert', 'lambda', lambda);
  const w = max - min;
  const alpha = 1 + (lambda * (mode - min)) / w, beta = 1 + (lambda * (max - mode)) / w;
  const s = alpha + beta;
  return {
    name: `pert(min=${min}, mode=${mode}, max=${max}, lambda=${lambda})`,
    sample: (rng) => {
      const g1 = standardGamma(alpha, rng);
      const g2 = standardGamma(beta, rng);
      return min + (w * g1) / (g1 + g2);
    },
    mean: min + (w * alpha) / s,
    variance: (w * w * alpha * beta) / (s * s * (s + 1)),
    cdf: (x) => incompleteBeta(alpha, beta, (x - min) / w),
  };
}

/**
 * Bernoulli: 1 with probability p, else 0 (one uniform: 1 iff U < p). Mean p, variance p(1−p).
 * @throws RangeError unless 0 ≤ p ≤ 1.
 * @example bernoulli(0.3).sample(rng); // => 0 or 1
 */
export function bernoulli(p: number): Distribution {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) fail('bernoulli', 'p', 'a probability in [0, 1]', p);
  return {
    name: `bernoulli(p=${p})`,
    sample: (rng) => (rng() < p ? 1 : 0),
    mean: p,
    variance: p * (1 - p),
    cdf: (x) => (x < 0 ? 0 : x < 1 ? 1 - p : 1),
  };
}

/** λ at and above which Poisson switches from inversion to PTRS. */
const POISSON_PTRS_FROM = 30;

/**
 * Poisson with mean `lambda` (variance lambda). λ < 30: inversion by sequential search (one uniform,
 * O(λ)); λ ≥ 30: Hörmann's (1993) transformed rejection PTRS (about 2.3 uniforms per draw).
 * λ = 0 always gives 0.
 * @throws RangeError unless lambda is finite and ≥ 0 (and below 1e9, for exactness of counts).
 * @example poisson(4).sample(rng); // => e.g. 3
 */
export function poisson(lambda: number): Distribution {
  if (typeof lambda !== 'number' || !(lambda >= 0 && lambda < 1e9)) fail('poisson', 'lambda', 'a finite number in [0, 1e9)', lambda);
  const name = `poisson(lambda=${lambda})`;
  const cdf = (x: number): number => (x < 0 ? 0 : incompleteGamma(Math.floor(x) + 1, lambda)[1]);
  if (lambda < POISSON_PTRS_FROM) {
    const p0 = Math.exp(-lambda);
    return {
      name,
      sample: (rng) => {
        const u = rng();
        let k = 0, p = p0, c = p0;
        // The 1000-term cap only matters for u within rounding of 1.
        while (u >= c && k < 1000) { k++; p *= lambda / k; c += p; }
        return k;
      },
      mean: lambda,
      variance: lambda,
      cdf,
    };
  }
  const slam = Math.sqrt(lambda), logLam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  const logInvAlpha = Math.log(invAlpha);
  return {
    name,
    sample: (rng) => {
      for (;;) {
        const u = rng() - 0.5;
        const v = rng() + HALF_CELL;
        const us = 0.5 - Math.abs(u);
        const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
        if (us >= 0.07 && v <= vr) return k;
        if (k < 0 || (us < 0.013 && v > us)) continue;
        if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -lambda + k * logLam - lnGamma(k + 1)) return k;
      }
    },
    mean: lambda,
    variance: lambda,
    cdf,
  };
}

/**
 * Categorical over indices 0…n−1 with probabilities proportional to `weights`, by Walker's alias
 * method (Vose's construction): O(n) set-up, O(1) and one uniform per draw. Returns the index.
 * Mean and variance are those of the index.
 * @throws RangeError unless weights is non-empty, every weight is finite and ≥ 0, and their sum > 0.
 * @example categorical([1, 3]).sample(rng); // => 1 three times out of four
 */
export function categorical(weights: readonly number[]): Distribution {
  const n = weights.length;
  if (n === 0) fail('categorical', 'weights', 'a non-empty list', '[]');
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (typeof w !== 'number' || !(w >= 0 && w < Infinity)) fail('categorical', `weights[${i}]`, 'a finite number ≥ 0', w);
    total += w;
  }
  if (!(total > 0)) fail('categorical', 'weights', 'a list with a positive sum', `sum ${total}`);
  const prob = new Float64Array(n), alias = new Int32Array(n);
  const scaled = weights.map((w) => (w * n) / total);
  const small: number[] = [], large: number[] = [];
  scaled.forEach((s, i) => (s < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const l = small.pop()!, g = large.pop()!;
    prob[l] = scaled[l]; alias[l] = g;
    scaled[g] = scaled[g] + scaled[l] - 1;
    (scaled[g] < 1 ? small : large).push(g);
  }
  // Left-overs have probability 1 up to rounding.
  for (const i of large) { prob[i] = 1; alias[i] = i; }
  for (const i of small) { prob[i] = 1; alias[i] = i; }
  let mean = 0, m2 = 0;
  for (let i = 0; i < n; i++) { const p = weights[i] / total; mean += i * p; m2 += i * i * p; }
  const cum = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) { acc += weights[i] / total; cum[i] = acc; }
  return {
    name: `categorical(n=${n})`,
    sample: (rng) => {
      const x = rng() * n;
      const i = Math.floor(x);
      return x - i < prob[i] ? i : alias[i];
    },
    mean,
    variance: m2 - mean * mean,
    cdf: (x) => (x < 0 ? 0 : x >= n - 1 ? 1 : cum[Math.floor(x)]),
  };
}

function checkValues(dist: string, values: readonly number[], min: number): Float64Array {
  if (values.length < min) fail(dist, 'values', `a list of at least ${min} number(s)`, `${values.length} value(s)`);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(dist, `values[${i}]`, 'a finite number', v);
    out[i] = v;
  }
  return out;
}

/**
 * Empirical (bootstrap) distribution: each draw is one of `values`, equally likely (one uniform).
 * Mean and variance are the population moments of `values`.
 * @throws RangeError unless values is a non-empty list of finite numbers.
 * @example empirical([3, 5, 8]).sample(rng); // => 3, 5 or 8
 */
export function empirical(values: readonly number[]): Distribution {
  const v = checkValues('empirical', values, 1);
  const n = v.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - mean) ** 2;
  const sorted = Float64Array.from(v).sort();
  return {
    name: `empirical(n=${n})`,
    sample: (rng) => v[Math.floor(rng() * n)],
    mean,
    variance: ss / n,
    cdf: (x) => {
      let lo = 0, hi = n; // count of sorted values ≤ x
      while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] <= x) lo = mid + 1; else hi = mid; }
      return lo / n;
    },
  };
}

/**
 * Continuous empirical distribution: linear interpolation of the sorted `values` as quantiles at
 * 0, 1/(n−1), …, 1, so draws lie in [min, max] and each gap between consecutive order statistics
 * holds probability 1/(n−1). One uniform per draw.
 * @throws RangeError unless values has at least 2 finite numbers.
 * @example empiricalContinuous([10, 20, 40]).mean; // => 22.5
 */
export function empiricalContinuous(values: readonly number[]): Distribution {
  const s = checkValues('empiricalContinuous', values, 2).sort();
  const n = s.length, gaps = n - 1;
  let mean = 0, m2 = 0;
  for (let i = 0; i < gaps; i++) {
    const x = s[i], y = s[i + 1];
    mean += (x + y) / 2;
    m2 += (x * x + x * y + y * y) / 3;
  }
  mean /= gaps; m2 /= gaps;
  return {
    name: `empiricalContinuous(n=${n})`,
    sample: (rng) => {
      const p = rng() * gaps;
      const i = Math.floor(p);
      return s[i] + (s[i + 1] - s[i]) * (p - i);
    },
    mean,
    variance: Math.max(0, m2 - mean * mean),
    cdf: (x) => {
      if (x < s[0]) return 0;
      if (x >= s[n - 1]) return 1;
      let lo = 0, hi = n - 1; // last i with s[i] ≤ x
      while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (s[mid] <= x) lo = mid; else hi = mid; }
      const width = s[lo + 1] - s[lo];
      return (lo + (width > 0 ? (x - s[lo]) / width : 1)) / gaps;
    },
  };
}
