/**
 * Property tests: every replication of random small worlds with every process switched on keeps its
 * books balanced (units produced = delivered + change in inventory + written off, per product and in
 * total), its shortage time within simulated time, and its clock monotone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStream, Simulation } from '../../kernel/index.js';
import { simulateWithTrace } from '../index.js';
import { worldSchema } from '../params.js';
import { policiesSchema } from '../policy/params.js';
import { METRIC_NAMES } from '../outputs.js';

const YEAR = 365.25;

/** A random small world drawn from `seed` (all processes on, with high rates so they happen). */
function randomWorld(seed: number) {
  const u = createStream('conservation', seed, 'world');
  const pick = <T>(xs: T[]) => xs[Math.floor(u() * xs.length)];
  const shocks = () => ({
    export_restriction: { rate: u() * 0.5, productFraction: 0.5 },
    conflict: { rate: u() * 0.3, capacityLoss: u() * 0.6, tariff: u() * 0.5 },
    lockdown: { rate: u() * 0.3 },
    disaster: { rate: u() * 0.3 },
  });
  return worldSchema.parse({
    regions: {
      US: { domestic: true, inspectionRate: 0.5, oaiProbability: 0.2, shocks: shocks() },
      India: { costIndex: 0.5, inspectionRate: 0.5, oaiProbability: 0.3, shippingLeadTime: pick([0, 20]), shocks: shocks() },
      China: { costIndex: 0.5, shocks: shocks() },
    },
    market: {
      seed,
      archetypes: [
        {
          name: 'a', count: 1 + Math.floor(u() * 5), form: pick(['sterile_injectable', 'oral_solid', 'other'] as const),
          supplierCountWeights: [1, 1, 1, 1], fdfRegions: { US: 1, India: 1 }, apiRegions: { India: 1, China: 1 },
          linesPerFdfPlant: 2, productsPerApiPlant: 2, dualApiShare: 0.5, amtShare: u() * 0.5,
          grossMargin: { min: -0.2, max: 0.5 },
        },
        { name: 'b', count: 1 + Math.floor(u() * 3), form: 'sterile_injectable', linesPerFdfPlant: 3, fdfRegions: { US: 1, China: 1 }, apiRegions: { China: 1 } },
      ],
    },
    quality: {
      hazard: { sterile_injectable: 1 + u() * 3, oral_solid: 1 + u() * 3, other: 1 },
      minorDowntime: { mean: pick([0, 5]) },
      majorDowntime: { mean: 20 + u() * 100, shape: pick(['lognormal', 'exponential', 'fixed'] as const) },
      apiHazard: u() * 2,
      apiCriticalProbability: 0.2,
    },
    oversight: { remediation: { mean: 60 + u() * 200 }, reinspectionFailProbability: 0.3 },
    scriptedShocks: [{ at: 200, duration: 100, kind: 'export_restriction', region: 'India', tier: 'api' }],
    demand: {
      trend: pick([0, 0.05]), trendStep: 180,
      surges: { rate: u() * 2, multiplier: 1.5 + u() * 2, productFraction: 0.5, forms: ['sterile_injectable', 'oral_solid', 'other'] },
      scriptedSurges: [{ at: 300, duration: 60, multiplier: 3 }],
    },
    supply: { inventoryDays: { sterile_injectable: pick([0, 10, 30]), oral_solid: pick([0, 20]) }, rampDelay: { sterile_injectable: pick([0, 30]) } },
    marketDynamics: { backgroundExitRate: 0.2, shortageEntryDelay: 30, shortageEntryProbability: 0.8, replacementEntryProbability: 0.8, reallocationDelay: 30 },
    shortage: { mergeGap: pick([0, 30]), minDuration: pick([0, 5]) },
    regulator: { reviewers: 2 },
  });
}

/** Totals over all seeds, to check that the processes were exercised. */
const seen = { episodes: 0, exits: 0, entries: 0, writtenOff: 0, causes: new Set<number>(), conversions: 0 };

let lastNow = -Infinity;
let backwards = 0;
const register = Simulation.prototype.register;
beforeAll(() => {
  // Wrap every handler to check that simulated time never goes backwards.
  Simulation.prototype.register = function (this: Simulation, name: string, h: (a: number, b: number) => void) {
    return register.call(this, name, (a: number, b: number) => {
      if (this.now < lastNow) backwards++;
      lastNow = this.now;
      h(a, b);
    });
  };
});
afterAll(() => { Simulation.prototype.register = register; });

