/**
 * Every example scenario in scenarios/ validates and runs: one short replication of each arm, with
 * the horizon cut to just past the last scripted event so the scripted shocks and surges still fire.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, validateScenarioFile } from '../src/scenario/index.js';
import { buildMarket, simulateReplication } from '../src/model/index.js';
import { DAYS_PER_YEAR } from '../src/scenario/units.js';

const dir = path.resolve('scenarios');
const files = fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

describe('scenarios/', () => {
  it('holds the baseline and the example scenarios the project promises', () => {
    for (const f of ['baseline.yaml', 'policy-comparison.yaml', 'india-export-ban.yaml', 'pandemic-surge.yaml', 'sole-supplier-disaster.yaml', 'small-market.yaml']) {
      expect(files).toContain(f);
    }
  });

  for (const f of files) {
    it(`${f} validates and every arm runs a short replication`, () => {
      const file = path.join(dir, f);
      const v = validateScenarioFile(file);
      expect(v.message, v.message).toBe(v.ok ? v.message : '');
      expect(v.ok).toBe(true);
      const sc = loadScenario(file);
      expect(sc.arms.length).toBeGreaterThan(0);
      expect(sc.arms.map((a) => a.name)).toContain(sc.referenceArm);
      for (const arm of sc.arms) {
        const ends = [
          ...arm.world.scriptedShocks.map((s) => s.at + s.duration),
          ...arm.world.demand.scriptedSurges.map((s) => s.at + s.duration),
        ];
        const horizonDays = Math.max(1.5 * DAYS_PER_YEAR, ...ends.map((e) => e + 90));
        const out = simulateReplication({
          world: arm.world,
          policies: arm.policies,
          run: { seed: sc.run.seed, horizonDays, warmupDays: 0.5 * DAYS_PER_YEAR, seriesStepDays: 91.3125 },
          replication: 0,
        });
        expect(Number.isFinite(out.metrics['shortage.new']), `${f} ${arm.name}`).toBe(true);
        expect(out.metrics['shortage.active_mean']).toBeGreaterThanOrEqual(0);
        expect(out.events).toBeGreaterThan(0);
      }
    });
  }

  it('sole-supplier-disaster.yaml hits a product that is sole-sourced at a plant of the shock\'s region', () => {
    const sc = loadScenario(path.join(dir, 'sole-supplier-disaster.yaml'));
    const shocks = sc.arms.flatMap((a) => a.world.scriptedShocks);
    expect(shocks.length).toBeGreaterThan(0);
    const market = buildMarket(sc.arms[0].world);
    for (const s of shocks) {
      const p = market.products.findIndex((x) => x.id === s.supplierOf);
      expect(p, `product ${s.supplierOf}`).toBeGreaterThanOrEqual(0);
      const lines = market.lines.filter((l) => l.product === p);
      expect(lines, `${s.supplierOf} should have one supplier`).toHaveLength(1);
      expect(market.plants[lines[0].plant].region).toBe(s.region);
    }
  });
});
