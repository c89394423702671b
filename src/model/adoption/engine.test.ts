import { describe, expect, it } from 'vitest';
import { RandomStreams, Simulation } from '../../kernel/index.js';
import { policiesSchema, regulatorSchema, type PolicyInput, type RegulatorInput } from '../policy/params.js';
import { createPolicyLayer } from './index.js';
import { FakeHost, type FakeLine } from './fake-host.js';

const YEAR = 365.25;

interface Trace { e: string; t: number; [k: string]: number | string | boolean }

function run(lines: FakeLine[], policies: PolicyInput, opts: { regulator?: RegulatorInput; warmup?: number; years?: number; seed?: number; firms?: { discountRate: number; budget: number }; failures?: [number, number][] } = {}) {
  const sim = new Simulation();
  const p = policiesSchema.parse(policies);
  const host = new FakeHost(lines, p, opts.firms);
  host.now = () => sim.now;
  const streams = new RandomStreams(opts.seed ?? 7, 0);
  const horizonDays = (opts.years ?? 10) * YEAR + (opts.warmup ?? 0);
  const { regulator, engine } = createPolicyLayer({
    sim, host, policies: p, regulator: regulatorSchema.parse(opts.regulator ?? {}), stream: (n) => streams.get(n),
    run: { warmupDays: opts.warmup ?? 0, horizonDays },
  });
  const trace: Trace[] = [];
  engine.onTrace = (e, d) => trace.push({ e, t: d.t as number, ...d });
  engine.start();
  for (const [t, firm] of opts.failures ?? []) {
    const k = sim.register(`fail${t}`, () => engine.onMajorFailure(firm));
    sim.schedule(k, t);
  }
  sim.run(horizonDays);
  return { sim, host, engine, regulator, trace, metrics: engine.metrics() };
}

/** A costly CM conversion (capital $20M at this line's size) that saves 15% of a $6 unit cost on 800k units/yr. */
const costlyCm: PolicyInput['adoption'] = {
  logitScale: 0,
  regulatoryRiskPremium: 0.05,
  horizon: '10 years',
  learningExponent: 0,
  technologies: { continuous: { fixedCost: 0, unitCostFactor: 0.85, capitalCost: 20e6, referenceAnnualUnits: 1e6 }, pat_rtrt: { forms: ['sterile_injectable'] } },
};
const zeroReview: RegulatorInput = { types: { pas: { workShare: 0 }, cbe30: { workShare: 0 } }, cbe30Wait: 0 };
const oralLine: FakeLine = { firm: 0, form: 'oral_solid' };

