import { describe, expect, it } from 'vitest';
import { simulateReplication, simulateWithTrace } from './index.js';
import { worldSchema } from './params.js';
import { policiesSchema } from './policy/params.js';
import { METRIC_NAMES, SERIES, DOSAGE_FORMS } from './outputs.js';

const YEAR = 365.25;
const world = worldSchema.parse({
  regions: {
    US: { domestic: true, shocks: { disaster: { rate: 0.2 } } },
    India: { costIndex: 0.55, oaiProbability: 0.13, shocks: { export_restriction: { rate: 0.3 } } },
    China: { costIndex: 0.5 },
  },
  market: {
    seed: 3,
    archetypes: [
      { name: 'inj', count: 40, form: 'sterile_injectable', fdfRegions: { US: 1, India: 1 }, apiRegions: { India: 1, China: 1 } },
      { name: 'oral', count: 40, form: 'oral_solid', fdfRegions: { US: 1, India: 2 }, apiRegions: { India: 1, China: 1 } },
    ],
  },
  demand: { surges: { rate: 0.5 } },
});
const run = { seed: 99, horizonDays: 8 * YEAR, warmupDays: YEAR, seriesStepDays: 91.3125 };
const traditional = policiesSchema.parse({ adoption: { path: 'traditional' } });

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

describe('simulateReplication', () => {
  it('is a pure function of its input: same input, identical output; frozen input accepted', () => {
    const input = deepFreeze({ world, policies: traditional, run, replication: 2 });
    const a = simulateReplication(input);
    const b = simulateReplication(input);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.events).toBe(a.events);
    for (const k of Object.keys(a.series)) expect(Array.from(b.series[k])).toEqual(Array.from(a.series[k]));
  });

  it('replications differ', () => {
    const a = simulateReplication({ world, policies: traditional, run, replication: 0 });
    const b = simulateReplication({ world, policies: traditional, run, replication: 1 });
    expect(a.metrics['shortage.days']).not.toBe(b.metrics['shortage.days']);
  });

  it('reports every METRICS entry and every series (with form and region breakdowns) on the grid', () => {
    const out = simulateReplication({ world, policies: traditional, run, replication: 0 });
    expect(Object.keys(out.metrics).sort()).toEqual([...METRIC_NAMES].sort());
    for (const m of METRIC_NAMES) expect(typeof out.metrics[m]).toBe('number');
    expect(out.grid).toEqual({ start: YEAR, step: 91.3125, count: 28 });
    for (const s of Object.keys(SERIES)) expect(out.series[s]).toBeInstanceOf(Float64Array);
    for (const f of DOSAGE_FORMS) expect(out.series[`amt_capacity_share.form.${f}`]).toHaveLength(28);
    for (const r of ['US', 'India', 'China']) expect(out.series[`amt_capacity_share.region.${r}`]).toHaveLength(28);
    // Shortage measures agree: the active mean is the mean of the active series; days per year = active mean x 365.25.
    const act = out.series.active_shortages;
    const meanSeries = act.reduce((s, x) => s + x, 0) / act.length;
    expect(meanSeries).toBeCloseTo(out.metrics['shortage.active_mean'], 6);
    expect(out.metrics['shortage.days']).toBeCloseTo(out.metrics['shortage.active_mean'] * YEAR, 6);
    expect(out.metrics['shortage.new']).toBeGreaterThan(0);
    expect(out.metrics['adoption.capacity_share_end']).toBe(0);
    expect(out.metrics['capacity.domestic_share_end']).toBeGreaterThan(0.1);
    let causes = 0;
    for (const c of ['quality', 'regulatory', 'shock', 'api', 'demand', 'exit'] as const) causes += out.metrics[`shortage.cause.${c}`];
    expect(causes).toBeCloseTo(out.metrics['shortage.new'], 9);
  });

  it('common random numbers: two arms see the same failures of lines that neither arm changes', () => {
    // Arms differ only in a policy switch that cannot act before adoption: with the traditional path
    // in both, a grant program changes nothing, so the replications must be identical.
    const grants = policiesSchema.parse({ adoption: { path: 'traditional' }, grants: { enabled: true } });
    const a = simulateReplication({ world, policies: traditional, run, replication: 5 });
    const b = simulateReplication({ world, policies: grants, run, replication: 5 });
    expect(b.metrics['shortage.days']).toBe(a.metrics['shortage.days']);
    expect(b.metrics['shortage.new']).toBe(a.metrics['shortage.new']);
  });

  it('mandated AMT adoption raises the AMT capacity share and lowers quality shortages relative to traditional', () => {
    const mandated = policiesSchema.parse({ adoption: { path: 'mandated', mandate: { targetShare: 0.9, midpoint: 0, steepness: 5 } } });
    let q0 = 0, q1 = 0, share = 0;
    for (let r = 0; r < 6; r++) {
      const a = simulateReplication({ world, policies: traditional, run, replication: r });
      const b = simulateReplication({ world, policies: mandated, run, replication: r });
      q0 += a.metrics['shortage.cause.quality'];
      q1 += b.metrics['shortage.cause.quality'];
      share += b.metrics['adoption.capacity_share_end'];
    }
    expect(share / 6).toBeGreaterThan(0.5);
    expect(q1).toBeLessThan(q0);
  });

  it('a scripted export restriction on all Indian API raises API-caused shortages', () => {
    const base = simulateWithTrace({ world, policies: traditional, run, replication: 1 }).output;
    const banned = worldSchema.parse({ ...world, scriptedShocks: [{ at: 2 * YEAR, duration: 2 * YEAR, kind: 'export_restriction', region: 'India', tier: 'api' }] });
    const out = simulateReplication({ world: banned, policies: traditional, run, replication: 1 });
    expect(out.metrics['shortage.cause.api']).toBeGreaterThan(base.metrics['shortage.cause.api']);
  });
});
