import { describe, it, expect } from 'vitest';
import * as ss from 'simple-statistics';
import seedrandom from 'seedrandom';
import { Moments, CoMoments } from './moments.js';
import { QuantileSketch } from './quantiles.js';
import { SeriesAccumulator } from './series.js';
import { tCdf, tQuantile } from './t-distribution.js';
import { meanInterval, fiellerInterval } from './intervals.js';
import { PairedDifference } from './paired.js';

function data(seed: string, n: number, scale = 100): number[] {
  const r = seedrandom(seed);
  // Skewed positive values plus a few negatives and zeros.
  return Array.from({ length: n }, (_, i) => (i % 17 === 0 ? 0 : i % 11 === 0 ? -r() * scale : Math.exp(3 * r()) * scale));
}

function close(a: number, b: number, rel = 1e-10): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(a), Math.abs(b)));
}

describe('Moments', () => {
  it('add() matches simple-statistics mean, sample variance, min, max', () => {
    const xs = data('m', 1000);
    const m = new Moments();
    xs.forEach((x) => m.add(x));
    close(m.mean, ss.mean(xs));
    close(m.variance, ss.sampleVariance(xs));
    expect(m.min).toBe(ss.min(xs));
    expect(m.max).toBe(ss.max(xs));
    expect(m.n).toBe(1000);
  });
  it('skips NaN and counts it', () => {
    const m = new Moments().add(1).add(NaN).add(3);
    expect([m.n, m.nanCount, m.mean, m.variance]).toEqual([2, 1, 2, 2]);
  });
  it('combine() of shards in any order equals one pass', () => {
    const xs = data('c', 999);
    const whole = new Moments();
    xs.forEach((x) => whole.add(x));
    const shards = [0, 1, 2].map((k) => {
      const m = new Moments();
      xs.slice(k * 333, (k + 1) * 333).forEach((x) => m.add(x));
      return m;
    });
    for (const order of [[0, 1, 2], [2, 0, 1], [1, 2, 0]]) {
      const m = new Moments();
      order.forEach((k) => m.combine(shards[k]));
      close(m.mean, whole.mean);
      close(m.variance, whole.variance);
      expect([m.n, m.min, m.max]).toEqual([whole.n, whole.min, whole.max]);
    }
  });
  it('empty accumulators give NaN mean and variance', () => {
    const m = new Moments();
    expect(m.meanOrNaN).toBeNaN();
    expect(m.variance).toBeNaN();
    expect(new Moments().combine(m).n).toBe(0);
  });
});

describe('CoMoments', () => {
  it('matches simple-statistics sample covariance and merges', () => {
    const xs = data('x', 500);
    const ys = xs.map((x, i) => 0.5 * x + (i % 7));
    const a = new CoMoments();
    const b = new CoMoments();
    xs.forEach((x, i) => (i < 200 ? a : b).add(x, ys[i]));
    a.combine(b);
    close(a.cov, ss.sampleCovariance(xs, ys));
    close(a.varY, ss.sampleVariance(ys));
    close(a.meanX, ss.mean(xs));
  });
});

describe('QuantileSketch', () => {
  it('is exact (simple-statistics convention) while small', () => {
    const xs = data('q', 200);
    const q = new QuantileSketch(256);
    xs.forEach((x) => q.add(x));
    expect(q.exact).toBe(true);
    for (const p of [0, 0.05, 0.5, 0.95, 1]) expect(q.quantile(p)).toBe(ss.quantile(xs, p));
  });
  it('stays within the stated relative error beyond the exact limit', () => {
    const xs = data('big', 20000);
    const q = new QuantileSketch(256, 0.005);
    xs.forEach((x) => q.add(x));
    expect(q.exact).toBe(false);
    const sorted = [...xs].sort((a, b) => a - b);
    for (const p of [0.05, 0.25, 0.5, 0.9, 0.95]) {
      const truth = sorted[Math.floor(p * (xs.length - 1))];
      expect(Math.abs(q.quantile(p) - truth)).toBeLessThanOrEqual(0.005 * Math.abs(truth) + 1e-9);
    }
    expect(q.bucketCount).toBeLessThan(2000);
  });
  it('merge result is identical whatever the order and split', () => {
    const xs = data('merge', 3000);
    const parts = [xs.slice(0, 100), xs.slice(100, 250), xs.slice(250)];
    const make = (v: number[]) => v.reduce((s, x) => s.add(x), new QuantileSketch(256));
    const a = make(parts[0]).combine(make(parts[1])).combine(make(parts[2]));
    const b = make(parts[2]).combine(make(parts[0])).combine(make(parts[1]));
    const c = make(xs);
    for (const p of [0.05, 0.5, 0.95]) {
      expect(a.quantile(p)).toBe(c.quantile(p));
      expect(b.quantile(p)).toBe(c.quantile(p));
    }
  });
  it('exact merge of two small sketches stays exact', () => {
    const a = new QuantileSketch(10).add(3).add(1);
    const b = new QuantileSketch(10).add(2);
    expect(a.combine(b).quantile(0.5)).toBe(2);
  });
});

