/**
 * runScenario with a small test model (test/fixtures/toy-model.mjs) whose answers are known, so
 * these tests do not depend on the world model. Workers load the built dist/ worker: run
 * `npm run build` first (the test command does).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario, RunAbortedError, ReplicationError, UserError } from '../src/experiment/index.js';
import { parseCsv } from '../src/experiment/csv.js';
import { toyScenario } from './fixtures/toy-model.mjs';
import type { Expectation } from '../src/experiment/types.js';

const MODEL = fileURLToPath(new URL('./fixtures/toy-model.mjs', import.meta.url));
const twoArms = (extra: Record<string, unknown> = {}) =>
  toyScenario({
    name: 'toy',
    run: { seed: 11, replications: 30 },
    arms: { 'status-quo': {}, grants: { policies: { factor: 0.7, cost: 1e6 } } },
    ...extra,
  });
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsim-runner-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const dir = (name: string) => path.join(tmp, name);
const read = (d: string, f: string) => fs.readFileSync(path.join(d, f), 'utf8');

describe('runScenario(scenario, options)', () => {
  it('reproduces the known answers of the toy model', async () => {
    const r = await runScenario(twoArms(), { model: MODEL, workers: 2, replications: 200, noWrite: true });
    const m = (arm: string, metric: string) => r.summary.metrics.find((x) => x.arm === arm && x.metric === metric)!;
    // E[new shortages per year] = rate · factor = 12 and 8.4.
    expect(m('status-quo', 'shortage.new').ciLow).toBeLessThan(12);
    expect(m('status-quo', 'shortage.new').ciHigh).toBeGreaterThan(12);
    expect(m('grants', 'shortage.new').ciLow).toBeLessThan(8.4);
    expect(m('grants', 'shortage.new').ciHigh).toBeGreaterThan(8.4);
    expect(m('grants', 'cost.program_outlays').mean).toBe(1e6);
    expect(m('grants', 'cost.total').n).toBe(0); // never defined by the toy: NaN skipped
    expect(r.summary.replications).toBe(200);
    expect(r.outDir).toBeUndefined();
  });

  it('uses common random numbers: paired differences are far tighter than the arms', async () => {
    const r = await runScenario(twoArms(), { model: MODEL, workers: 2, noWrite: true });
    const sd = (arm: string) => r.summary.metrics.find((x) => x.arm === arm && x.metric === 'shortage.days')!.sd;
    const d = r.summary.differences.find((x) => x.metric === 'shortage.days')!;
    // Independent arms would give sd(difference) = sqrt(sdA² + sdB²).
    expect(d.sd).toBeLessThan(0.6 * Math.hypot(sd('grants'), sd('status-quo')));
    expect(d.relative).toBeLessThan(-0.15);
    expect(d.relCiHigh).toBeLessThan(0);
    const ce = r.summary.costEffectiveness[0];
    expect(ce.programCost).toBe(1e6);
    expect(ce.perShortageDay).toBeCloseTo(1e6 / ce.shortageDaysAverted, 6);
    expect(ce.perShortageDayCiLow).toBeLessThan(ce.perShortageDay);
  });

  it('writes byte-identical results with 1 and 2 workers (manifest timestamps aside)', async () => {
    const a = await runScenario(twoArms(), { model: MODEL, workers: 1, outDir: dir('w1') });
    const b = await runScenario(twoArms(), { model: MODEL, workers: 2, outDir: dir('w2') });
    expect(a.files.sort()).toEqual(b.files.sort());
    for (const f of a.files.filter((x) => x !== 'manifest.json')) expect(read(dir('w2'), f), f).toBe(read(dir('w1'), f));
    const ma = JSON.parse(read(dir('w1'), 'manifest.json'));
    expect(ma.shard).toEqual({ from: 0, to: 30 });
    expect(ma.workers).toBe(1);
    expect(ma.replications).toBe(30);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('onlyReplication re-runs one replication with the numbers of its replications.csv rows', async () => {
    await runScenario(twoArms(), { model: MODEL, workers: 2, outDir: dir('all') });
    await runScenario(twoArms(), { model: MODEL, workers: 1, outDir: dir('one'), onlyReplication: 17 });
    const all = parseCsv(read(dir('all'), 'replications.csv'));
    const one = parseCsv(read(dir('one'), 'replications.csv'));
    expect(one.header).toEqual(all.header);
    expect(one.rows).toHaveLength(2);
    expect(one.rows).toEqual(all.rows.filter((r) => r[1] === '17'));
    expect(JSON.parse(read(dir('one'), 'manifest.json')).shard).toEqual({ from: 17, to: 18 });
  });

  it('replaces an earlier results directory but refuses a folder that is not one', async () => {
    await runScenario(twoArms(), { model: MODEL, workers: 1, replications: 3, outDir: dir('again') });
    await runScenario(twoArms(), { model: MODEL, workers: 1, replications: 4, outDir: dir('again') });
    expect(JSON.parse(read(dir('again'), 'summary.json')).replications).toBe(4);
    fs.mkdirSync(dir('user-folder'));
    fs.writeFileSync(path.join(dir('user-folder'), 'notes.txt'), 'mine');
    await expect(runScenario(twoArms(), { model: MODEL, workers: 1, outDir: dir('user-folder') })).rejects.toThrow(UserError);
    expect(fs.readdirSync(dir('user-folder'))).toEqual(['notes.txt']);
  });

  it('an aborted run rejects with RunAbortedError and leaves no files', async () => {
    const ac = new AbortController();
    const sc = twoArms({ world: { rate: 12, meanDuration: 60, spin: 2000 } });
    const p = runScenario(sc, {
      model: MODEL, workers: 2, replications: 2000, outDir: dir('aborted'), signal: ac.signal,
      onProgress: (x) => { if (x.replications === 5) ac.abort(); },
    });
    await expect(p).rejects.toThrow(RunAbortedError);
    expect(fs.existsSync(dir('aborted'))).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('aborted'))).toEqual([]);
  });

  it('a model error rejects with ReplicationError naming arm and replication, and leaves no files', async () => {
    const sc = twoArms({ world: { rate: 12, meanDuration: 60, failAt: 4 } });
    await expect(runScenario(sc, { model: MODEL, workers: 2, outDir: dir('failed') })).rejects.toThrow(/replication 4 of arm "status-quo".*toy failure/);
    await expect(runScenario(sc, { model: MODEL, workers: 2, outDir: dir('failed') })).rejects.toBeInstanceOf(ReplicationError);
    expect(fs.existsSync(dir('failed'))).toBe(false);
  });

  it('the failure reported is the first in task order, whatever the number of workers', async () => {
    // Replication 4 fails in every arm (common random numbers), so with several workers two arms can
    // fail at once; the report must not depend on which worker finishes first.
    const sc = twoArms({ world: { rate: 12, meanDuration: 60, failAt: 4 } });
    const message = async (workers: number) => {
      try {
        await runScenario(sc, { model: MODEL, workers, noWrite: true });
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    const one = await message(1);
    expect(one).toMatch(/replication 4 of arm "status-quo"/);
    for (let i = 0; i < 5; i++) for (const w of [2, 3, 4]) expect(await message(w)).toBe(one);
  });

  it('untilPrecision adds replications until the headline CIs are within the target, deterministically', async () => {
    const run = (w: number) => runScenario(twoArms(), { model: MODEL, workers: w, replications: 10, untilPrecision: 0.05, noWrite: true });
    const a = await run(1);
    const b = await run(2);
    expect(a.precisionMet).toBe(true);
    expect(a.replications).toBeGreaterThan(10);
    expect(b.replications).toBe(a.replications);
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
    for (const m of a.summary.metrics.filter((x) => x.metric === 'shortage.days')) expect((m.ciHigh - m.ciLow) / 2).toBeLessThanOrEqual(0.05 * m.mean);
    const capped = await runScenario(twoArms(), { model: MODEL, workers: 2, replications: 10, untilPrecision: 0.001, maxReplications: 25, noWrite: true });
    expect(capped.precisionMet).toBe(false);
    expect(capped.replications).toBe(25);
  });

  it('evaluates expectations one-sided on paired relative differences', async () => {
    const exp = (threshold: number, op: Expectation['op'] = '<='): Expectation => ({
      metric: 'shortage.days', arm: 'grants', vs: 'status-quo', op, threshold, relative: true, confidence: 0.95, text: `days ${op} ${threshold}`,
    });
    const value: Expectation = { metric: 'cost.program_outlays', arm: 'grants', op: '<=', threshold: 2e6, relative: false, confidence: 0.95, text: 'outlays' };
    const r = await runScenario(twoArms(), { model: MODEL, workers: 2, noWrite: true, expect: [exp(-0.1), exp(-0.6), exp(-0.9, '>='), value] });
    expect(r.expectations.map((e) => e.passed)).toEqual([true, false, true, true]);
    expect(r.passed).toBe(false);
    expect(r.expectations[1].detail).toMatch(/relative change of shortage.days \(grants vs status-quo\): estimate -\d.*upper bound -\d.*required <= -60/);
    const rel = r.summary.differences.find((d) => d.metric === 'shortage.days')!;
    // The one-sided 95 % bound lies inside the two-sided 95 % interval.
    const bound = Number(/upper bound (-?[\d.]+)%/.exec(r.expectations[0].detail)![1]) / 100;
    expect(bound).toBeLessThan(rel.relCiHigh);
    expect(bound).toBeGreaterThan(rel.relative);
  });

  it('--arms selection keeps scenario order and always includes the reference arm', async () => {
    const sc = toyScenario({ run: { seed: 1, replications: 3 }, arms: { a: {}, b: { policies: { factor: 0.5 } }, c: { policies: { factor: 0.2 } } } });
    const r = await runScenario(sc, { model: MODEL, workers: 1, arms: ['c'], noWrite: true });
    expect(r.summary.arms).toEqual(['a', 'c']);
    await expect(runScenario(sc, { model: MODEL, arms: ['zz'], noWrite: true })).rejects.toThrow(/unknown arm "zz"/);
  });
});
