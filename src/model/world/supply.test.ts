/**
 * Deterministic checks of the supply process: ramp-up of the other suppliers after a delay (AMT
 * lines sooner), fluid inventory with exact stock-out times, API buffers, and cause attribution.
 */
import { describe, expect, it } from 'vitest';
import { simulateWithTrace } from '../index.js';
import { worldSchema, type WorldInput } from '../params.js';
import { policiesSchema } from '../policy/params.js';

const YEAR = 365.25;
const policies = policiesSchema.parse({ adoption: { path: 'traditional' } });
const run = { seed: 1, horizonDays: 400, warmupDays: 0, seriesStepDays: 100 };

/** Two suppliers A and B (half the demand each, each able to make all of it), no random events. */
function twoSuppliers(opts: { techB?: number; inventoryDays?: number; api?: boolean; shock?: Partial<WorldInput['scriptedShocks'] extends (infer T)[] | undefined ? T : never> }): WorldInput {
  return {
    regions: { US: { domestic: true, inspectionRate: 0 }, India: { inspectionRate: 0 } },
    market: {
      plants: [
        { id: 'A', firm: 'F', region: 'US', tier: 'fdf' },
        { id: 'B', firm: 'G', region: 'US', tier: 'fdf' },
        { id: 'X', firm: 'H', region: 'India', tier: 'api' },
      ],
      products: [{
        id: 'drug', form: 'sterile_injectable', annualDemand: YEAR, price: 10, unitCost: 1, inventoryDays: opts.inventoryDays ?? 0,
        suppliers: [
          { plant: 'A', share: 0.5, utilization: 0.5, api: opts.api ? ['X'] : [] },
          { plant: 'B', share: 0.5, utilization: 0.5, technology: opts.techB ?? 0 },
        ],
      }],
    },
    quality: { hazard: { sterile_injectable: 0 }, apiHazard: 0 },
    oversight: { enabled: false },
    supply: { rampDelay: { sterile_injectable: 40 }, amtRampDelayFactor: 0.5, apiBufferDays: 30 },
    marketDynamics: { exitEnabled: false, entryEnabled: false },
    shortage: { mergeGap: 0 },
    scriptedShocks: [{ at: 100, duration: 200, kind: 'disaster', region: 'US', plant: 'A', ...(opts.shock ?? {}) }],
  };
}

function episodes(input: WorldInput) {
  const { trace } = simulateWithTrace({ world: worldSchema.parse(input), policies, run, replication: 0 });
  return { eps: trace.world.episodes, w: trace.world };
}

describe('supply, surge and inventory', () => {
  it('without inventory, a supplier outage is a shortage until the other supplier has ramped up', () => {
    const { eps, w } = episodes(twoSuppliers({}));
    expect(eps).toHaveLength(1);
    expect(eps[0].start).toBeCloseTo(100, 9);
    expect(eps[0].end).toBeCloseTo(140, 9);
    expect(eps[0].cause).toBe(2); // shock
    expect(w.prUnitsShort[0]).toBeCloseTo(0.5 * 40, 6); // half the demand (1 unit/day) for 40 days
  });

  it('an AMT line ramps up sooner (amtRampDelayFactor)', () => {
    const { eps } = episodes(twoSuppliers({ techB: 2 }));
    expect(eps).toHaveLength(1);
    expect(eps[0].end - eps[0].start).toBeCloseTo(20, 9);
  });

  it('inventory covers the ramp: stock-out at exactly inventory / deficit, no shortage if it lasts', () => {
    // 10 days of inventory, deficit 0.5/day: the buffer lasts 20 days < 40-day ramp.
    const { eps } = episodes(twoSuppliers({ inventoryDays: 10 }));
    expect(eps).toHaveLength(1);
    expect(eps[0].start).toBeCloseTo(120, 9);
    expect(eps[0].end).toBeCloseTo(140, 9);
    // 30 days of inventory last 60 days > 40: no shortage at all.
    expect(episodes(twoSuppliers({ inventoryDays: 30 })).eps).toHaveLength(0);
  });

  it('an API export ban drains the API buffer, then stops the line (cause: api)', () => {
    const { eps } = episodes(twoSuppliers({ api: true, shock: { kind: 'export_restriction', region: 'India', plant: undefined, tier: 'api' } }));
    // Buffer: 30 days of A's planned output (0.5/day) = 15 units, drained at A's rate 0.5/day: 30 days.
    expect(eps).toHaveLength(1);
    expect(eps[0].start).toBeCloseTo(130, 9);
    expect(eps[0].end).toBeCloseTo(170, 9);
    expect(eps[0].cause).toBe(3); // api
  });
});
