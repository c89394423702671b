/**
 * Policies through the full world model (`simulateReplication`), in small worlds where the answer is
 * known. Unit tests of the engine against a fake host are in src/model/adoption/engine.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { simulateReplication, simulateWithTrace, worldSchema, type WorldInput } from '../index.js';
import type { MetricName } from '../outputs.js';
import { policiesSchema, type PolicyInput } from './params.js';

const YEAR = 365.25;
type Metrics = Record<string, number>;

function simulate(world: WorldInput, policies: PolicyInput, opts: { years?: number; warmupYears?: number; replication?: number; seed?: number; horizonDays?: number } = {}): Metrics {
  const warmupDays = (opts.warmupYears ?? 0) * YEAR;
  const horizonDays = opts.horizonDays ?? warmupDays + (opts.years ?? 10) * YEAR;
  return simulateReplication({
    world: worldSchema.parse(world),
    policies: policiesSchema.parse(policies),
    run: { seed: opts.seed ?? 11, horizonDays, warmupDays, seriesStepDays: 91.3125 },
    replication: opts.replication ?? 0,
  }).metrics as Metrics;
}

const mixedWorld: WorldInput = {
  market: {
    archetypes: [
      { name: 'inj', count: 40, form: 'sterile_injectable' },
      { name: 'oral', count: 40, form: 'oral_solid' },
    ],
  },
};

/** One oral-solid product made by one U.S. line: a CM conversion saves money but its capital is huge. */
function onePlantWorld(regulator: WorldInput['regulator'] = {}): WorldInput {
  return {
    market: {
      firms: [{ id: 'acme' }],
      plants: [{ id: 'acme-us', firm: 'acme', region: 'US', tier: 'fdf' }],
      products: [{ id: 'tabs', form: 'oral_solid', essential: true, annualDemand: 1e8, price: 1, unitCost: 0.6, suppliers: [{ plant: 'acme-us', share: 1 }] }],
    },
    regulator,
  };
}
const costlyCm: PolicyInput['adoption'] = {
  technologies: {
    continuous: { fixedCost: '$300M', implementation: '10 days', changeover: '1 day' },
    pat_rtrt: { forms: ['sterile_injectable'] },
  },
};

