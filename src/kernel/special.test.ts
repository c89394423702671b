import { describe, expect, it } from 'vitest';
import { gammaFn, incompleteBeta, incompleteGamma, lnGamma, normalCdf, normalQuantile } from './special.js';

describe('special functions', () => {
  it('lnGamma(n) = ln((n-1)!) and Γ(1/2) = √π', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(20)).toBeCloseTo(Math.log(121645100408832000), 11);
    expect(gammaFn(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 13);
    expect(gammaFn(0.1)).toBeCloseTo(9.513507698668732, 12);
  });

  it('normalQuantile matches published quantiles (AS 241)', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('normalCdf inverts normalQuantile, tails included', () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.2, 0.5, 0.7, 0.999, 1 - 1e-9]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 10);
    }
  });

  it('incompleteGamma(3, x) is the Erlang-3 CDF', () => {
    for (const x of [0.1, 2, 4, 10, 30]) {
      const [p, q] = incompleteGamma(3, x);
      const exact = 1 - Math.exp(-x) * (1 + x + (x * x) / 2);
      expect(p).toBeCloseTo(exact, 13);
      expect(p + q).toBeCloseTo(1, 15);
    }
  });

  it('incompleteBeta(2, 3, x) is the Beta(2, 3) CDF', () => {
    for (const x of [0.01, 0.4, 0.6, 0.99]) {
      const exact = 1 - (1 - x) ** 4 - 4 * x * (1 - x) ** 3;
      expect(incompleteBeta(2, 3, x)).toBeCloseTo(exact, 13);
    }
    expect(incompleteBeta(0.5, 0.5, 0.5)).toBeCloseTo(0.5, 13);
  });
});