describe('AdoptionEngine: endogenous decisions', () => {
  it('a grant covering 100% of capital with zero review time converts a positive-savings line at the first epoch', () => {
    const without = run([oralLine], { adoption: costlyCm }, { regulator: zeroReview });
    expect(without.trace.filter((x) => x.e === 'begin')).toHaveLength(0);
    expect(without.metrics['adoption.conversions']).toBe(0);

    const grant = { enabled: true, shareOfCapital: 1, perProjectCap: 1e9, annualBudget: 1e9, totalBudget: 1e9 };
    const withGrant = run([oralLine], { adoption: { ...costlyCm, logitScale: 0.5 }, grants: grant }, { regulator: zeroReview });
    const firstEpoch = withGrant.trace.find((x) => x.e === 'epoch')!;
    const begin = withGrant.trace.find((x) => x.e === 'begin')!;
    expect(begin.t).toBe(firstEpoch.t);
    expect(begin.grant).toBe(begin.capital);
    const done = withGrant.trace.find((x) => x.e === 'complete')!;
    // Implementation 12 months + zero review + 2 months changeover.
    expect(done.t - begin.t).toBeCloseTo(12 * 30.4375 + 2 * 30.4375, 6);
    expect(withGrant.host.lines[0].tech).toBe(1);
    expect(withGrant.host.capitalSpent).toBeCloseTo(0, 6);
    expect(withGrant.metrics['cost.program.grants']).toBeCloseTo((begin.capital as number) / 10, 3);
  });

  it('a line built during the run (addLine) is valued and converted at the firm\'s next epoch', () => {
    const sim = new Simulation();
    const grant = { enabled: true, shareOfCapital: 1, perProjectCap: 1e9, annualBudget: 1e9, totalBudget: 1e9 };
    const p = policiesSchema.parse({ adoption: costlyCm, grants: grant });
    // Firm 0's only line is already on AMT: nothing to value until the new line arrives.
    const host = new FakeHost([{ ...oralLine, tech: 1 }], p);
    host.now = () => sim.now;
    const streams = new RandomStreams(7, 0);
    const { engine } = createPolicyLayer({ sim, host, policies: p, regulator: regulatorSchema.parse(zeroReview), stream: (n) => streams.get(n), run: { warmupDays: 0, horizonDays: 5 * YEAR } });
    const trace: Trace[] = [];
    engine.onTrace = (e, d) => trace.push({ e, t: d.t as number, ...d });
    engine.start();
    const addAt = 400;
    sim.schedule(sim.register('build', () => {
      host.lines.push({ ...host.lines[0], tech: 0 });
      engine.addLine(1);
    }), addAt);
    expect(() => engine.addLine(0)).toThrow(RangeError);
    sim.run(5 * YEAR);
    expect(engine.lineCount).toBe(2);
    const begin = trace.find((x) => x.e === 'begin')!;
    expect(begin.line).toBe(1);
    const epochAfter = trace.find((x) => x.e === 'epoch' && x.t >= addAt)!;
    expect(begin.t).toBe(epochAfter.t);
    expect(host.lines[1].tech).toBe(1);
  });

  it('CBE-30 flexibility shortens time-to-conversion by the PAS - CBE-30 difference', () => {
    const cheap: PolicyInput['adoption'] = { ...costlyCm, technologies: { continuous: { fixedCost: 0, unitCostFactor: 0.85, capitalCost: 1e5, referenceAnnualUnits: 1e6 }, pat_rtrt: { forms: ['sterile_injectable'] } } };
    const reg: RegulatorInput = { types: { pas: { distribution: 'fixed' }, cbe30: { distribution: 'fixed' } } };
    const pas = run([oralLine], { adoption: cheap }, { regulator: reg });
    const cbe = run([oralLine], { adoption: cheap, cbe30: { enabled: true } }, { regulator: reg });
    const span = (r: typeof pas) => r.trace.find((x) => x.e === 'complete')!.t - r.trace.find((x) => x.e === 'begin')!.t;
    expect(pas.trace.find((x) => x.e === 'file')!.filing).toBe('pas');
    expect(cbe.trace.find((x) => x.e === 'file')!.filing).toBe('cbe30');
    const pasReview = 0.65 * 10 * 30.4375; // CM needs a pre-approval inspection: 10-month goal
    expect(span(pas) - span(cbe)).toBeCloseTo(pasReview - 30, 6);
    expect(pas.trace.find((x) => x.e === 'begin')!.t).toBe(cbe.trace.find((x) => x.e === 'begin')!.t);
  });

  it('a major quality failure triggers an extra decision epoch (after the cooldown)', () => {
    const r = run([oralLine], { adoption: { ...costlyCm, epochInterval: 10 * YEAR } }, { failures: [[100, 0], [120, 0], [400, 0]], years: 3 });
    const extra = r.trace.filter((x) => x.e === 'epoch' && x.regular === false).map((x) => x.t);
    expect(extra).toEqual([100, 400]);
  });

  it('adoption is gradual and heterogeneous under the logit (not all firms at their first epoch)', () => {
    const lines: FakeLine[] = Array.from({ length: 40 }, (_, i) => ({ firm: i, form: 'oral_solid' }));
    const adoption: PolicyInput['adoption'] = { learningExponent: 0, horizon: '10 years', regulatoryRiskPremium: 0.05, technologies: { continuous: { fixedCost: 0, unitCostFactor: 0.85, capitalCost: 1.5e6, referenceAnnualUnits: 1e6 }, pat_rtrt: { forms: ['sterile_injectable'] } } };
    const r = run(lines, { adoption }, { years: 10 });
    const begins = r.trace.filter((x) => x.e === 'begin');
    const firstEpoch = new Map<number, number>();
    for (const x of r.trace) if (x.e === 'epoch' && !firstEpoch.has(x.firm as number)) firstEpoch.set(x.firm as number, x.t);
    const atFirst = begins.filter((b) => firstEpoch.get(b.firm as number) === b.t).length;
    expect(begins.length).toBeGreaterThan(20);
    expect(atFirst).toBeGreaterThan(5);
    expect(atFirst).toBeLessThan(begins.length - 5);
    const ts = begins.map((b) => b.t);
    expect(Math.max(...ts) - Math.min(...ts)).toBeGreaterThan(3 * YEAR);
  });

  it('capital budget binds: a firm never commits more than its annual budget', () => {
    const lines: FakeLine[] = Array.from({ length: 6 }, () => ({ firm: 0, form: 'oral_solid' }));
    const adoption: PolicyInput['adoption'] = { ...costlyCm, maxProjectsPerEpoch: 10, technologies: { continuous: { fixedCost: 0, unitCostFactor: 0.85, capitalCost: 1e6, referenceAnnualUnits: 1e6 }, pat_rtrt: { forms: ['sterile_injectable'] } } };
    const r = run(lines, { adoption }, { firms: { discountRate: 0.1, budget: 2.5e6 }, years: 1 });
    expect(r.trace.filter((x) => x.e === 'begin')).toHaveLength(2);
  });
});

