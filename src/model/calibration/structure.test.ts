import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenario/index.js';
import { buildMarket, type MarketSpec } from '../market/generate.js';
import { marketStructure, STRUCTURE_TARGETS } from './structure.js';

const regions = { US: { domestic: true }, India: { domestic: false } } as never;

function spec(): MarketSpec {
  const firm = { id: 'f', discountRate: 0.1, capitalBudget: 1, qmm: 3 };
  const plant = (id: string, region: string, tier: 'api' | 'fdf') => ({ id, firm: 0, region, tier, qmm: 3 });
  const product = (id: string, form: 'sterile_injectable' | 'oral_solid') => ({ id, form, essential: false, annualDemand: 1, price: 1, unitCost: 0.5, inventoryDays: 30 });
  const line = (p: number, plantIndex: number, share: number) => ({ product: p, plant: plantIndex, share, utilization: 0.8, technology: 0, api: [] });
  return {
    firms: [firm],
    plants: [plant('us', 'US', 'fdf'), plant('in', 'India', 'fdf'), plant('in-api', 'India', 'api')],
    products: [product('a', 'sterile_injectable'), product('b', 'sterile_injectable'), product('c', 'oral_solid')],
    // a: sole source; b: 95 % / 5 % (virtually single-sourced); c: three suppliers.
    lines: [line(0, 0, 1), line(1, 0, 0.95), line(1, 1, 0.05), line(2, 0, 0.4), line(2, 1, 0.3), line(2, 1, 0.3)],
  };
}

describe('marketStructure(market, world)', () => {
  it('counts sole sources, the median supplier count and virtually single-sourced sterile injectables', () => {
    const s = marketStructure(spec(), { regions });
    expect(s.products).toBe(3);
    expect(s.productsByForm).toEqual({ sterile_injectable: 2, oral_solid: 1 });
    expect(s.soleSourceShare).toBeCloseTo(1 / 3);
    expect(s.medianSuppliers).toBe(2);
    expect(s.sterileVirtuallySingleShare).toBe(1);
  });

  it('measures geography by plant counts and the domestic flag of regions', () => {
    const s = marketStructure(spec(), { regions });
    expect(s.fdfPlants).toBe(2);
    expect(s.apiPlants).toBe(1);
    expect(s.fdfPlantsAbroadShare).toBe(0.5);
    expect(s.apiPlantsAbroadShare).toBe(1);
  });
});

describe('the baseline market', () => {
  it('reproduces the concentration and geography of calibration.md §9.6-9.7', () => {
    const sc = loadScenario(path.resolve('scenarios/baseline.yaml'));
    const w = sc.arms[0].world;
    const s = marketStructure(buildMarket(w), w);
    expect(s.products).toBeGreaterThanOrEqual(1000);
    for (const t of STRUCTURE_TARGETS) {
      expect(s[t.field], t.id).toBeGreaterThanOrEqual(t.low);
      expect(s[t.field], t.id).toBeLessThanOrEqual(t.high);
    }
  });
});
