/**
 * Distributions: known answers (frozen first draws), parameter validation, moments and
 * goodness of fit.
 *
 * Tolerances, stated once:
 * - Moments: with n draws, the sample mean must lie within 4 standard errors √(σ²/n) of the exact
 *   mean, and the sample variance within 4 estimated standard errors sd((x−x̄)²)/√n of the exact
 *   variance (two-sided, ≈ 6e-5 false-alarm probability each, for a seed that is fixed anyway).
 * - Continuous distributions: Kolmogorov–Smirnov statistic D_n = sup|F_n − F| below the α = 0.001
 *   critical value 1.949/√n (asymptotic Kolmogorov distribution).
 * - Discrete ones: Pearson chi-square over the cells with expected count ≥ 5, below the 0.999
 *   quantile (Wilson–Hilferty approximation).
 */
import { describe, expect, it } from 'vitest';
import * as D from './distributions.js';
import type { Distribution } from './distributions.js';
import { createStream } from './random.js';

const KS_CRIT_001 = 1.949;

function sampleMany(d: Distribution, n: number, name: string): Float64Array {
  const rng = createStream(20261124, 0, name);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = d.sample(rng);
  return x;
}

function expectMoments(x: Float64Array, d: Distribution): void {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - mean) ** 2;
  v /= n - 1;
  let vv = 0;
  for (let i = 0; i < n; i++) vv += ((x[i] - mean) ** 2 - v) ** 2;
  const seVar = Math.sqrt(vv / (n - 1) / n);
  expect(Math.abs(mean - d.mean)).toBeLessThan(4 * Math.sqrt(d.variance / n) + 1e-12);
  expect(Math.abs(v - d.variance)).toBeLessThan(4 * seVar + 1e-12);
}

