import { describe, expect, it } from 'vitest';
import { METRICS } from '../outputs.js';
import { DERIVED_METRICS } from './derived.js';
import { INPUT_CHECKS, TARGETS, targetMet } from './targets.js';

describe('TARGETS', () => {
  it('ids are unique', () => {
    expect(new Set(TARGETS.map((t) => t.id)).size).toBe(TARGETS.length);
  });

  it('every target cites at least one calibration.md row with an address', () => {
    for (const t of TARGETS) {
      expect(t.sources.length, t.id).toBeGreaterThan(0);
      for (const s of t.sources) {
        expect(s.row, t.id).toMatch(/^§\d/);
        expect(s.url, t.id).toMatch(/^https?:\/\//);
      }
      expect(t.derivation.length, t.id).toBeGreaterThan(20);
      expect(t.mapping.length, t.id).toBeGreaterThan(20);
    }
  });

  it('bands are ordered and contain the historical value when there is one', () => {
    for (const t of TARGETS) {
      expect(t.low, t.id).toBeLessThanOrEqual(t.high);
      if (Number.isFinite(t.value)) {
        expect(t.value, t.id).toBeGreaterThanOrEqual(t.low);
        expect(t.value, t.id).toBeLessThanOrEqual(t.high);
      }
    }
  });

  it('a claimed target maps onto a metric the model reports; an unclaimed one says why', () => {
    for (const t of TARGETS) {
      if (t.claimed) expect([...Object.keys(METRICS), ...Object.keys(DERIVED_METRICS)], t.id).toContain(t.metric);
      else expect(t.reason?.length ?? 0, t.id).toBeGreaterThan(20);
    }
  });

  it('covers every output target of calibration.md §9 (items 1-5 and 9) and the status-quo adoption of §5', () => {
    const refs = new Set(TARGETS.map((t) => t.ref));
    for (const r of ['§9.1', '§9.2', '§9.3', '§9.4', '§9.5', '§9.9', '§5']) expect(refs).toContain(r);
    expect(INPUT_CHECKS.map((c) => c.item).sort((a, b) => a - b)).toEqual([6, 7, 8, 10]);
  });
});

describe('targetMet(target, modelMean)', () => {
  const t = TARGETS.find((x) => x.id === 'duration-mean')!;

  it('converts model units with the target scale (days → years) before comparing', () => {
    expect(targetMet(t, 1.68 * 365.25)).toBe(true);
    expect(targetMet(t, 0.5 * 365.25)).toBe(false);
    expect(targetMet(t, 3 * 365.25)).toBe(false);
  });

  it('includes the band edges and rejects NaN', () => {
    expect(targetMet(t, t.low * 365.25)).toBe(true);
    expect(targetMet(t, t.high * 365.25)).toBe(true);
    expect(targetMet(t, NaN)).toBe(false);
  });
});
