import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGETS } from '../model/calibration/targets.js';
import { STRUCTURE_TARGETS } from '../model/calibration/structure.js';
import { calibrate, formatCalibration } from './calibrate.js';
import { UserError } from './errors.js';

// A short run: two replications of 1.5 years. The verdicts of so short a run mean little; this checks
// the pipeline and the table, not the calibration (docs/calibration.md records the real run).
const baseline = path.resolve('scenarios/baseline.yaml');

describe('calibrate(file, opts)', () => {
  it('reports every target with the model mean, its interval and a verdict', async () => {
    const seen: number[] = [];
    const r = await calibrate(baseline, { replications: 2, horizonDays: 548, warmupDays: 183, onProgress: (d) => seen.push(d) });
    expect(seen).toEqual([1, 2]);
    expect(r.arm).toBe('baseline');
    expect(r.replications).toBe(2);
    expect(r.rows.map((x) => x.target.id)).toEqual(TARGETS.map((t) => t.id));
    const newShortages = r.rows.find((x) => x.target.id === 'new-shortages')!;
    expect(newShortages.n).toBe(2);
    expect(newShortages.mean).toBeGreaterThan(0);
    expect(newShortages.low).toBeLessThanOrEqual(newShortages.mean);
    expect(newShortages.high).toBeGreaterThanOrEqual(newShortages.mean);
    for (const row of r.rows) {
      if (row.n === 0) expect(row.status).toBe('not evaluated');
      else if (!row.target.claimed) expect(row.status).toBe('not claimed');
      else expect(row.status).toBe(row.within ? 'met' : 'unmet');
    }
    expect(r.structureRows).toHaveLength(STRUCTURE_TARGETS.length);
    expect(r.structureRows.every((x) => x.within)).toBe(true);
    expect(r.allClaimedMet).toBe(r.rows.every((x) => !x.target.claimed || x.status === 'met'));

    const text = formatCalibration(r);
    expect(text).toMatch(/^Calibration of baseline \(arm "baseline"\): 2 replications/);
    expect(text).toContain('New shortages per year');
    expect(text).toContain('Products with a sole supplier');
    expect(text).toMatch(/claimed output targets/);
  });

  it('rejects an unknown arm with a message naming the arms', async () => {
    await expect(calibrate(baseline, { arm: 'nope', replications: 1 })).rejects.toThrow(/no arm "nope".*baseline/);
    await expect(calibrate(baseline, { arm: 'nope' })).rejects.toBeInstanceOf(UserError);
    await expect(calibrate(baseline, { replications: 0 })).rejects.toThrow(/whole number/);
  });
});
