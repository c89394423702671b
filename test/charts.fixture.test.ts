import { describe, expect, it } from 'vitest';
import { makeSummarySmall } from './fixtures/summary-small/generate.js';

// The committed fixture is the generator's output; regenerate with `-u` after changing the generator.
describe('fixtures/summary-small', () => {
  const fx = makeSummarySmall();

  it('summary.json is the generator output', async () => {
    await expect(JSON.stringify(fx.summary, null, 2) + '\n').toMatchFileSnapshot('fixtures/summary-small/summary.json');
  });

  it('manifest.json is the generator output', async () => {
    await expect(JSON.stringify(fx.manifest, null, 2) + '\n').toMatchFileSnapshot('fixtures/summary-small/manifest.json');
  });

  it('replications.csv is the generator output', async () => {
    await expect(fx.replicationsCsv).toMatchFileSnapshot('fixtures/summary-small/replications.csv');
  });

  it('makeSummarySmall() is deterministic and has the shape the charts need', () => {
    expect(JSON.stringify(makeSummarySmall())).toBe(JSON.stringify(fx));
    expect(fx.summary.arms).toContain(fx.summary.referenceArm);
    expect(new Set(fx.summary.series.map((p) => p.year)).size).toBe(40);
    expect(fx.summary.tornado?.length).toBeGreaterThan(0);
  });
});
