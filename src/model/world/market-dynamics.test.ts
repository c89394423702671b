/**
 * Deterministic checks of market exit and entry: a supplier with a negative margin exits after the
 * patience period, the product is short (cause: exit) until an entrant's ANDA is approved through
 * the regulator's queue and its line is built.
 */
import { describe, expect, it } from 'vitest';
import { simulateWithTrace } from '../index.js';
import { worldSchema } from '../params.js';
import { policiesSchema } from '../policy/params.js';

const YEAR = 365.25;
const policies = policiesSchema.parse({ adoption: { path: 'traditional' } });

const world = worldSchema.parse({
  regions: { US: { domestic: true, costIndex: 2, inspectionRate: 0 }, India: { costIndex: 0.5, inspectionRate: 0 } },
  market: {
    plants: [
      { id: 'A', firm: 'F', region: 'US', tier: 'fdf' },
      { id: 'B', firm: 'G', region: 'India', tier: 'fdf' },
    ],
    products: [
      // A's unit cost 0.8 x 2 = 1.6 > price 1: negative margin; B (India) would make it at 0.4.
      { id: 'drug', form: 'sterile_injectable', annualDemand: YEAR, price: 1, unitCost: 0.8, inventoryDays: 0, suppliers: [{ plant: 'A', share: 1 }] },
      { id: 'other', form: 'sterile_injectable', annualDemand: YEAR, price: 1, unitCost: 0.8, inventoryDays: 0, suppliers: [{ plant: 'B', share: 1 }] },
    ],
  },
  quality: { hazard: { sterile_injectable: 0 }, apiHazard: 0 },
  oversight: { enabled: false },
  marketDynamics: {
    exitPatience: 10, backgroundExitRate: 0, replacementEntryProbability: 1, shortageEntryProbability: 0,
    build: { mean: 50, shape: 'fixed' },
  },
  shortage: { mergeGap: 0 },
  regulator: { types: { anda: { distribution: 'fixed', workShare: 1, goal: 100, priorityGoal: 100 } } },
});

describe('market exit and entry', () => {
  it('a negative-margin supplier exits after the patience; an entrant restores supply after ANDA review + build', () => {
    const { output, trace } = simulateWithTrace({ world, policies, run: { seed: 1, horizonDays: YEAR, warmupDays: 0, seriesStepDays: 30 }, replication: 0 });
    const eps = trace.world.episodes.filter((e) => e.product === 0);
    expect(eps).toHaveLength(1);
    expect(eps[0].start).toBeCloseTo(10, 9);
    expect(eps[0].end).toBeCloseTo(10 + 100 + 50, 9);
    expect(eps[0].cause).toBe(5); // exit
    expect(output.metrics['market.exits']).toBeCloseTo(1, 9);
    expect(output.metrics['market.entries']).toBeCloseTo(1, 9);
    expect((output.metrics as Record<string, number>)['reg.anda.other.count']).toBeCloseTo(1, 9);
    expect((output.metrics as Record<string, number>)['reg.anda.other.days_mean']).toBeCloseTo(100, 9);
    // The entrant is at the cheap plant B and earns money.
    const w = trace.world;
    const entrant = w.prLines[0].find((l) => w.lnActive[l] === 1)!;
    expect(w.market.plants[w.lnPlant[entrant]].id).toBe('B');
    expect(w.firmRevenue[w.plFirm[w.lnPlant[entrant]]]).toBeGreaterThan(0);
  });
});

describe('FDA oversight', () => {
  it('an OAI inspection stops the plant until remediation and a re-inspection through the regulator queue', () => {
    const w = worldSchema.parse({
      regions: { US: { domestic: true, inspectionRate: 2, oaiProbability: 1 } },
      market: {
        plants: [{ id: 'A', firm: 'F', region: 'US', tier: 'fdf', qmm: 3 }],
        products: [{ id: 'drug', form: 'oral_solid', annualDemand: YEAR, price: 1, unitCost: 0.5, inventoryDays: 0, suppliers: [{ plant: 'A', share: 1 }] }],
      },
      quality: { hazard: { oral_solid: 0 }, apiHazard: 0 },
      oversight: { remediation: { mean: 100, shape: 'fixed' }, reinspectionFailProbability: 0, remediationCost: 1e6 },
      marketDynamics: { exitEnabled: false, entryEnabled: false },
      shortage: { mergeGap: 0 },
      regulator: { types: { reinspection: { distribution: 'fixed', workShare: 1, goal: 50, priorityGoal: 50 } } },
    });
    const { output, trace } = simulateWithTrace({ world: w, policies, run: { seed: 3, horizonDays: 3 * YEAR, warmupDays: 0, seriesStepDays: 30 }, replication: 0 });
    const eps = trace.world.episodes;
    expect(eps.length).toBeGreaterThan(0);
    for (const e of eps.filter((x) => !x.censored)) {
      expect(e.cause).toBe(1); // regulatory
      expect(e.end - e.start).toBeCloseTo(150, 9); // 100 days remediation + 50 days re-inspection review
    }
    expect(output.metrics['cost.manufacturer_remediation']).toBeCloseTo((eps.length * 1e6) / 3, 6);
    expect((output.metrics as Record<string, number>)['reg.reinspection.other.days_mean']).toBeCloseTo(50, 9);
  });
});

describe('entrants and AMT adoption', () => {
  it("an entrant's line is offered to the adoption engine: a full mandate converts it too", () => {
    const mandate = policiesSchema.parse({ adoption: { path: 'mandated', mandate: { targetShare: 1, midpoint: 0, steepness: 50 } } });
    const { output, trace } = simulateWithTrace({ world, policies: mandate, run: { seed: 1, horizonDays: YEAR, warmupDays: 0, seriesStepDays: 30 }, replication: 0 });
    expect(output.metrics['market.entries']).toBeCloseTo(1, 9);
    const w = trace.world;
    const initialLines = w.market.lines.length;
    const entrant = w.prLines[0].find((l) => w.lnActive[l] === 1)!;
    expect(entrant).toBeGreaterThanOrEqual(initialLines);
    expect(trace.engine.lineCount).toBe(initialLines + 1);
    expect(w.lnTech[entrant]).toBeGreaterThan(0);
  });
});
