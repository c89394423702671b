/**
 * Analytic checks through the FULL world model (MODEL.md §8): special cases with closed forms must
 * match within sampling error (99 % confidence over independent replications).
 */
import { describe, expect, it } from 'vitest';
import { simulateReplication } from '../index.js';
import { worldSchema, type WorldInput } from '../params.js';
import { policiesSchema } from '../policy/params.js';

const YEAR = 365.25;
const Z99 = 2.576;
const policies = policiesSchema.parse({ adoption: { path: 'traditional' } });

/** A one-product world with exponential failures (all major) and repairs, nothing else. */
function oneProduct(opts: { n: number; utilization: number; failuresPerYear: number; meanDowntime: number; inventoryDays: number }): WorldInput {
  const plants = Array.from({ length: opts.n }, (_, i) => ({ id: `P${i}`, firm: `F${i}`, region: 'US', tier: 'fdf' as const }));
  return {
    regions: { US: { domestic: true, inspectionRate: 0 } },
    market: {
      plants,
      products: [{
        id: 'drug', form: 'sterile_injectable', annualDemand: YEAR, price: 10, unitCost: 1, inventoryDays: opts.inventoryDays,
        suppliers: plants.map((p) => ({ plant: p.id, share: 1 / opts.n, utilization: opts.utilization })),
      }],
    },
    quality: {
      hazard: { sterile_injectable: opts.failuresPerYear },
      qmmFactor: [1, 1, 1, 1, 1],
      utilizationElasticity: 0,
      severity: { sterile_injectable: { major: 1, critical: 0 } },
      majorDowntime: { mean: opts.meanDowntime, shape: 'exponential' },
      apiHazard: 0,
    },
    oversight: { enabled: false },
    supply: { rampDelay: { sterile_injectable: 0 } },
    marketDynamics: { exitEnabled: false, entryEnabled: false },
    shortage: { mergeGap: 0, minDuration: 0 },
  };
}

/** Mean and 99 % half-width of a metric over replications. */
function estimate(worldInput: WorldInput, metric: 'shortage.active_mean' | 'shortage.units_short', reps: number, years: number) {
  const world = worldSchema.parse(worldInput);
  const run = { seed: 4242, horizonDays: (years + 1) * YEAR, warmupDays: YEAR, seriesStepDays: YEAR };
  const xs: number[] = [];
  for (let r = 0; r < reps; r++) xs.push(simulateReplication({ world, policies, run, replication: r }).metrics[metric]);
  const mean = xs.reduce((s, x) => s + x, 0) / reps;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (reps - 1));
  if (process.env.AMTSIM_DEBUG) console.log(metric, mean, (Z99 * sd) / Math.sqrt(reps));
  return { mean, half: (Z99 * sd) / Math.sqrt(reps) };
}

function binom(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - i + 1)) / i;
  return c;
}

describe('k-of-n plants through the world model', () => {
  // n plants each sized to 1/k of demand (utilization k/n), exponential failures (rate λ) and
  // repairs (rate μ), no inventory, no ramp delay: the product is short exactly while fewer than k
  // plants are up. Plants are independent alternating renewal processes with availability
  // A = μ / (λ + μ), so P(short) = P(Binomial(n, A) < k) and the units short per day are
  // D · Σ_{j<k} P(j up) (1 − j/k).
  const n = 3, k = 2, lambda = 2, downtime = 60;
  const mu = YEAR / downtime;
  const A = mu / (lambda + mu);
  const pj = (j: number) => binom(n, j) * A ** j * (1 - A) ** (n - j);
  const world = oneProduct({ n, utilization: k / n, failuresPerYear: lambda, meanDowntime: downtime, inventoryDays: 0 });

  it('fraction of time in shortage matches P(Binomial(n, A) < k)', () => {
    let expected = 0;
    for (let j = 0; j < k; j++) expected += pj(j);
    const { mean, half } = estimate(world, 'shortage.active_mean', 40, 60);
    expect(Math.abs(mean - expected)).toBeLessThan(half);
    expect(expected).toBeCloseTo(0.1535, 3);
  });

  it('units short per year match D · Σ_{j<k} P(j)(1 − j/k)', () => {
    let expected = 0;
    for (let j = 0; j < k; j++) expected += pj(j) * (1 - j / k);
    expected *= YEAR; // D = 1 unit/day
    const { mean, half } = estimate(world, 'shortage.units_short', 40, 60);
    expect(Math.abs(mean - expected)).toBeLessThan(half);
  });
});

describe('a single plant feeding a finite buffer (on/off fluid queue)', () => {
  // One line with exponential up (rate α) and down (rate β) periods produces at r = D/u when up and
  // the downstream inventory (capacity B = inventory target) is below target, at D when full, and at 0
  // when down; demand c = D. This is the two-state Markov-modulated fluid queue with a finite buffer
  // (Anick, Mitra & Sondhi, Bell Syst. Tech. J. 61 (1982) 1871–1894, infinite buffer; finite buffer:
  // Kulkarni, "Fluid models for single buffer systems", in Frontiers in Queueing, CRC 1997, §11.4).
  // With drifts d_off = −c, d_on = r − c, the spectral solution F(x) = a0·π + a1·φ·e^{zx} of
  // F'(x) D = F(x) Q gives z = β/c − α/(r−c), φ = ((r−c)/c, 1) (off, on), and the boundary
  // conditions F_on(0) = 0, F_off(B⁻) = π_off give
  //   P(empty) = π_off (π_off − π_on φ_off) / (π_off − π_on φ_off e^{zB}),
  // with π_off = α/(α+β). The product is short exactly while the buffer is empty.
  const failuresPerYear = 4, downtime = 30, u = 0.8, B = 10;
  const alpha = failuresPerYear / YEAR, beta = 1 / downtime, c = 1, r = c / u;
  const p0 = alpha / (alpha + beta), p1 = beta / (alpha + beta);
  const phi0 = (r - c) / c;
  const z = beta / c - alpha / (r - c);
  const expected = (p0 * (p0 - p1 * phi0)) / (p0 - p1 * phi0 * Math.exp(z * B));

  it('fraction of time empty matches the closed form', () => {
    const world = oneProduct({ n: 1, utilization: u, failuresPerYear, meanDowntime: downtime, inventoryDays: B });
    const { mean, half } = estimate(world, 'shortage.active_mean', 40, 60);
    expect(expected).toBeCloseTo(0.1878, 3);
    expect(Math.abs(mean - expected)).toBeLessThan(half);
    // The buffer matters: without it the product would be short whenever the line is down.
    expect(mean).toBeLessThan(p0 - 0.03);
  });
});
