/**
 * The per-thread setup caches (the placed market lines per parameter object, stream names) must not
 * change results: a replication that reuses them equals one built from scratch, bit for bit, and
 * they do not leak state from one replication into the next (entrants, exits, trend re-rating).
 */
import { describe, expect, it } from 'vitest';
import { simulateReplication } from '../index.js';
import { worldSchema } from '../params.js';
import { policiesSchema } from '../policy/params.js';

const YEAR = 365.25;
const policies = policiesSchema.parse({ adoption: { path: 'traditional' } });
const input = {
  regions: {
    US: { domestic: true, costIndex: 1, shocks: { disaster: { rate: 0.3 } } },
    EU: { costIndex: 0.95 },
    India: { costIndex: 0.55, oaiProbability: 0.2, shocks: { export_restriction: { rate: 0.3 } } },
    China: { costIndex: 0.5, shocks: { lockdown: { rate: 0.2 } } },
    other: { costIndex: 0.8 },
  },
  market: {
    seed: 3,
    archetypes: [
      { name: 'inj', count: 40, form: 'sterile_injectable' },
      { name: 'oral', count: 40, form: 'oral_solid' },
    ],
  },
  demand: { trend: 0.03, surges: { rate: 0.5 } },
  quality: { hazard: { sterile_injectable: 2, oral_solid: 1 } },
  marketDynamics: { backgroundExitRate: 0.05, replacementEntryProbability: 1, shortageEntryProbability: 0.5 },
};
const run = { seed: 11, horizonDays: 12 * YEAR, warmupDays: YEAR, seriesStepDays: YEAR / 4 };

/** Bit patterns of every metric and series value (NaN-safe, -0-safe). */
function bits(out: ReturnType<typeof simulateReplication>): string[] {
  const f = new Float64Array(1), u = new BigUint64Array(f.buffer);
  const hex = (x: number): string => { f[0] = x; return u[0].toString(16); };
  const rows = Object.keys(out.metrics).sort().map((k) => `${k}=${hex(out.metrics[k as keyof typeof out.metrics])}`);
  for (const k of Object.keys(out.series).sort()) rows.push(`${k}=${Array.from(out.series[k], hex).join(',')}`);
  rows.push(`events=${out.events}`);
  return rows;
}

describe('setup caches', () => {
  it('a replication reusing the cached setup equals one from freshly parsed parameters, bit for bit', () => {
    const shared = worldSchema.parse(input);
    // Warm the caches with other replications on the same parameter object (entrants and exits
    // happen in these, so a leak of mutable state into the cache would show below).
    const warm = [0, 1, 2].map((r) => simulateReplication({ world: shared, policies, run, replication: r }));
    expect(warm.some((o) => o.metrics['market.entries'] > 0 || o.metrics['market.exits'] > 0)).toBe(true);
    for (const rep of [1, 5]) {
      const cached = simulateReplication({ world: shared, policies, run, replication: rep });
      const fresh = simulateReplication({ world: worldSchema.parse(input), policies, run, replication: rep });
      expect(bits(cached)).toEqual(bits(fresh));
    }
  });
});