describe('AdoptionEngine: paths', () => {
  it('traditional path: zero conversions and zero outlays whatever the policies', () => {
    const lines: FakeLine[] = Array.from({ length: 10 }, (_, i) => ({ firm: i % 3, form: i % 2 ? 'oral_solid' : 'sterile_injectable' }));
    const all: PolicyInput = {
      adoption: { path: 'traditional' }, grants: { enabled: true }, expeditedReview: { enabled: true }, cbe30: { enabled: true },
      designation: { enabled: true }, coe: { enabled: false },
    };
    const r = run(lines, all);
    expect(r.metrics['adoption.conversions']).toBe(0);
    expect(r.metrics['cost.program_outlays']).toBe(0);
    expect(r.host.capitalSpent).toBe(0);
    expect(r.host.amtShare()).toBe(0);
  });

  it('mandated path follows the logistic curve and reaches its target share', () => {
    const lines: FakeLine[] = Array.from({ length: 200 }, (_, i) => ({ firm: i % 7, form: i % 3 ? 'oral_solid' : 'sterile_injectable', capacity: 1000 + (i % 13) * 100 }));
    const mandate = { targetShare: 0.4, midpoint: '3 years', steepness: 2 };
    const maxLine = 2200 / lines.reduce((a, l) => a + (l.capacity ?? 0), 0);
    const mid = run(lines, { adoption: { path: 'mandated', mandate } }, { years: 3 });
    expect(mid.host.amtShare()).toBeGreaterThanOrEqual(0.2 - 1e-9);
    expect(mid.host.amtShare()).toBeLessThan(0.2 + maxLine);
    const end = run(lines, { adoption: { path: 'mandated', mandate } }, { years: 15 });
    expect(end.host.amtShare()).toBeGreaterThanOrEqual(0.4 * (1 / (1 + Math.exp(-24))) - 1e-9);
    expect(end.host.amtShare()).toBeLessThan(0.4 + maxLine);
    // Oral solids get CM (tech 1), sterile lines PAT (tech 2), by default.
    for (const l of end.host.lines) if (l.tech > 0) expect(l.tech).toBe(l.form === 'oral_solid' ? 1 : 2);
    // The same lines convert in every arm with the same seed (chosen from a stream).
    const again = run(lines, { adoption: { path: 'mandated', mandate }, grants: { enabled: true } }, { years: 15 });
    expect(again.host.lines.map((l) => l.tech)).toEqual(end.host.lines.map((l) => l.tech));
  });
});

