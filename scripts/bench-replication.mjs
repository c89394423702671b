#!/usr/bin/env node
/**
 * Whole-replication benchmark of the world model (issue 3 "Speed", docs/performance.md).
 *
 * Default: the national baseline (scenarios/baseline.yaml, its first arm and run settings), its
 * archetype counts scaled to --products (default 2,000), with every process on: quality failures,
 * inspections, the baseline's regional shocks, demand trend (+2 %/yr) and public-health surges
 * (0.3/yr), entry and exit, and endogenous adoption (or --traditional). Prints wall and CPU ms per
 * replication, ms per 100 products, events per replication, events/s and peak RSS.
 *
 * Usage: npm run build && node scripts/bench-replication.mjs [--products 2000] [--reps 20] [--traditional] [--years N]
 *        node scripts/bench-replication.mjs --scenario FILE [--arm NAME] [--as-is]   (--as-is: no scaling, no extra processes)
 *        node scripts/bench-replication.mjs --synthetic   (default parameters, 2 archetypes, shocks everywhere)
 * Imports from dist/ (build first).
 */
import { existsSync } from 'node:fs';
import { worldSchema, simulateReplication } from '../dist/model/index.js';
import { policiesSchema } from '../dist/model/policy/params.js';
import { loadScenario } from '../dist/scenario/index.js';
import { scaledWorld, syntheticWorld, SYNTHETIC_RUN } from './bench-worlds.mjs';

const num = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? Number(process.argv[i + 1]) : def; };
const str = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : def; };
const flag = (name) => process.argv.includes(`--${name}`);
const products = num('products', 2000);
const reps = num('reps', 20);
const YEAR = 365.25;

let world, policies, run, label;
const scenarioFile = str('scenario', existsSync('scenarios/baseline.yaml') && !flag('synthetic') ? 'scenarios/baseline.yaml' : undefined);
if (scenarioFile) {
  const sc = loadScenario(scenarioFile);
  const arm = sc.arms.find((a) => a.name === str('arm', sc.arms[0].name));
  if (!arm) throw new Error(`no such arm in ${scenarioFile}`);
  run = { seed: sc.run.seed, horizonDays: sc.run.horizonDays, warmupDays: sc.run.warmupDays, seriesStepDays: sc.run.seriesStepDays };
  policies = arm.policies;
  if (flag('as-is')) {
    world = arm.world;
    label = `${scenarioFile} (arm ${arm.name}, as is)`;
  } else {
    world = scaledWorld(worldSchema, arm.world, products);
    label = `${scenarioFile} (arm ${arm.name}) scaled, + trend and surges`;
  }
} else {
  world = syntheticWorld(worldSchema, products);
  policies = policiesSchema.parse({});
  run = SYNTHETIC_RUN;
  label = 'synthetic (default parameters)';
}
if (flag('traditional')) policies = { ...policies, adoption: { ...policies.adoption, path: 'traditional' } };
// --years N: simulate N years in all (the target is stated for 20 simulated years), keeping the
// scenario's warm-up when it fits in the first half, else half of the N years.
if (num('years', 0) > 0) {
  const horizonDays = num('years', 0) * YEAR;
  run = { ...run, horizonDays, warmupDays: Math.min(run.warmupDays, horizonDays / 2) };
}
const nProducts = world.market.products.length + world.market.archetypes.reduce((s, a) => s + a.count, 0);

// Warm up the JIT and the market cache.
simulateReplication({ world, policies, run, replication: 1000 });
let events = 0, peak = 0, newShortages = 0;
const times = [], cpus = [];
for (let r = 0; r < reps; r++) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const out = simulateReplication({ world, policies, run, replication: r });
  const c1 = process.cpuUsage(c0);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  // CPU time of this process (user + system, GC threads included): less sensitive to other load.
  cpus.push((c1.user + c1.system) / 1e3);
  events += out.events;
  newShortages += out.metrics['shortage.new'];
  peak = Math.max(peak, process.memoryUsage().rss);
}
times.sort((a, b) => a - b);
cpus.sort((a, b) => a - b);
const mean = times.reduce((s, x) => s + x, 0) / times.length;
const cpuMedian = cpus[cpus.length >> 1];
const ev = events / reps;
const years = (run.horizonDays - run.warmupDays) / YEAR;
console.log(`world model: ${label}: ${nProducts} products, ${(run.horizonDays / YEAR).toFixed(0)} years (${years.toFixed(0)} measured), ${reps} replications, adoption ${policies.adoption.path}`);
console.log(`  wall ms per replication: mean ${mean.toFixed(1)}, median ${times[times.length >> 1].toFixed(1)}, min ${times[0].toFixed(1)}`);
console.log(`  CPU ms per replication (user+system): median ${cpuMedian.toFixed(1)}, min ${cpus[0].toFixed(1)}`);
console.log(`  ms per 100 products: wall median ${(times[times.length >> 1] / (nProducts / 100)).toFixed(2)}, CPU median ${(cpuMedian / (nProducts / 100)).toFixed(2)}`);
console.log(`  events per replication: ${ev.toFixed(0)}; events/s (wall median): ${((ev / times[times.length >> 1]) * 1000).toExponential(2)}`);
console.log(`  peak RSS: ${(peak / 2 ** 20).toFixed(0)} MiB; mean new shortages/yr: ${(newShortages / reps).toFixed(1)}`);
