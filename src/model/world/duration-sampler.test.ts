/**
 * DurationSampler (the memoised form of sampleDuration used for failure downtimes) must give the
 * same draws bit for bit and consume the same uniforms, for every shape, cv, mean and scale.
 */
import { describe, expect, it } from 'vitest';
import { createStream } from '../../kernel/index.js';
import { DurationSampler, sampleDuration } from './world.js';
import type { RandomDurationParams } from '../params.js';

const cases: RandomDurationParams[] = [
  { mean: 150, cv: 1, shape: 'lognormal' },
  { mean: 60, cv: 0.35, shape: 'lognormal' },
  { mean: 30, cv: 0, shape: 'lognormal' },
  { mean: 0, cv: 0.8, shape: 'lognormal' },
  { mean: 20, cv: 0.5, shape: 'exponential' },
  { mean: 12, cv: 0.5, shape: 'fixed' },
];

describe('DurationSampler', () => {
  it.each(cases)('equals sampleDuration draw for draw: %o', (d) => {
    const a = createStream(7, 0, 'a'), b = createStream(7, 0, 'a');
    const s = new DurationSampler(d);
    // Scales alternate (as technologies' downtime factors do), so the log(mean) memo is both hit and missed.
    const scales = [1, 1, 0.5, 0.5, 1, 0.7, 0.7, 1];
    for (let i = 0; i < 400; i++) {
      const k = scales[i % scales.length];
      const x = sampleDuration(d, a, k), y = s.sample(b, k);
      expect(Object.is(x, y)).toBe(true);
    }
    // Same number of uniforms consumed.
    expect(a()).toBe(b());
  });
});
