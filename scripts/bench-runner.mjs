#!/usr/bin/env node
/**
 * Benchmark of the experiment runner (not a test): replications per second with 1 vs 2 workers, and
 * peak resident memory for N vs 10·N replications. Each measurement runs in a fresh child process
 * so peak RSS (process.resourceUsage().maxRSS, which includes worker threads) is its own.
 *
 * Usage (after `npm run build`):
 *   node scripts/bench-runner.mjs                       # toy model (test/fixtures/toy-model.mjs)
 *   node scripts/bench-runner.mjs --scenario scenarios/baseline.yaml [--n 40] [--horizon-years 10]
 * Options: --n N (replications for the speed runs and the small memory run; default 200 for the
 * toy, 40 for a scenario), --spin K (toy CPU work per event, default 30000).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};

if (args[0] === '--child') {
  // Child: one run, print JSON {elapsedMs, replications, tasks, maxRssMB}.
  const cfg = JSON.parse(args[1]);
  const { runScenario } = await import(pathToFileURL(path.join(ROOT, 'dist/experiment/index.js')).href);
  let scenario;
  let model;
  if (cfg.scenario) {
    const { loadScenario } = await import(pathToFileURL(path.join(ROOT, 'dist/scenario/index.js')).href);
    scenario = loadScenario(cfg.scenario);
    if (cfg.horizonYears) {
      scenario.run.horizonDays = cfg.horizonYears * 365.25;
      scenario.run.warmupDays = Math.min(scenario.run.warmupDays, scenario.run.horizonDays / 4);
    }
  } else {
    const toy = await import(pathToFileURL(path.join(ROOT, 'test/fixtures/toy-model.mjs')).href);
    model = path.join(ROOT, 'test/fixtures/toy-model.mjs');
    scenario = toy.toyScenario({
      name: 'bench', run: { seed: 1, replications: cfg.n, horizonDays: 10 * 365.25, warmupDays: 365.25, seriesStepDays: 30 },
      world: { rate: 40, meanDuration: 60, spin: cfg.spin },
      arms: { a: {}, b: { policies: { factor: 0.7, cost: 1 } }, c: { policies: { factor: 0.5, cost: 2 } } },
    });
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsim-bench-'));
  // Steady-state timing (first to last reduced replication) leaves out worker start-up (module import).
  let first;
  let last;
  const r = await runScenario(scenario, {
    replications: cfg.n, workers: cfg.workers, model, outDir: path.join(out, 'r'),
    onProgress: (p) => {
      if (first === undefined) first = { t: p.elapsedMs, reps: p.replications };
      last = { t: p.elapsedMs, reps: p.replications };
    },
  });
  const steady = last.t > first.t ? ((last.reps - first.reps) * scenario.arms.length) / ((last.t - first.t) / 1000) : NaN;
  fs.rmSync(out, { recursive: true, force: true });
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ steady, cpuMs: (cpu.user + cpu.system) / 1000, elapsedMs: r.elapsedMs, replications: r.replications, tasks: r.replications * r.summary.arms.length, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const scenarioFile = opt('scenario');
const n = Number(opt('n', scenarioFile ? 40 : 200));
const base = { scenario: scenarioFile ? path.resolve(scenarioFile) : undefined, horizonYears: opt('horizon-years') ? Number(opt('horizon-years')) : undefined, spin: Number(opt('spin', 30000)) };
function child(cfg) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify({ ...base, ...cfg })], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

console.log(`amtsim runner benchmark — ${scenarioFile ?? 'toy model'}, node ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0].toFixed(2)} (other processes skew the speed-up)`);
child({ n: Math.max(2, Math.round(n / 10)), workers: 2 }); // warm the file cache
const w1 = child({ n, workers: 1 });
const w2 = child({ n, workers: 2 });
const rate = (r) => (r.tasks / r.elapsedMs) * 1000;
console.log(`speed  W=1: ${rate(w1).toFixed(2)} arm-replications/s (${w1.tasks} in ${(w1.elapsedMs / 1000).toFixed(2)} s)`);
console.log(`speed  W=2: ${rate(w2).toFixed(2)} arm-replications/s (${w2.tasks} in ${(w2.elapsedMs / 1000).toFixed(2)} s)`);
console.log(`speed-up W=2/W=1: ${(rate(w2) / rate(w1)).toFixed(2)}x end to end; ${(w2.steady / w1.steady).toFixed(2)}x steady state (${w1.steady.toFixed(2)} vs ${w2.steady.toFixed(2)} arm-replications/s, worker start-up excluded)`);
console.log(`CPU time (all threads) W=1: ${(w1.cpuMs / 1000).toFixed(2)} s, W=2: ${(w2.cpuMs / 1000).toFixed(2)} s (ratio ${(w2.cpuMs / w1.cpuMs).toFixed(2)}: parallel overhead); CPU share obtained W=1 ${(w1.cpuMs / w1.elapsedMs).toFixed(2)}, W=2 ${(w2.cpuMs / w2.elapsedMs).toFixed(2)} cores`);
const small = child({ n, workers: 2 });
const big = child({ n: 10 * n, workers: 2 });
console.log(`peak RSS N=${n}: ${small.maxRssMB.toFixed(1)} MB; N=${10 * n}: ${big.maxRssMB.toFixed(1)} MB; ratio ${(big.maxRssMB / small.maxRssMB).toFixed(3)}`);
