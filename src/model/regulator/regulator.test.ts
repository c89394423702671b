import { describe, expect, it } from 'vitest';
import { Simulation, createStream, normalQuantile } from '../../kernel/index.js';
import { METRIC_NAMES } from '../outputs.js';
import { regulatorSchema, type RegulatorInput } from './params.js';
import { Regulator } from './regulator.js';

/** Erlang C mean wait in queue of M/M/c (arrival rate lambda, service rate mu per server). */
function erlangCWait(lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  const rho = a / c;
  let sum = 0, term = 1;
  for (let k = 0; k < c; k++) { if (k > 0) term *= a / k; sum += term; }
  const last = (term * a) / c / (1 - rho); // a^c / c! / (1 - rho)
  const pWait = last / (sum + last);
  return pWait / (c * mu - lambda);
}

/** Poisson arrivals of one application type into a regulator; returns the per-replication mean wait. */
function mmcMeanWait(lambda: number, meanService: number, c: number, seed: number, days: number, warmup: number): number {
  const sim = new Simulation();
  const params = regulatorSchema.parse({
    reviewers: c,
    types: { anda: { distribution: 'exponential', workShare: 1, goal: meanService } },
  });
  const fda = new Regulator(sim, params, createStream(seed, 0, 'regulator'), { statsFrom: warmup });
  const arrivals = createStream(seed, 0, 'arrivals');
  const arrive = sim.register('arrive', () => {
    fda.submit('anda');
    sim.schedule(arrive, -Math.log(1 - arrivals()) / lambda);
  });
  sim.schedule(arrive, 0);
  sim.run(days);
  return fda.stats('anda', false).meanWait;
}

function ci99(xs: number[]): { mean: number; half: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  // t quantile ~ normal quantile for n = 40 (slightly conservative adjustment below).
  const t = normalQuantile(0.995) * 1.03;
  return { mean, half: (t * sd) / Math.sqrt(n) };
}

describe('Regulator as M/M/c', () => {
  const sets = [
    { lambda: 2, meanService: 1, c: 3 }, // rho = 0.67
    { lambda: 7.5, meanService: 1, c: 10 }, // rho = 0.75
    { lambda: 0.9, meanService: 1, c: 1 }, // M/M/1, rho = 0.9
  ];
  for (const s of sets) {
    it(`mean wait matches Erlang C within the 99% CI (lambda=${s.lambda}, c=${s.c})`, () => {
      const reps = 40;
      const waits: number[] = [];
      for (let r = 0; r < reps; r++) waits.push(mmcMeanWait(s.lambda, s.meanService, s.c, 1000 + r, 3000, 200));
      const exact = erlangCWait(s.lambda, 1 / s.meanService, s.c);
      const { mean, half } = ci99(waits);
      expect(Math.abs(mean - exact)).toBeLessThan(half);
      expect(half / exact).toBeLessThan(0.15); // the test has power
    });
  }
});

function twoClassRun(opts: { expedite: boolean; extra?: number; seed: number; reviewers?: number; input?: RegulatorInput }) {
  const sim = new Simulation();
  const params = regulatorSchema.parse(opts.input ?? {
    reviewers: opts.reviewers ?? 4,
    // Priority goal = standard goal: expediting changes only the order of service, not the work.
    types: { pas: { distribution: 'exponential', goal: 100, priorityGoal: 100, workShare: 1 } },
  });
  const fda = new Regulator(sim, params, createStream(opts.seed, 0, 'regulator'), { statsFrom: 500, extraSlots: opts.extra ?? 0, dedicated: true });
  const arr = createStream(opts.seed, 0, 'arrivals');
  const arrive = sim.register('arrive', () => {
    const amt = arr() < 0.3;
    fda.submit('pas', { amt, expedited: amt && opts.expedite });
    sim.schedule(arrive, -Math.log(1 - arr()) / (3.2 / 100));
  });
  sim.schedule(arrive, 0);
  sim.run(20000);
  return { other: fda.stats('pas', false), amt: fda.stats('pas', true) };
}

