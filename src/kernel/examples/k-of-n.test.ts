/**
 * Correctness against closed forms: the k-of-n plant model on the kernel must reproduce the exact
 * long-run availability, probability of being short (fewer than k of n up) and rate of entering
 * that state, each inside the simulation's 99 % confidence interval from R independent
 * replications (Student t with R − 1 degrees of freedom). Each check also requires the interval to
 * be narrow (half-width below a stated fraction of the value), so a wrong model cannot pass by
 * producing a wide interval.
 */
import { describe, expect, it } from 'vitest';
import { kOfNClosedForm, simulateKofN, type KofNParams, type KofNMeasures } from './k-of-n.js';

/** Two-sided 99 % Student t quantile for 29 degrees of freedom. */
const T_99_DF29 = 2.756;
const R = 30;

function ci(values: number[]): { mean: number; half: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { mean, half: (T_99_DF29 * sd) / Math.sqrt(n) };
}

const cases: { label: string; p: KofNParams; horizon: number; maxRelHalf: number }[] = [
  // 2-of-3, plants up 90.9 % of the time.
  { label: '2-of-3, λ = 0.01, μ = 0.1', p: { n: 3, k: 2, failureRate: 0.01, repairRate: 0.1 }, horizon: 200_000, maxRelHalf: 0.03 },
  // 8-of-10 with slower repairs (A = 0.8): short about 32 % of the time.
  { label: '8-of-10, λ = 0.005, μ = 0.02', p: { n: 10, k: 8, failureRate: 0.005, repairRate: 0.02 }, horizon: 200_000, maxRelHalf: 0.02 },
  // 15-of-20, high availability, short rarely (≈ 1 %).
  { label: '15-of-20, λ = 1/200, μ = 1/20', p: { n: 20, k: 15, failureRate: 1 / 200, repairRate: 1 / 20 }, horizon: 200_000, maxRelHalf: 0.06 },
  // 1-of-1: a single plant, short whenever it is down.
  { label: '1-of-1, λ = 0.02, μ = 0.05', p: { n: 1, k: 1, failureRate: 0.02, repairRate: 0.05 }, horizon: 200_000, maxRelHalf: 0.02 },
];

describe('k-of-n plants: simulation vs closed form (99 % CI over 30 replications)', () => {
  it('kOfNClosedForm: known values', () => {
    const one = kOfNClosedForm({ n: 1, k: 1, failureRate: 1, repairRate: 9 });
    expect(one.availability).toBeCloseTo(0.9, 14);
    expect(one.shortProbability).toBeCloseTo(0.1, 14);
    expect(one.shortEntryRate).toBeCloseTo(0.9, 14); // up 90 % of the time, failing at rate 1
    // 2-of-3 with A = 0.5: P(fewer than 2 up) = (1 + 3)/8; π_2 = 3/8, entry rate 3/8 · 2 · λ.
    const two = kOfNClosedForm({ n: 3, k: 2, failureRate: 1, repairRate: 1 });
    expect(two.shortProbability).toBeCloseTo(0.5, 14);
    expect(two.shortEntryRate).toBeCloseTo(0.75, 14);
  });

  for (const { label, p, horizon, maxRelHalf } of cases) {
    it(label, () => {
      const exact = kOfNClosedForm(p);
      const runs = Array.from({ length: R }, (_, r) =>
        simulateKofN(p, { seed: 20261124, replication: r, horizon, warmup: 1000 }),
      );
      for (const m of ['availability', 'shortProbability', 'shortEntryRate'] as (keyof KofNMeasures)[]) {
        const { mean, half } = ci(runs.map((x) => x[m]));
        const msg = `${m}: exact ${exact[m]}, simulated ${mean} ± ${half}`;
        expect(Math.abs(mean - exact[m]), msg).toBeLessThanOrEqual(half);
        expect(half / exact[m], `${msg} (interval too wide)`).toBeLessThan(maxRelHalf);
      }
    });
  }

  it('is reproducible: same seed and replication give identical results', () => {
    const p = cases[0].p;
    const run = { seed: 1, replication: 4, horizon: 5000, warmup: 100 };
    expect(simulateKofN(p, run)).toEqual(simulateKofN(p, run));
    expect(simulateKofN(p, { ...run, replication: 5 })).not.toEqual(simulateKofN(p, run));
  });

  it('rejects impossible parameters', () => {
    const run = { seed: 1, replication: 0, horizon: 10, warmup: 0 };
    expect(() => simulateKofN({ n: 2, k: 3, failureRate: 1, repairRate: 1 }, run)).toThrow(/1 ≤ k ≤ n/);
    expect(() => simulateKofN({ n: 2, k: 1, failureRate: 0, repairRate: 1 }, run)).toThrow(/rate/);
    expect(() => simulateKofN({ n: 2, k: 1, failureRate: 1, repairRate: 1 }, { ...run, warmup: 20 })).toThrow(/warmup/);
  });
});
