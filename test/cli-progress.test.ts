import { describe, it, expect } from 'vitest';
import { progressReporter } from '../src/cli/progress.js';
import { parseShare } from '../src/cli/cli.js';
import { fmt } from '../src/cli/format.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream };
}
const p = (replications: number, elapsedMs: number) => ({ done: replications * 2, total: 20, replications, elapsedMs });

describe('progressReporter', () => {
  it('draws a bar with count, rate and ETA on a terminal', () => {
    const f = fakeStream(true);
    const r = progressReporter({ quiet: false, arms: 2, stream: f.stream, mode: 'bar' });
    r.update(p(5, 1000));
    r.done();
    expect(f.chunks[0]).toMatch(/^\r\[#{15}\.{15}\] 5\/10 replications · 5\.00\/s · ETA 1s/);
    expect(f.chunks.at(-1)).toBe('\n');
  });
  it('prints plain lines at most every 2 s (and at the end) when not a terminal', () => {
    const f = fakeStream(false);
    const r = progressReporter({ quiet: false, arms: 2, stream: f.stream, mode: 'auto' });
    r.update(p(1, 500));
    r.update(p(4, 2100));
    r.update(p(6, 2500));
    r.update(p(10, 3000));
    r.done();
    expect(f.chunks).toEqual(['progress: 4/10 replications · 1.90/s · ETA 4s\n', 'progress: 10/10 replications · 3.33/s · ETA 0s\n']);
  });
  it('is silent with quiet', () => {
    const f = fakeStream(true);
    const r = progressReporter({ quiet: true, arms: 2, stream: f.stream });
    r.update(p(5, 1000));
    r.done();
    expect(f.chunks).toEqual([]);
  });
});

describe('parseShare / fmt', () => {
  it('parseShare("5%") and parseShare("0.05") are 0.05; nonsense is a user error', () => {
    expect(parseShare('5%', 'x')).toBeCloseTo(0.05, 12);
    expect(parseShare('0.05', 'x')).toBe(0.05);
    expect(() => parseShare('five', '--until-precision')).toThrow(/--until-precision expects a share/);
    expect(() => parseShare('150%', 'x')).toThrow(/between 0 and 100%/);
  });
  it('fmt uses 4 significant digits and k/M/B suffixes', () => {
    expect([fmt(1234.5), fmt(12345), fmt(2.5e6), fmt(-3.2e9), fmt(NaN), fmt(0.5)]).toEqual(['1235', '12.35k', '2.5M', '-3.2B', '–', '0.5']);
  });
});
