/**
 * The world model: one replication of one arm (contracts.md).
 *
 * Pipeline of {@link simulateReplication}:
 * 1. market  — `buildMarket(world)`: the products, firms, plants and lines (listed and generated from
 *    archetypes with `world.market.seed`; cached, identical in every arm and replication);
 * 2. state   — `World`: typed-array state, fluid inventory and shortage episodes;
 * 3. policy  — the regulator (FDA queue) and the adoption engine on top of a `WorldHost`;
 * 4. events  — `Processes`: quality, oversight, shocks, demand, entry and exit;
 * 5. run     — the kernel runs to the horizon;
 * 6. collect — metrics (outputs.ts METRICS) and series over the measured window.
 */
import { RandomStreams, Simulation } from '../kernel/index.js';
import { DAYS_PER_YEAR } from '../scenario/units.js';
import { createRegulator, AdoptionEngine } from './adoption/index.js';
import type { ReplicationOutput, RunSettings, MetricName } from './outputs.js';
import type { WorldParams } from './params.js';
import type { PolicyParams } from './policy/params.js';
import { buildMarket } from './market/generate.js';
import { World } from './world/world.js';
import { Processes, type PolicyHooks } from './world/processes.js';
import { WorldHost } from './world/host.js';
import { CapacityTracker, activeShortageSeries, collectMetrics, seriesGrid } from './world/metrics.js';

export { worldSchema, type WorldParams, type WorldInput } from './params.js';
export { buildMarket, type MarketSpec } from './market/generate.js';

/** Input of one replication. */
export interface ReplicationInput {
  world: WorldParams;
  policies: PolicyParams;
  run: RunSettings;
  replication: number;
}

/** Internals of a finished replication, for tests and diagnostics. */
export interface ReplicationTrace {
  world: World;
  processes: Processes;
  engine: AdoptionEngine;
}

/**
 * Simulate one replication: a pure function of its input (same input ⇒ identical output). Replication
 * i draws from streams derived from (run.seed, i, name), so every arm sees the same failures, shocks
 * and demand for the same entities (common random numbers).
 *
 * @example
 * const out = simulateReplication({ world, policies, run: { seed: 1, horizonDays: 7305, warmupDays: 730, seriesStepDays: 91 }, replication: 0 });
 * out.metrics['shortage.new'] // => new shortages per year
 */
export function simulateReplication(input: ReplicationInput): ReplicationOutput {
  return simulateWithTrace(input).output;
}

/** {@link simulateReplication} that also returns the world's internals (tests). */
export function simulateWithTrace(input: ReplicationInput): { output: ReplicationOutput; trace: ReplicationTrace } {
  const { world: wp, policies, run, replication } = input;
  if (!(run.horizonDays > 0) || !(run.warmupDays >= 0) || run.warmupDays > run.horizonDays) {
    throw new RangeError(`run: expected 0 ≤ warmup (${run.warmupDays}) ≤ horizon (${run.horizonDays}) with horizon > 0`);
  }
  const market = buildMarket(wp);
  const sim = new Simulation({ initialCapacity: 4096 + 4 * market.lines.length });
  const streams = new RandomStreams(run.seed, replication);
  const world = new World({ sim, world: wp, policies, market, streams, warmupDays: run.warmupDays, horizonDays: run.horizonDays });
  const grid = seriesGrid(run.warmupDays, run.horizonDays, run.seriesStepDays);
  const tracker = new CapacityTracker(world, grid);
  const regulator = createRegulator(sim, wp.regulator, policies, streams.get('regulator'), run.warmupDays);
  const hooks: PolicyHooks = {};
  const processes = new Processes(world, regulator, hooks);
  processes.capacityHook = tracker;
  const host = new WorldHost(world, processes, tracker);
  const engine = new AdoptionEngine(sim, host, policies, regulator, (n) => streams.get(n), { warmupDays: run.warmupDays, horizonDays: run.horizonDays });
  hooks.onMajorFailure = (firm) => engine.onMajorFailure(firm);
  hooks.changeFilingType = (l) => (l < engine.lineCount ? engine.changeFilingType(l) : 'pas');
  hooks.changeSubmitOptions = (l) => (l < engine.lineCount ? engine.changeSubmitOptions(l) : {});
  hooks.onLineBuilt = (l) => {
    engine.addLine(l);
    world.priceUplift = engine.priceUplift; // addLine may have grown it
  };
  world.priceUplift = engine.priceUplift;

  world.start();
  processes.start();
  engine.start();
  sim.run(run.horizonDays);
  world.finish();

  const years = (run.horizonDays - run.warmupDays) / DAYS_PER_YEAR;
  const extra: Partial<Record<MetricName, number>> = { ...(regulator.metrics(years) as Partial<Record<MetricName, number>>), ...engine.metrics() };
  const metrics = collectMetrics(world, tracker, extra);
  const series: Record<string, Float64Array> = { active_shortages: activeShortageSeries(world, grid), ...tracker.series() };
  return { output: { metrics, series, grid, events: sim.eventsProcessed }, trace: { world, processes, engine } };
}
