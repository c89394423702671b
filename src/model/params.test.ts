import { describe, expect, it } from 'vitest';
import { worldSchema } from './params.js';

function issues(input: unknown): { path: string; message: string }[] {
  const r = worldSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('worldSchema', () => {
  it('parse({}) gives a complete, defaulted world with the five default regions', () => {
    const w = worldSchema.parse({});
    expect(Object.keys(w.regions)).toEqual(['US', 'EU', 'India', 'China', 'other']);
    expect(w.regions.US.domestic).toBe(true);
    expect(w.regions.India.shocks.export_restriction.duration.mean).toBe(56);
    expect(w.quality.hazard.sterile_injectable).toBeGreaterThan(0);
    expect(w.regulator.types.anda.goal).toBeCloseTo(304.375, 6);
    expect(w.market.products).toEqual([]);
  });

  it('accepts units: durations, money and rates', () => {
    const w = worldSchema.parse({ oversight: { remediation: { mean: '18 months' }, remediationCost: '$40M' }, regions: { US: { domestic: true, inspectionRate: '3 per decade' } } });
    expect(w.oversight.remediation.mean).toBeCloseTo(547.875, 6);
    expect(w.oversight.remediationCost).toBe(40e6);
    expect(w.regions.US.inspectionRate).toBeCloseTo(0.3, 9);
  });

  it('rejects out-of-bounds values and unknown keys with paths', () => {
    expect(issues({ shortage: { mergeGap: -3 } })[0].path).toBe('shortage.mergeGap');
    expect(issues({ quality: { qmmFactor: [1, 2] } })[0].path).toBe('quality.qmmFactor');
    expect(issues({ supply: { utilization: { oral_solid: 1.5 } } })[0].path).toBe('supply.utilization.oral_solid');
    expect(issues({ qualty: {} })[0].message).toMatch(/qualty/);
  });

  it('cross-field checks name the path and what was expected', () => {
    const out = issues({
      regions: { US: { domestic: true } },
      market: {
        plants: [{ id: 'A', firm: 'F', region: 'Mars', tier: 'fdf' }, { id: 'X', firm: 'F', region: 'US', tier: 'api' }],
        products: [{ id: 'p', form: 'oral_solid', annualDemand: 1e6, price: 1, unitCost: 0.5, suppliers: [{ plant: 'B', share: 1 }, { plant: 'X', share: 1, api: ['A'] }] }],
        archetypes: [{ name: 'g', count: 2, form: 'oral_solid', fdfRegions: { US: 1, Atlantis: 1 } }],
      },
      scriptedShocks: [{ at: 10, duration: 5, kind: 'lockdown', region: 'Pluto', products: ['nope'] }],
    });
    const paths = out.map((i) => i.path);
    expect(paths).toContain('market.plants.0.region');
    expect(paths).toContain('market.products.0.suppliers.0.plant');
    expect(paths).toContain('market.products.0.suppliers.1.plant');
    expect(paths).toContain('market.products.0.suppliers.1.api.0');
    expect(paths).toContain('market.archetypes.0.fdfRegions.Atlantis');
    expect(paths).toContain('scriptedShocks.0.region');
    expect(paths).toContain('scriptedShocks.0.products.0');
    expect(out.find((i) => i.path === 'market.plants.0.region')!.message).toMatch(/unknown region "Mars"; expected one of US/);
  });

  it('resolves generated plant ids of single-site shocks', () => {
    const base = { market: { seed: 1, archetypes: [{ name: 'inj', count: 20, form: 'sterile_injectable', fdfRegions: { India: 1 }, apiRegions: { China: 1 } }] } };
    expect(issues({ ...base, scriptedShocks: [{ at: 10, duration: 30, kind: 'disaster', region: 'India', plant: 'India-fdf-1' }] })).toEqual([]);
    expect(issues({ ...base, scriptedShocks: [{ at: 10, duration: 30, kind: 'disaster', region: 'US', plant: 'India-fdf-1' }] })[0].path).toBe('scriptedShocks.0.region');
    expect(issues({ ...base, scriptedShocks: [{ at: 10, duration: 30, kind: 'disaster', region: 'India', plant: 'India-fdf-999' }] })[0].path).toBe('scriptedShocks.0.plant');
  });

  it('accepts generated product ids in scripted events', () => {
    expect(issues({ market: { archetypes: [{ name: 'inj', count: 3, form: 'sterile_injectable' }] }, demand: { scriptedSurges: [{ at: 0, duration: 10, multiplier: 2, products: ['inj-3'] }] } })).toEqual([]);
    expect(issues({ market: { archetypes: [{ name: 'inj', count: 3, form: 'sterile_injectable' }] }, demand: { scriptedSurges: [{ at: 0, duration: 10, multiplier: 2, products: ['inj-4'] }] } })[0].path).toBe('demand.scriptedSurges.0.products.0');
  });
});
