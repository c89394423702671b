/**
 * AMT adoption and incentive policies of one replication: the engine, the host contract the world
 * implements, and `createPolicyLayer`, the one call the world makes to get a regulator and an engine.
 */
import type { Simulation, Rng } from '../../kernel/index.js';
import type { PolicyParams } from '../policy/params.js';
import type { RegulatorParams } from '../regulator/params.js';
import { Regulator } from '../regulator/regulator.js';
import { AdoptionEngine, type EngineRun } from './engine.js';
import type { AdoptionHost } from './host.js';

export { AdoptionEngine } from './engine.js';
export type { EngineRun, ProjectValuation, ProjectRecord, AdoptionCounts } from './engine.js';
export type { AdoptionHost, LineEconomics } from './host.js';
export { approxFailureCost } from './host.js';

/**
 * Create the regulator of a replication with the policy options that shape it (expedited review
 * factor; extra reviewer slots are added by the engine when the program starts).
 * Statistics count actions after the warm-up.
 */
export function createRegulator(sim: Simulation, params: RegulatorParams, policies: PolicyParams, rng: Rng, warmupDays: number): Regulator {
  const e = policies.expeditedReview;
  return new Regulator(sim, params, rng, { expediteReviewFactor: e.enabled ? e.reviewTimeFactor : 1, statsFrom: warmupDays });
}

/**
 * Create the regulator (first, the world may submit ANDAs and re-inspections to it) and the adoption
 * engine. Call `engine.start()` once the host's lines exist. Streams used: 'regulator',
 * 'adoption:choice', 'adoption:firms', 'adoption:mandate', 'policy:designation', 'policy:coe'.
 *
 * @example
 * const { regulator, engine } = createPolicyLayer({ sim, host: world, policies, regulator: params.regulator,
 *   stream: (n) => streams.get(n), run: { warmupDays: run.warmupDays, horizonDays: run.horizonDays } });
 */
export function createPolicyLayer(input: {
  sim: Simulation;
  host: AdoptionHost;
  policies: PolicyParams;
  regulator: RegulatorParams;
  stream: (name: string) => Rng;
  run: EngineRun;
}): { regulator: Regulator; engine: AdoptionEngine } {
  const regulator = createRegulator(input.sim, input.regulator, input.policies, input.stream('regulator'), input.run.warmupDays);
  const engine = new AdoptionEngine(input.sim, input.host, input.policies, regulator, input.stream, input.run);
  return { regulator, engine };
}