function ksStatistic(x: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(x).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

function chiSquareCrit999(df: number): number {
  const z = 3.0902; // Φ⁻¹(0.999)
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}

/** Pearson chi-square of integer draws against P(X = j) = cdf(j) − cdf(j−1). */
function expectDiscreteFit(x: Float64Array, cdf: (x: number) => number): void {
  const n = x.length;
  const counts = new Map<number, number>();
  for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
  const lo = Math.min(...x), hi = Math.max(...x);
  let chi = 0, cells = 0, restObs = 0, restExp = 0;
  for (let j = lo; j <= hi; j++) {
    const e = n * (cdf(j) - cdf(j - 1));
    const o = counts.get(j) ?? 0;
    if (e >= 5) { chi += (o - e) ** 2 / e; cells++; } else { restObs += o; restExp += e; }
  }
  restExp += n * (1 - cdf(hi)) + n * cdf(lo - 1);
  if (restExp >= 5) { chi += (restObs - restExp) ** 2 / restExp; cells++; }
  expect(cells).toBeGreaterThan(1);
  expect(chi).toBeLessThan(chiSquareCrit999(cells - 1));
}

describe('known answers: the first three draws with stream (2026, 0, "known-answer") are frozen', () => {
  const cases: [string, () => Distribution, number[]][] = [
    ['uniform(2, 5)', () => D.uniform(2, 5), [4.003896686946973, 4.0024213183205575, 3.0198329279664904]],
    ['exponential(0.5)', () => D.exponential(0.5), [2.2050331756614954, 2.2020730869409255, 0.8308621357658206]],
    ['normal(10, 2)', () => D.normal(10, 2), [10.86860476179671, 10.86589625687657, 9.174769752377935]],
    ['lognormal({ median: 30, spread: 2 })', () => D.lognormal({ median: 30, spread: 2 }), [40.537718127153916, 40.49968337650492, 22.537810645669587]],
    ['lognormalMeanCv({ mean: 60, cv: 0.5 })', () => D.lognormalMeanCv({ mean: 60, cv: 0.5 }), [65.88619009334859, 65.8440546767914, 44.161852657161305]],
    ['gamma(2.5, 3)', () => D.gamma(2.5, 3), [8.612629496693755, 4.842889491064167, 5.854140749947158]],
    ['gamma(0.4, 1)', () => D.gamma(0.4, 1), [0.10652647407759228, 0.03509903406639772, 0.10337503085429889]],
    ['weibull(1.5, 100)', () => D.weibull(1.5, 100), [106.72268792704924, 106.62715517014607, 55.67573785496178]],
    ['triangular(0, 1, 4)', () => D.triangular(0, 1, 4), [2.0039004904033195, 2.0024227857933075, 1.1856318136864115]],
    ['pert(10, 20, 60)', () => D.pert(10, 20, 60), [29.90822712797089, 26.79346521513579, 22.26234435545767]],
    ['bernoulli(0.3)', () => D.bernoulli(0.3), [0, 0, 0]],
    ['poisson(4)', () => D.poisson(4), [5, 5, 3]],
    ['poisson(250)', () => D.poisson(250), [258, 242, 247]],
    ['categorical([1, 3, 6])', () => D.categorical([1, 3, 6]), [2, 2, 1]],
    ['empirical([3, 5, 8])', () => D.empirical([3, 5, 8]), [8, 8, 5]],
    ['empiricalContinuous([10, 20, 40])', () => D.empiricalContinuous([10, 20, 40]), [26.71862249262631, 26.698950910940766, 16.79888618644327]],
  ];
  for (const [label, make, expected] of cases) {
    it(label, () => {
      const d = make();
      const rng = createStream(2026, 0, 'known-answer');
      const got = [d.sample(rng), d.sample(rng), d.sample(rng)];
      for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(expected[i], 10);
    });
  }
});

describe('parameter validation: RangeError naming the parameter', () => {
  const bad: [string, () => unknown, RegExp][] = [
    ['uniform(5, 2)', () => D.uniform(5, 2), /uniform: max must be ≥ min/],
    ['uniform(NaN, 2)', () => D.uniform(NaN, 2), /uniform: min must be a finite number/],
    ['exponential(0)', () => D.exponential(0), /exponential: rate must be a finite number > 0, got 0/],
    ['exponential(-1)', () => D.exponential(-1), /rate/],
    ['exponentialMean(Infinity)', () => D.exponentialMean(Infinity), /mean/],
    ['normal(0, -1)', () => D.normal(0, -1), /normal: sd must be a finite number ≥ 0/],
    ['lognormal({ median: 0, spread: 2 })', () => D.lognormal({ median: 0, spread: 2 }), /lognormal: median/],
    ['lognormal({ median: 1, spread: 0.5 })', () => D.lognormal({ median: 1, spread: 0.5 }), /spread must be a finite geometric sd ≥ 1/],
    ['lognormalMeanCv({ mean: 1, cv: -0.1 })', () => D.lognormalMeanCv({ mean: 1, cv: -0.1 }), /cv/],
    ['gamma(0, 1)', () => D.gamma(0, 1), /gamma: shape/],
    ['gamma(1, NaN)', () => D.gamma(1, NaN), /gamma: scale/],
    ['weibull(-2, 1)', () => D.weibull(-2, 1), /weibull: shape/],
    ['triangular(0, 5, 4)', () => D.triangular(0, 5, 4), /triangular: mode must be within \[min, max\]/],
    ['triangular(1, 1, 1)', () => D.triangular(1, 1, 1), /triangular: max must be > min/],
    ['pert(0, 1, 2, 0)', () => D.pert(0, 1, 2, 0), /pert: lambda/],
    ['bernoulli(1.5)', () => D.bernoulli(1.5), /bernoulli: p must be a probability in \[0, 1\], got 1.5/],
    ['poisson(-1)', () => D.poisson(-1), /poisson: lambda/],
    ['categorical([])', () => D.categorical([]), /categorical: weights must be a non-empty list/],
    ['categorical([1, -1])', () => D.categorical([1, -1]), /weights\[1\] must be a finite number ≥ 0, got -1/],
    ['categorical([0, 0])', () => D.categorical([0, 0]), /positive sum/],
    ['empirical([])', () => D.empirical([]), /empirical: values/],
    ['empirical([1, NaN])', () => D.empirical([1, NaN]), /values\[1\]/],
    ['empiricalContinuous([1])', () => D.empiricalContinuous([1]), /at least 2/],
  ];
  for (const [label, make, message] of bad) {
    it(`${label} throws`, () => {
      expect(make).toThrow(RangeError);
      expect(make).toThrow(message);
    });
  }
});

describe('exact means and variances', () => {
  it('match closed forms', () => {
    expect(D.exponentialMean(30).mean).toBeCloseTo(30, 12);
    expect(D.exponential(0.5).variance).toBeCloseTo(4, 12);
    expect(D.lognormalMeanCv({ mean: 60, cv: 0.5 }).mean).toBeCloseTo(60, 10);
    expect(Math.sqrt(D.lognormalMeanCv({ mean: 60, cv: 0.5 }).variance) / 60).toBeCloseTo(0.5, 10);
    expect(D.lognormal({ median: 30, spread: 1 }).variance).toBe(0);
    expect(D.weibull(1, 10).mean).toBeCloseTo(10, 12);
    expect(D.weibull(2, 1).mean).toBeCloseTo(Math.sqrt(Math.PI) / 2, 12);
    expect(D.triangular(0, 1, 4).mean).toBeCloseTo(5 / 3, 12);
    expect(D.pert(10, 20, 60).mean).toBeCloseTo(25, 12);
    expect(D.categorical([1, 3]).mean).toBeCloseTo(0.75, 12);
    expect(D.empiricalContinuous([10, 20, 40]).mean).toBeCloseTo(22.5, 12);
    expect(D.empirical([3, 5, 8]).variance).toBeCloseTo(((3 - 16 / 3) ** 2 + (5 - 16 / 3) ** 2 + (8 - 16 / 3) ** 2) / 3, 12);
  });
});

describe('continuous distributions: moments within 4 SE and KS below the α = 0.001 critical value', () => {
  const N = 40000;
  const cases: [string, Distribution][] = [
    ['uniform(2, 5)', D.uniform(2, 5)],
    ['exponential(0.5)', D.exponential(0.5)],
    ['normal(10, 2)', D.normal(10, 2)],
    ['lognormal({ median: 30, spread: 2 })', D.lognormal({ median: 30, spread: 2 })],
    ['lognormalMeanCv({ mean: 60, cv: 0.5 })', D.lognormalMeanCv({ mean: 60, cv: 0.5 })],
    ['gamma(2.5, 3)', D.gamma(2.5, 3)],
    ['gamma(0.4, 2)', D.gamma(0.4, 2)],
    ['gamma(30, 0.1)', D.gamma(30, 0.1)],
    ['weibull(1.5, 100)', D.weibull(1.5, 100)],
    ['weibull(0.7, 5)', D.weibull(0.7, 5)],
    ['triangular(0, 1, 4)', D.triangular(0, 1, 4)],
    ['triangular(0, 0, 1)', D.triangular(0, 0, 1)],
    ['pert(10, 20, 60)', D.pert(10, 20, 60)],
    ['pert(0, 9, 10, 6)', D.pert(0, 9, 10, 6)],
    ['empiricalContinuous([10, 20, 40, 41])', D.empiricalContinuous([10, 20, 40, 41])],
  ];
  for (const [label, d] of cases) {
    it(label, () => {
      const x = sampleMany(d, N, label);
      expectMoments(x, d);
      expect(ksStatistic(x, d.cdf!)).toBeLessThan(KS_CRIT_001 / Math.sqrt(N));
    });
  }

  it('the KS check has power: exponential draws fail against a 10 % larger mean', () => {
    const x = sampleMany(D.exponential(0.5), N, 'power');
    expect(ksStatistic(x, D.exponential(0.5 / 1.1).cdf!)).toBeGreaterThan(KS_CRIT_001 / Math.sqrt(N));
  });
});

describe('discrete distributions: moments within 4 SE and chi-square below the 0.999 quantile', () => {
  const N = 40000;
  const cases: [string, Distribution][] = [
    ['bernoulli(0.3)', D.bernoulli(0.3)],
    ['poisson(0.2)', D.poisson(0.2)],
    ['poisson(4)', D.poisson(4)],
    ['poisson(29.9)', D.poisson(29.9)],
    ['poisson(30)', D.poisson(30)],
    ['poisson(250)', D.poisson(250)],
    ['poisson(1e5)', D.poisson(1e5)],
    ['categorical([1, 3, 6, 0, 2])', D.categorical([1, 3, 6, 0, 2])],
    ['empirical([3, 5, 8, 8])', D.empirical([3, 5, 8, 8])],
  ];
  for (const [label, d] of cases) {
    it(label, () => {
      const x = sampleMany(d, N, label);
      for (const v of x) if (!Number.isInteger(v)) throw new Error(`non-integer draw ${v}`);
      expectMoments(x, d);
      expectDiscreteFit(x, d.cdf!);
    });
  }

  it('categorical never returns an index whose weight is 0', () => {
    const x = sampleMany(D.categorical([0, 1, 0, 2, 0]), 20000, 'zero-weights');
    expect(new Set(x)).toEqual(new Set([1, 3]));
  });

  it('degenerate parameters give constants', () => {
    const rng = createStream(1, 0, 'degenerate');
    expect(D.poisson(0).sample(rng)).toBe(0);
    expect(D.bernoulli(0).sample(rng)).toBe(0);
    expect(D.bernoulli(1).sample(rng)).toBe(1);
    expect(D.normal(3, 0).sample(rng)).toBe(3);
    expect(D.uniform(2, 2).sample(rng)).toBe(2);
    expect(D.empirical([7]).sample(rng)).toBe(7);
  });
});

describe('extremes stay finite', () => {
  it('inversion samplers map u = 0 and u → 1 to finite values', () => {
    const zero = (): number => 0;
    const top = (): number => 1 - 2 ** -32;
    for (const d of [D.exponential(1), D.normal(0, 1), D.lognormal({ median: 1, spread: 3 }), D.weibull(0.5, 1)]) {
      expect(Number.isFinite(d.sample(zero))).toBe(true);
      expect(Number.isFinite(d.sample(top))).toBe(true);
    }
    expect(D.exponential(1).sample(top)).toBeLessThan(23);
    expect(D.poisson(5).sample(top)).toBeLessThan(40);
  });
});