describe('tQuantile / tCdf', () => {
  it('matches published critical values', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062047, 5);
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.30265273, 6);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.22813885, 7);
    expect(tQuantile(0.95, 30)).toBeCloseTo(1.69726089, 7);
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
    expect(tQuantile(0.025, 10)).toBeCloseTo(-2.22813885, 7);
  });
  it('tCdf inverts tQuantile and agrees with the normal limit', () => {
    for (const df of [1, 3, 7.5, 40]) close(tCdf(tQuantile(0.9, df), df), 0.9, 1e-9);
    close(tCdf(1.5, 1e8), ss.cumulativeStdNormalProbability(1.5), 1e-4);
  });
  it('returns NaN outside its domain', () => {
    expect(tQuantile(1, 5)).toBeNaN();
    expect(tQuantile(0.9, 0)).toBeNaN();
  });
});

describe('intervals', () => {
  it('meanInterval uses t with n − 1 df', () => {
    const iv = meanInterval(10, 2, 25);
    close(iv.high - 10, tQuantile(0.975, 24) * 0.4);
    expect(meanInterval(1, NaN, 1).low).toBeNaN();
  });
  it('Fieller covers the true ratio about 95 % of the time', () => {
    const r = seedrandom('fieller');
    const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    let covered = 0;
    const trials = 1000;
    for (let k = 0; k < trials; k++) {
      const co = new CoMoments();
      for (let i = 0; i < 30; i++) {
        const z = normal();
        co.add(2 + 0.5 * z + 0.3 * normal(), 4 + z);
      }
      const iv = fiellerInterval(co.meanX, co.meanY, co.varX, co.varY, co.cov, co.n);
      if (iv.low <= 0.5 && 0.5 <= iv.high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.97);
  });
  it('Fieller is unbounded (NaN) when the denominator is indistinguishable from 0', () => {
    const iv = fiellerInterval(1, 0.01, 1, 1, 0, 10);
    expect(iv.low).toBeNaN();
  });
});

describe('PairedDifference', () => {
  it('reports the mean difference and relative change with intervals', () => {
    const p = new PairedDifference();
    const ref = data('pd', 100).map((x) => Math.abs(x) + 10);
    ref.forEach((y, i) => p.add(0.9 * y + (i % 3) - 1, y));
    close(p.mean, ss.mean(ref.map((y, i) => 0.9 * y + (i % 3) - 1 - y)));
    const rel = p.relativeInterval();
    expect(rel.estimate).toBeCloseTo(-0.1, 2);
    expect(rel.low).toBeLessThan(rel.estimate);
    expect(p.bound('upper', 0.95, true)).toBeLessThan(rel.high);
    expect(p.bound('upper', 0.95, true)).toBeGreaterThan(rel.estimate);
  });
});

describe('SeriesAccumulator', () => {
  it('reduces per bucket and merges', () => {
    const a = new SeriesAccumulator(3).add([1, 2, NaN]).add([3, 4, 5]);
    const b = new SeriesAccumulator(3).add([5, 6, 7]);
    a.combine(b);
    expect(a.moments.map((m) => m.mean)).toEqual([3, 4, 6]);
    expect(a.moments[2].nanCount).toBe(1);
    expect(a.sketches[0].quantile(0.5)).toBe(3);
    expect(() => a.add([1])).toThrow(RangeError);
  });
});
