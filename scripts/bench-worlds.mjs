/**
 * The worlds of the whole-replication benchmark, shared by scripts/bench-replication.mjs and
 * scripts/fingerprint-replications.mjs so that the bit-identity check always covers exactly the
 * worlds the benchmark times. `worldSchema` is passed in because the fingerprint script may load it
 * from another build (`--dist`).
 */
const YEAR = 365.25;

/**
 * A scenario arm's world with its archetype counts scaled to `products`, plus a +2 %/yr demand trend
 * and public-health surges (0.3/yr), so that every process is on.
 */
export function scaledWorld(worldSchema, armWorld, products) {
  const total = armWorld.market.archetypes.reduce((s, a) => s + a.count, 0);
  const archetypes = armWorld.market.archetypes.map((a) => ({ ...a, count: Math.max(1, Math.round((a.count * products) / total)) }));
  return worldSchema.parse({ ...armWorld, market: { ...armWorld.market, archetypes }, demand: { ...armWorld.demand, trend: 0.02, surges: { ...armWorld.demand.surges, rate: 0.3 } } });
}

/** Default parameters, two archetypes (45 % sterile injectables), shocks in every region. */
export function syntheticWorld(worldSchema, products) {
  const shocks = { export_restriction: { rate: 0.1 }, conflict: { rate: 0.05 }, lockdown: { rate: 0.05 }, disaster: { rate: 0.1 } };
  return worldSchema.parse({
    regions: {
      US: { domestic: true, costIndex: 1, oaiProbability: 0.04, shocks: { disaster: { rate: 0.2 } } },
      EU: { costIndex: 0.95, oaiProbability: 0.02, shocks: { disaster: { rate: 0.1 } } },
      India: { costIndex: 0.55, oaiProbability: 0.13, shocks },
      China: { costIndex: 0.5, oaiProbability: 0.07, shocks },
      other: { costIndex: 0.8, oaiProbability: 0.07, shocks },
    },
    market: { seed: 7, archetypes: [
      { name: 'inj', count: Math.round(products * 0.45), form: 'sterile_injectable' },
      { name: 'oral', count: products - Math.round(products * 0.45), form: 'oral_solid' },
    ] },
    demand: { trend: 0.02, surges: { rate: 0.3 } },
  });
}

/** Run settings of the synthetic world: 22 years, 2 of them warm-up, quarterly series. */
export const SYNTHETIC_RUN = { seed: 20261124, horizonDays: 22 * YEAR, warmupDays: 2 * YEAR, seriesStepDays: YEAR / 4 };