describe('Regulator priorities', () => {
  it('expediting AMT applications without extra capacity lengthens the others\' mean time to action', () => {
    for (const seed of [1, 2, 3]) {
      const base = twoClassRun({ expedite: false, seed });
      const exp = twoClassRun({ expedite: true, seed });
      expect(exp.amt.meanDays).toBeLessThan(base.amt.meanDays);
      expect(exp.other.meanDays).toBeGreaterThan(base.other.meanDays * 1.05);
    }
  });
  it('with default clocks (priority PAS 4 vs 6 months) expediting still delays other applications at high load', () => {
    const input: RegulatorInput = { reviewers: 10, types: { pas: { distribution: 'exponential' } } };
    // Standard PAS work = 0.65 x 182.6 days; 30% AMT with 2/3 of the work; load ~0.9 without expediting.
    let worse = 0;
    for (const seed of [1, 2, 3]) {
      const sim = (expedite: boolean) => {
        const s = new Simulation();
        const fda = new Regulator(s, regulatorSchema.parse(input), createStream(seed, 0, 'regulator'), { statsFrom: 1000 });
        const arr = createStream(seed, 0, 'arrivals');
        const rate = (0.9 * 10) / (0.65 * 182.625);
        const k = s.register('a', () => { const amt = arr() < 0.3; fda.submit('pas', { amt, expedited: amt && expedite }); s.schedule(k, -Math.log(1 - arr()) / rate); });
        s.schedule(k, 0);
        s.run(40000);
        return fda.stats('pas', false).meanDays;
      };
      if (sim(true) > sim(false)) worse++;
    }
    expect(worse).toBe(3);
  });
  it('a priority review takes proportionally more capacity (work-conserving), or only a slot when that is off', () => {
    const input = (conserved: boolean) => regulatorSchema.parse({ reviewers: 2, priorityWorkConserved: conserved, types: { pas: { distribution: 'fixed', workShare: 1, goal: 60, priorityGoal: 40 } } });
    const run = (conserved: boolean) => {
      const sim = new Simulation();
      const fda = new Regulator(sim, input(conserved), createStream(1, 0, 'r'));
      const log: string[] = [];
      fda.submit('pas', { expedited: true }, { onAction: () => log.push(`exp@${sim.now}`) });
      fda.submit('pas', {}, { onAction: () => log.push(`std@${sim.now}`) });
      sim.run();
      return log;
    };
    // Conserved: the 40-day priority review holds 1.5 of the 2 slots, so the standard one waits for it.
    expect(run(true)).toEqual(['exp@40', 'std@100']);
    // Not conserved: each holds one slot and both start at once.
    expect(run(false)).toEqual(['exp@40', 'std@60']);
  });

  it('dedicated extra slots for expedited work do not slow the others', () => {
    for (const seed of [1, 2]) {
      const base = twoClassRun({ expedite: false, seed });
      const exp = twoClassRun({ expedite: true, extra: 2, seed });
      expect(exp.other.meanDays).toBeLessThan(base.other.meanDays * 1.02);
      expect(exp.amt.meanDays).toBeLessThan(base.amt.meanDays);
    }
  });
});

describe('Regulator clocks', () => {
  it('CBE-30 is implementable 30 days after receipt while its review occupies a slot', () => {
    const sim = new Simulation();
    const fda = new Regulator(sim, regulatorSchema.parse({ reviewers: 1, types: { cbe30: { distribution: 'fixed', workShare: 1, goal: 100 }, pas: { distribution: 'fixed', workShare: 1, goal: 50 } } }), createStream(1, 0, 'r'));
    const log: string[] = [];
    fda.submit('cbe30', { amt: true }, { onImplementable: () => log.push(`impl@${sim.now}`), onAction: (ok) => log.push(`action@${sim.now}:${ok}`) });
    fda.submit('pas', {}, { onImplementable: () => log.push(`pas-impl@${sim.now}`) });
    sim.run();
    expect(log).toEqual(['impl@30', 'action@100:true', 'pas-impl@150']);
  });
  it('CBE-30 whose review ends before the wait is still implementable at the wait', () => {
    const sim = new Simulation();
    const fda = new Regulator(sim, regulatorSchema.parse({ types: { cbe30: { distribution: 'fixed', workShare: 1, goal: 10 } } }), createStream(1, 0, 'r'));
    const log: string[] = [];
    fda.submit('cbe30', {}, { onImplementable: () => log.push(`impl@${sim.now}`), onAction: () => log.push(`action@${sim.now}`) });
    sim.run();
    expect(log).toEqual(['action@10', 'impl@30']);
  });
  it('goals: inspection and priority pick the GDUFA clocks; on-time share counts actions by the goal', () => {
    const sim = new Simulation();
    const fda = new Regulator(sim, regulatorSchema.parse({ types: { pas: { distribution: 'fixed' } } }), createStream(1, 0, 'r'));
    expect(fda.goalFor('pas')).toBeCloseTo(182.625);
    expect(fda.goalFor('pas', { inspection: true })).toBeCloseTo(304.375);
    expect(fda.goalFor('pas', { expedited: true })).toBeCloseTo(121.75);
    expect(fda.meanReview('pas', { inspection: true })).toBeCloseTo(0.65 * 304.375);
    fda.submit('pas', { amt: true });
    fda.submit('pas', { inspection: true });
    sim.run();
    expect(fda.stats('pas', true)).toMatchObject({ count: 1, onTimeShare: 1 });
    expect(fda.stats('pas', false).meanDays).toBeCloseTo(0.65 * 304.375);
    expect(fda.amtApprovals).toBe(1);
  });
  it('expected time to implement: parameter mean first, then observed; CBE-30 = the wait', () => {
    const sim = new Simulation();
    const fda = new Regulator(sim, regulatorSchema.parse({ reviewers: 1, expectationWindow: 2, types: { pas: { distribution: 'fixed', workShare: 1, goal: 10 } } }), createStream(1, 0, 'r'));
    expect(fda.expectedTimeToImplement('pas')).toBe(10);
    expect(fda.expectedTimeToImplement('cbe30')).toBe(30);
    fda.submit('pas'); fda.submit('pas'); // second waits 10: times 10 and 20
    sim.run();
    expect(fda.expectedTimeToImplement('pas')).toBe(15);
  });
  it('metrics() reports every reg.* metric of outputs.ts', () => {
    const sim = new Simulation();
    const fda = new Regulator(sim, regulatorSchema.parse({}), createStream(1, 0, 'r'));
    const m = fda.metrics(10);
    const expected = METRIC_NAMES.filter((n) => n.startsWith('reg.'));
    expect(Object.keys(m).sort()).toEqual([...expected].sort());
  });
});
