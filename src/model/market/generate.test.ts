import { describe, expect, it } from 'vitest';
import { buildMarket } from './generate.js';
import { worldSchema } from '../params.js';

const spec = (seed: number, count = 2000) => worldSchema.parse({
  market: { seed, archetypes: [{ name: 'inj', count, form: 'sterile_injectable', apiRegions: { India: 0.4, China: 0.3, US: 0.3 } }] },
});

describe('buildMarket', () => {
  it('generates count products named <archetype>-<k> with shares summing to 1', () => {
    const m = buildMarket(spec(1, 50));
    expect(m.products).toHaveLength(50);
    expect(m.products[0].id).toBe('inj-1');
    expect(m.products[49].id).toBe('inj-50');
    const sums = new Float64Array(50);
    for (const l of m.lines) sums[l.product] += l.share;
    for (const s of sums) expect(s).toBeCloseTo(1, 12);
  });

  it('is deterministic in market.seed and independent of the object identity', () => {
    const a = buildMarket(spec(5, 100));
    const b = buildMarket(spec(5, 100));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(buildMarket(spec(6, 100)))).not.toBe(JSON.stringify(a));
  });

  it('reproduces the archetype distributions: ~40% sole source, API regions by weight, plants shared', () => {
    const m = buildMarket(spec(2));
    const n = new Int32Array(m.products.length);
    for (const l of m.lines) n[l.product]++;
    const sole = n.filter((x) => x === 1).length / n.length;
    expect(sole).toBeGreaterThan(0.36);
    expect(sole).toBeLessThan(0.44);
    let api = 0, india = 0;
    for (const l of m.lines) for (const a of l.api) { api++; if (m.plants[a].region === 'India') india++; }
    expect(india / api).toBeGreaterThan(0.3);
    expect(india / api).toBeLessThan(0.5);
    const fdfPlants = m.plants.filter((p) => p.tier === 'fdf').length;
    expect(m.lines.length / fdfPlants).toBeGreaterThan(5);
    for (const l of m.lines) expect(m.plants[l.plant].tier).toBe('fdf');
  });

  it('lists hand-written products with their plants and API links', () => {
    const w = worldSchema.parse({
      market: {
        plants: [{ id: 'A', firm: 'F', region: 'US', tier: 'fdf' }, { id: 'B', firm: 'G', region: 'India', tier: 'api' }],
        products: [{ id: 'x', form: 'oral_solid', annualDemand: 1e6, price: 1, unitCost: 0.4, suppliers: [{ plant: 'A', share: 2, api: ['B'] }] }],
      },
    });
    const m = buildMarket(w);
    expect(m.firms.map((f) => f.id)).toEqual(['F', 'G']);
    expect(m.lines).toEqual([{ product: 0, plant: 0, share: 1, utilization: 0.7, technology: 0, api: [1] }]);
  });
});