describe('conservation of units in random worlds', () => {
  const paths = ['traditional', 'endogenous', 'mandated'] as const;
  for (let seed = 1; seed <= 24; seed++) {
    it(`seed ${seed}: produced = delivered + Δinventory + written off; shortage time ≤ simulated time`, () => {
      const world = randomWorld(seed);
      const policies = policiesSchema.parse({ adoption: { path: paths[seed % 3], mandate: { midpoint: 365, steepness: 3 } }, grants: { enabled: seed % 2 === 0 }, cbe30: { enabled: seed % 4 === 0 } });
      const horizon = 6 * YEAR;
      lastNow = -Infinity;
      backwards = 0;
      const { output, trace } = simulateWithTrace({ world, policies, run: { seed, horizonDays: horizon, warmupDays: YEAR, seriesStepDays: 90 }, replication: seed });
      const w = trace.world;
      expect(backwards).toBe(0);
      let produced = 0, balance = 0;
      for (let p = 0; p < w.nProducts; p++) {
        const lhs = w.prProduced[p];
        const rhs = w.prDelivered[p] + (w.prInv[p] - w.prInv0[p]) + w.prWritten[p];
        const scale = Math.max(1, w.prBaseD[p] * horizon);
        expect(Math.abs(lhs - rhs) / scale).toBeLessThan(1e-9);
        expect(w.prInv[p]).toBeGreaterThanOrEqual(0);
        expect(w.prInv[p]).toBeLessThanOrEqual(w.prTarget[p] * (1 + 1e-9) + 1e-9);
        let lines = 0;
        for (let l = 0; l < w.nLinesUsed; l++) if (w.lnProduct[l] === p) lines += w.lnProduced[l];
        expect(Math.abs(lines - lhs) / scale).toBeLessThan(1e-9);
        // Delivered + short = demand over the run (demand integral is not tracked, but delivery never exceeds production plus the initial stock).
        expect(w.prDelivered[p]).toBeLessThanOrEqual(lhs + w.prInv0[p] + 1e-6 * scale);
        produced += lhs;
        balance += rhs;
        // Episodes of a product do not overlap and lie within the run.
        const eps = w.episodes.filter((e) => e.product === p).sort((a, b) => a.start - b.start);
        let total = 0, prevEnd = -Infinity;
        for (const e of eps) {
          expect(e.start).toBeGreaterThanOrEqual(prevEnd);
          expect(e.end).toBeGreaterThan(e.start);
          expect(e.end).toBeLessThanOrEqual(horizon + 1e-9);
          total += e.end - e.start;
          prevEnd = e.end;
        }
        expect(total).toBeLessThanOrEqual(horizon);
      }
      expect(Math.abs(produced - balance) / Math.max(1, produced)).toBeLessThan(1e-9);
      // Every metric is a number (NaN allowed only where undefined); shortage time ≤ window.
      for (const m of METRIC_NAMES) expect(typeof output.metrics[m]).toBe('number');
      expect(output.metrics['shortage.active_mean']).toBeLessThanOrEqual(w.nProducts);
      expect(output.metrics['shortage.days']).toBeLessThanOrEqual(w.nProducts * YEAR + 1e-6);
      for (const s of Object.values(output.series)) expect(s.length).toBe(output.grid.count);
      seen.episodes += w.episodes.length;
      seen.exits += w.exitsW;
      seen.entries += w.entriesW;
      for (let p = 0; p < w.nProducts; p++) seen.writtenOff += w.prWritten[p];
      for (const e of w.episodes) seen.causes.add(e.cause);
      seen.conversions += output.metrics['adoption.conversions'];
    });
  }
  it('the random worlds exercised shortages of every cause, exits, entries, write-offs and conversions', () => {
    expect(seen.episodes).toBeGreaterThan(50);
    expect(seen.exits).toBeGreaterThan(0);
    expect(seen.entries).toBeGreaterThan(0);
    expect(seen.writtenOff).toBeGreaterThan(0);
    expect(seen.conversions).toBeGreaterThan(0);
    expect([...seen.causes].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