describe('AdoptionEngine: programs', () => {
  it('grant budget runs out first come, first served (in the order requests arrive)', () => {
    const lines: FakeLine[] = [0, 1, 2].map((f) => ({ firm: f, form: 'oral_solid' }));
    const cheap: PolicyInput['adoption'] = { ...costlyCm, technologies: { continuous: { fixedCost: 0, unitCostFactor: 0.85, capitalCost: 1e6, referenceAnnualUnits: 1e6 }, pat_rtrt: { forms: ['sterile_injectable'] } } };
    const r = run(lines, { adoption: cheap, grants: { enabled: true, shareOfCapital: 1, perProjectCap: 1e9, annualBudget: 1.5e6, totalBudget: 1e9 } }, { years: 1 });
    const begins = r.trace.filter((x) => x.e === 'begin');
    expect(begins).toHaveLength(3);
    expect(begins.map((b) => b.grant)).toEqual([1e6, 0.5e6, 0]);
    expect(r.engine.ledger.lifetimeTotal('grants')).toBe(1.5e6);
  });

  it('grant eligibility: foreign sites get nothing under domesticOnly', () => {
    const lines: FakeLine[] = [{ firm: 0, form: 'oral_solid', domestic: false }];
    const r = run(lines, { adoption: costlyCm, grants: { enabled: true, shareOfCapital: 1, perProjectCap: 1e9, annualBudget: 1e9, totalBudget: 1e9, eligibility: { domesticOnly: true } } }, { regulator: zeroReview });
    expect(r.trace.filter((x) => x.e === 'begin')).toHaveLength(0);
    expect(r.metrics['cost.program.grants']).toBe(0);
  });

  it('Centers of Excellence: transfers per year until the budget is spent; participants pay less and install faster', () => {
    const lines: FakeLine[] = Array.from({ length: 30 }, (_, i) => ({ firm: i, form: 'sterile_injectable' }));
    const r = run(lines, { adoption: { path: 'traditional' }, coe: { enabled: true } }, { years: 10 });
    expect(r.metrics['adoption.tech_transfers']).toBeCloseTo(20 / 10, 9);
    expect(r.metrics['cost.program.coe']).toBeCloseTo(100e6 / 10, 3);
    const transfers = r.trace.filter((x) => x.e === 'transfer');
    const f = transfers[0].firm as number;
    const k = ['continuous', 'pat_rtrt', 'container_closure', 'visual_inspection'].indexOf(transfers[0].type as string);
    const other = lines.findIndex((_, i) => !transfers.some((x) => x.firm === i && x.type === transfers[0].type));
    expect(r.engine.capitalCost(f, k) / r.engine.capitalCost(other, k)).toBeCloseTo(0.7, 9);
    expect(r.metrics['cost.program.grants']).toBe(0);
  });

  it('payer premium: designated-AMT lines get the uplift for its duration; outlay = uplift x price x units', () => {
    const lines: FakeLine[] = [{ firm: 0, form: 'oral_solid', tech: 1 }, { firm: 0, form: 'oral_solid' }];
    const r = run(lines, { adoption: { path: 'traditional' }, payerPremium: { enabled: true } }, { years: 10 });
    // Designation off: every AMT counts as designated. Line 0 qualifies for 3 years from the start.
    const units = (1e6 / 365.25) * 365.25 * 0.8;
    expect(r.metrics['cost.program.payer_premium']).toBeCloseTo((0.3 * 10 * units * 3) / 10, 0);
    expect(r.engine.priceUplift[1]).toBe(0);
    expect(r.metrics['cost.program_outlays']).toBeCloseTo(r.metrics['cost.program.payer_premium']!, 6);
    const mid = run(lines, { adoption: { path: 'traditional' }, payerPremium: { enabled: true } }, { years: 2 });
    expect(Array.from(mid.engine.priceUplift)).toEqual([0.3, 0]);
  });

  it('designation + expedited review: designated conversions file expedited; graduation ends it', () => {
    const cheap: PolicyInput['adoption'] = { ...costlyCm, technologies: { continuous: { fixedCost: 0, unitCostFactor: 0.85, capitalCost: 1e5, referenceAnnualUnits: 1e6 }, pat_rtrt: { forms: ['sterile_injectable'] } } };
    const lines: FakeLine[] = [0, 1, 2].map((f) => ({ firm: f, form: 'oral_solid' }));
    const on = run(lines, { adoption: cheap, designation: { enabled: true }, expeditedReview: { enabled: true } }, { seed: 3 });
    const designations = on.trace.filter((x) => x.e === 'designation');
    expect(designations.length).toBe(3);
    const granted = new Set(designations.filter((d) => d.granted).map((d) => d.firm));
    for (const f of on.trace.filter((x) => x.e === 'file')) expect(f.expedited).toBe(granted.has(on.host.lines[f.line as number].firm));
    expect(on.metrics['adoption.designations']).toBeCloseTo(granted.size / 10, 9);
    expect(on.regulator.stats('pas', true).count).toBe(3);

    const grad = run(lines, { adoption: cheap, designation: { enabled: true, approvalProbability: 1, graduation: true, graduateAfter: 1 }, expeditedReview: { enabled: true } }, { seed: 3 });
    const files = grad.trace.filter((x) => x.e === 'file');
    const graduation = grad.trace.find((x) => x.e === 'graduation')!;
    for (const f of files) if (f.t > graduation.t) expect(f.expedited).toBe(false);
  });

  it('expedited review: extra review slots cost reviewSlotCostPerYear each, from the policy start', () => {
    const r = run([oralLine], { adoption: { path: 'traditional' }, expeditedReview: { enabled: true, extraReviewers: 4 }, start: '1 year' }, { years: 10, warmup: YEAR });
    // Window = 10 years after a 1-year warm-up; slots bought from warm-up + 1 year: 9 years of 4 x $0.5M.
    expect(r.metrics['cost.program.expedited_review']).toBeCloseTo((4 * 0.5e6 * 9) / 10, 3);
    expect(r.regulator.dedicatedSlots).toBe(4);
  });

  it('each program moves only its own outlay', () => {
    const lines: FakeLine[] = Array.from({ length: 12 }, (_, i) => ({ firm: i % 4, form: i % 2 ? 'oral_solid' : 'sterile_injectable', tech: i === 0 ? 2 : 0 }));
    const programs = { grants: 'grants', payerPremium: 'payer_premium', coe: 'coe', expeditedReview: 'expedited_review', cbe30: 'cbe30' } as const;
    const noFixed = { fixedCost: 0 };
    const adoption: PolicyInput['adoption'] = { technologies: { continuous: noFixed, pat_rtrt: noFixed, container_closure: noFixed, visual_inspection: noFixed } };
    const base = run(lines, { adoption });
    for (const [key, program] of Object.entries(programs)) {
      const extra = key === 'expeditedReview' ? { extraReviewers: 2 } : key === 'cbe30' ? { annualCost: 1e5 } : {};
      const r = run(lines, { adoption, [key]: { enabled: true, ...extra } });
      for (const p of Object.values(programs)) {
        const v = r.metrics[`cost.program.${p}`]!;
        if (p === program) expect(v).toBeGreaterThan(0);
        else expect(v).toBe(0);
      }
      expect(base.metrics[`cost.program.${program}`]).toBe(0);
    }
  });
});
