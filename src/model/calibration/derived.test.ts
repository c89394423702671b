import { describe, expect, it } from 'vitest';
import { activeAgeShare, DERIVED_METRICS } from './derived.js';

describe('activeAgeShare(episodes, w0, w1, ageDays)', () => {
  it('is the share of in-window shortage time spent beyond the age', () => {
    // One episode of 1,000 days: 270 of its days are past age 730.
    expect(activeAgeShare([{ start: 0, end: 1000 }], 0, 1000, 730)).toBeCloseTo(0.27);
  });

  it('clips episodes to the window, counting age from the true start (before the window too)', () => {
    // Started 500 days before the window; in [0, 600] it is older than 730 from day 230 on.
    expect(activeAgeShare([{ start: -500, end: 600 }], 0, 600, 730)).toBeCloseTo(370 / 600);
    // Ends after the window: only [w0, w1] counts.
    expect(activeAgeShare([{ start: 0, end: 5000 }], 0, 1000, 730)).toBeCloseTo(0.27);
  });

  it('weights by the number active and is NaN without shortage time', () => {
    const eps = [{ start: 0, end: 1000 }, { start: 0, end: 100 }, { start: 2000, end: 2100 }];
    expect(activeAgeShare(eps, 0, 1000, 730)).toBeCloseTo(270 / 1100);
    expect(activeAgeShare([], 0, 1000, 730)).toBeNaN();
    expect(activeAgeShare([{ start: 2000, end: 3000 }], 0, 1000, 730)).toBeNaN();
  });

  it('backs the derived metric shortage.active_over_2y_share (age 2 × 365.25 days)', () => {
    const w = { episodes: [{ start: 0, end: 1000 }], W0: 0, W1: 1000 };
    expect(DERIVED_METRICS['shortage.active_over_2y_share'](w)).toBeCloseTo((1000 - 730.5) / 1000);
  });
});