describe('policies through simulateReplication', () => {
  it('traditional path: zero conversions and no AMT capacity, whatever policies are on', () => {
    const m = simulate(mixedWorld, {
      adoption: { path: 'traditional' },
      grants: { enabled: true }, expeditedReview: { enabled: true }, cbe30: { enabled: true }, payerPremium: { enabled: true }, designation: { enabled: true },
    });
    expect(m['adoption.conversions']).toBe(0);
    expect(m['adoption.capacity_share_end']).toBe(0);
    expect(m['adoption.designations']).toBe(0);
    expect(m['cost.program_outlays']).toBe(0);
  });

  it('mandated path reaches its target share of capacity', () => {
    const policies: PolicyInput = { adoption: { path: 'mandated', mandate: { targetShare: 0.3, midpoint: '2 years', steepness: 3 } } };
    const check = (horizonDays: number, target: number) => {
      const { output, trace } = simulateWithTrace({
        world: worldSchema.parse(mixedWorld), policies: policiesSchema.parse(policies),
        run: { seed: 11, horizonDays, warmupDays: 0, seriesStepDays: 91.3125 }, replication: 0,
      });
      const w = trace.world;
      let total = 0, largest = 0;
      for (let l = 0; l < w.nLinesUsed; l++) if (w.lnActive[l]) { total += w.lnCapacity[l]; largest = Math.max(largest, w.lnCapacity[l]); }
      const share = trace.engine.amtCapacityShare();
      // The mandate tops up monthly, one whole line at a time; exits and entrants' lines (built
      // traditional) move the share in between.
      expect(share).toBeGreaterThan(target - 0.03);
      expect(share).toBeLessThan(target + largest / total + 0.01);
      // The world's metric counts every active line, entrants' included: check it against the
      // world's lines directly.
      let amtAll = 0, capAll = 0;
      for (let l = 0; l < w.nLinesUsed; l++) {
        if (!w.lnActive[l] || w.lnProduct[l] < 0) continue;
        capAll += w.lnCapacity[l];
        if (w.lnTech[l] > 0) amtAll += w.lnCapacity[l];
      }
      expect(output.metrics['adoption.capacity_share_end']).toBeCloseTo(amtAll / capAll, 6);
      if (trace.engine.host.amtCapacityShare !== undefined) expect(share).toBeCloseTo(amtAll / capAll, 6);
    };
    check(12 * YEAR, 0.3);
    check(2 * YEAR, 0.15);
  });

  it('the payer premium paid is the uplift on the units the premium line actually made', () => {
    // The only line converts at t = 0 (mandate); designation off, so it qualifies at once. Quality
    // failures stop it now and then, so it makes less than its expected volume: the outlay follows
    // what was made, not the expectation.
    const policies = policiesSchema.parse({
      adoption: { path: 'mandated', mandate: { targetShare: 1, midpoint: 0, steepness: 50, chargeCapital: false } },
      designation: { enabled: false },
      payerPremium: { enabled: true, uplift: 0.3, duration: '20 years' },
    });
    const world = worldSchema.parse({ ...onePlantWorld(), quality: { hazard: { oral_solid: 2 } } });
    const years = 5;
    const { output, trace } = simulateWithTrace({ world, policies, run: { seed: 3, horizonDays: years * YEAR, warmupDays: 0, seriesStepDays: YEAR }, replication: 0 });
    const w = trace.world;
    expect(w.lnTech[0]).toBeGreaterThan(0);
    const made = w.lnProduced[0];
    const paid = output.metrics['cost.program.payer_premium'] * years;
    expect(paid).toBeCloseTo(0.3 * w.price(0) * made, 0);
    // Failures cost output: what was paid is below the uplift on the line's full expected volume.
    expect(made).toBeLessThan(0.99 * w.prD[0] * years * YEAR);
    expect(output.metrics['cost.program_outlays']).toBeCloseTo(output.metrics['cost.program.payer_premium'], 6);
  });

  it('a grant covering 100% of capital with zero review time makes a positive-savings conversion happen at the first epoch', () => {
    const zeroReview = onePlantWorld({ cbe30Wait: 0, types: { pas: { workShare: 0 } } });
    // The horizon ends before a conversion begun at a second epoch could finish (epoch interval 1 year,
    // implementation 10 days + changeover 1 day), so a completed conversion began at the first epoch.
    const horizonDays = YEAR + 10.5;
    const none = simulate(zeroReview, { adoption: costlyCm }, { horizonDays });
    expect(none['adoption.conversions']).toBe(0);
    const grant = simulate(zeroReview, { adoption: costlyCm, grants: { enabled: true, shareOfCapital: 1, perProjectCap: '$1B', annualBudget: '$1B', totalBudget: '$1B' } }, { horizonDays });
    expect(grant['adoption.conversions'] * (horizonDays / YEAR)).toBeCloseTo(1, 9);
    expect(grant['adoption.capacity_share_end']).toBeCloseTo(1, 9);
    expect(grant['cost.program.grants']).toBeGreaterThan(300e6 / (horizonDays / YEAR));
    expect(grant['cost.manufacturer_capital']).toBeCloseTo(0, 3);
  });

  it('CBE-30 flexibility shortens time-to-conversion by the PAS - CBE-30 difference', () => {
    const world = onePlantWorld({ types: { pas: { distribution: 'fixed' }, cbe30: { distribution: 'fixed' } } });
    const cheap: PolicyInput['adoption'] = { logitScale: 0, technologies: { continuous: { fixedCost: 0, capitalCost: '$1M' }, pat_rtrt: { forms: ['sterile_injectable'] } } };
    const run = (policies: PolicyInput) => simulateWithTrace({
      world: worldSchema.parse(world), policies: policiesSchema.parse(policies),
      run: { seed: 5, horizonDays: 5 * YEAR, warmupDays: 0, seriesStepDays: 91.3125 }, replication: 0,
    }).trace.engine.projects();
    const [pas] = run({ adoption: cheap });
    const [cbe] = run({ adoption: cheap, cbe30: { enabled: true } });
    expect(pas.filing).toBe('pas');
    expect(cbe.filing).toBe('cbe30');
    expect(cbe.begun).toBe(pas.begun);
    // CM needs a pre-approval inspection: the PAS review is 0.65 x the 10-month goal; CBE-30 waits 30 days.
    const pasReview = 0.65 * 10 * 30.4375;
    expect(pas.implementable - pas.filed).toBeCloseTo(pasReview, 6);
    expect(cbe.implementable - cbe.filed).toBeCloseTo(30, 6);
    expect((pas.completed - pas.begun) - (cbe.completed - cbe.begun)).toBeCloseTo(pasReview - 30, 6);
  });

  it('CBE-30 flexibility files conversions as CBE-30 instead of PAS', () => {
    const cheap: PolicyInput['adoption'] = { technologies: { continuous: { fixedCost: 0, capitalCost: '$1M' } } };
    const world = { ...mixedWorld };
    const pas = simulate(world, { adoption: cheap });
    const cbe = simulate(world, { adoption: cheap, cbe30: { enabled: true } });
    expect(pas['reg.pas.amt.count']).toBeGreaterThan(0);
    expect(cbe['reg.cbe30.amt.count']).toBeGreaterThan(0);
    expect(cbe['reg.pas.amt.count']).toBeLessThan(pas['reg.pas.amt.count']);
  });

  it('expedited review lowers the regulatory risk premium of designated AMTs, so more lines convert', () => {
    // Designation is off here (every AMT counts as designated), so the premium cut applies in full.
    const adoption: PolicyInput['adoption'] = { regulatoryRiskPremium: 0.2 };
    const base = { adoption, designation: { enabled: false } };
    let none = 0, cut = 0, speedOnly = 0;
    for (let r = 0; r < 3; r++) {
      none += simulate(mixedWorld, base, { replication: r })['adoption.conversions'];
      cut += simulate(mixedWorld, { ...base, expeditedReview: { enabled: true, riskPremiumReduction: 1 } }, { replication: r })['adoption.conversions'];
      speedOnly += simulate(mixedWorld, { ...base, expeditedReview: { enabled: true, riskPremiumReduction: 0 } }, { replication: r })['adoption.conversions'];
    }
    expect(cut).toBeGreaterThan(none);
    expect(cut).toBeGreaterThan(speedOnly);
  });

  it('with no extra capacity, expediting AMT applications lengthens the others\' mean review time', () => {
    // Scarce reviewers and many AMT filings (cheap conversions, all of them subsidised).
    const world: WorldInput = { ...mixedWorld, regulator: { reviewers: 6 } };
    const adoption: PolicyInput['adoption'] = { technologies: { continuous: { fixedCost: 0 }, pat_rtrt: { fixedCost: 0 }, visual_inspection: { fixedCost: 0 }, container_closure: { fixedCost: 0 } } };
    const grants = { enabled: true, shareOfCapital: 1, perProjectCap: '$1B', annualBudget: '$1B', totalBudget: '$1B' };
    let slower = 0;
    const R = 4;
    const mean = (m: Metrics) => {
      // Mean days to action of non-AMT applications, weighted by their counts.
      let n = 0, s = 0;
      for (const t of ['anda', 'pas', 'reinspection'] as const) {
        const c = m[`reg.${t}.other.count`], d = m[`reg.${t}.other.days_mean`];
        if (c > 0 && Number.isFinite(d)) { n += c; s += c * d; }
      }
      return s / n;
    };
    let base = 0, exp = 0;
    for (let r = 0; r < R; r++) {
      const a = mean(simulate(world, { adoption, grants }, { replication: r, years: 6 }));
      const b = mean(simulate(world, { adoption, grants, expeditedReview: { enabled: true } }, { replication: r, years: 6 }));
      base += a / R; exp += b / R;
      if (b > a) slower++;
    }
    expect(exp).toBeGreaterThan(base * 1.05);
    expect(slower).toBe(R);
  });

  it('a policy with nothing to act on changes nothing but its own outlays (common random numbers)', () => {
    const trad: PolicyInput = { adoption: { path: 'traditional' } };
    const base = simulate(mixedWorld, trad, { years: 6 });
    const coe = simulate(mixedWorld, { ...trad, coe: { enabled: true } }, { years: 6 });
    const own = new Set(['cost.program.coe', 'cost.program_outlays', 'adoption.tech_transfers', 'cost.total', 'cost.total_discounted']);
    expect(coe['adoption.tech_transfers']).toBeCloseTo(20 / 6, 9);
    expect(coe['cost.program.coe']).toBeCloseTo(100e6 / 6, 0);
    for (const k of Object.keys(base) as MetricName[]) {
      if (own.has(k)) continue;
      expect(coe[k], k).toEqual(base[k]);
    }
    // Grants, expedited review, CBE-30 and designation without adoption: identical results.
    const others = simulate(mixedWorld, { ...trad, grants: { enabled: true }, expeditedReview: { enabled: true }, cbe30: { enabled: true }, designation: { enabled: true }, payerPremium: { enabled: true } }, { years: 6 });
    for (const k of Object.keys(base) as MetricName[]) expect(others[k], k).toEqual(base[k]);
  });

  it('is a pure function of its input with every policy on (same input, identical output)', () => {
    const all: PolicyInput = { grants: { enabled: true }, expeditedReview: { enabled: true, extraReviewers: 2 }, cbe30: { enabled: true }, payerPremium: { enabled: true }, coe: { enabled: true }, designation: { enabled: true, graduation: true } };
    const a = simulate(mixedWorld, all, { years: 5, warmupYears: 1 });
    const b = simulate(mixedWorld, all, { years: 5, warmupYears: 1 });
    expect(b).toEqual(a);
    expect(a['adoption.conversions']).toBeGreaterThan(0);
  });

  it('each program moves its own outlay and adoption, not the other programs', () => {
    const years = 8;
    const base = simulate(mixedWorld, {}, { years, warmupYears: 1 });
    const programs = { grants: 'grants', payerPremium: 'payer_premium', coe: 'coe' } as const;
    for (const [key, program] of Object.entries(programs)) {
      const m = simulate(mixedWorld, { [key]: { enabled: true } }, { years, warmupYears: 1 });
      for (const p of ['grants', 'payer_premium', 'coe', 'expedited_review', 'cbe30'] as const) {
        if (p === program) expect(m[`cost.program.${p}`], p).toBeGreaterThan(0);
        else expect(m[`cost.program.${p}`], `${key}: ${p}`).toBe(0);
      }
    }
    const premium = simulate(mixedWorld, { payerPremium: { enabled: true } }, { years, warmupYears: 1 });
    expect(premium['adoption.capacity_share_end']).toBeGreaterThan(base['adoption.capacity_share_end']);
    expect(premium['adoption.conversions']).toBeGreaterThan(base['adoption.conversions']);
  });
});
