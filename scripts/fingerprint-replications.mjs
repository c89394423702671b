#!/usr/bin/env node
/**
 * Bit-exact fingerprint of the world model's outputs, for checking that an optimisation changed no
 * result (docs/performance.md, "World model"). For a fixed list of (world, arm, replication) cases it
 * runs `simulateReplication` and prints one line per value: every metric and every series point as
 * its IEEE-754 bit pattern (hex), plus the event count. Two builds are identical iff their outputs are
 * byte-identical (`cmp`), and `--compare` names the first differing values.
 *
 * Cases: every arm of every scenario in scenarios/ (replications 0–1; 0–2 for policy-comparison),
 * then the benchmark's worlds (scripts/bench-replication.mjs): the baseline scaled to 2,000 products
 * with the +2 %/yr trend and surges, endogenous and traditional, at 20 and 30 simulated years, and the
 * synthetic world (shocks in every region), both adoption paths.
 *
 * Usage:
 *   node scripts/fingerprint-replications.mjs [--dist DIR] [--quick] > after.txt
 *       (DIR defaults to ./dist; build first. --quick: one replication per case, fewer cases)
 *   node scripts/fingerprint-replications.mjs --compare before.txt after.txt
 * Run from the repository root (it reads scenarios/). Keep a copy of the "before" dist/ (e.g.
 * `cp -r dist /tmp/dist-before`) to fingerprint both builds with the same scenario files. Takes
 * ~10 s (--quick ~4 s). --compare exits 1 if anything differs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : def; };

if (argv.includes('--compare')) {
  const i = argv.indexOf('--compare');
  const [fa, fb] = [argv[i + 1], argv[i + 2]];
  const a = readFileSync(fa, 'utf8').split('\n'), b = readFileSync(fb, 'utf8').split('\n');
  let diffs = 0;
  const n = Math.max(a.length, b.length);
  for (let k = 0; k < n; k++) {
    if (a[k] === b[k]) continue;
    if (diffs < 20) console.log(`line ${k + 1}:\n  ${fa}: ${a[k] ?? '(missing)'}\n  ${fb}: ${b[k] ?? '(missing)'}`);
    diffs++;
  }
  const cases = a.filter((s) => s.startsWith('case ')).length;
  console.log(diffs === 0 ? `identical: ${a.length} lines, ${cases} cases` : `${diffs} of ${n} lines differ`);
  process.exit(diffs === 0 ? 0 : 1);
}

const dist = path.resolve(opt('dist', 'dist'));
const quick = argv.includes('--quick');
const { worldSchema, simulateReplication } = await import(pathToFileURL(path.join(dist, 'model/index.js')).href);
const { policiesSchema } = await import(pathToFileURL(path.join(dist, 'model/policy/params.js')).href);
const { loadScenario } = await import(pathToFileURL(path.join(dist, 'scenario/index.js')).href);
const YEAR = 365.25;
const { scaledWorld, syntheticWorld, SYNTHETIC_RUN } = await import('./bench-worlds.mjs');

const buf = new Float64Array(1);
const u32 = new Uint32Array(buf.buffer);
const hex = (x) => { buf[0] = x; return u32[1].toString(16).padStart(8, '0') + u32[0].toString(16).padStart(8, '0'); };
const lines = [];
function emit(label, input) {
  const out = simulateReplication(input);
  lines.push(`case ${label} events ${out.events}`);
  for (const k of Object.keys(out.metrics).sort()) lines.push(`m ${k} ${hex(out.metrics[k])}`);
  for (const k of Object.keys(out.series).sort()) lines.push(`s ${k} ${Array.from(out.series[k], hex).join(' ')}`);
}
const runOf = (sc) => ({ seed: sc.run.seed, horizonDays: sc.run.horizonDays, warmupDays: sc.run.warmupDays, seriesStepDays: sc.run.seriesStepDays });

// 1. Every scenario file, every arm.
const files = readdirSync('scenarios').filter((f) => /\.ya?ml$/.test(f)).sort();
for (const f of files) {
  const sc = loadScenario(path.join('scenarios', f));
  const reps = quick ? 1 : f === 'policy-comparison.yaml' ? 3 : 2;
  for (const arm of sc.arms) {
    for (let r = 0; r < reps; r++) emit(`${f} ${arm.name} rep ${r}`, { world: arm.world, policies: arm.policies, run: runOf(sc), replication: r });
  }
}

// 2. The benchmark's scaled baseline (2,000 products, trend and surges), both adoption paths.
{
  const sc = loadScenario('scenarios/baseline.yaml');
  const arm = sc.arms[0];
  const world = scaledWorld(worldSchema, arm.world, 2000);
  const run30 = runOf(sc);
  const run20 = { ...run30, horizonDays: 20 * YEAR, warmupDays: Math.min(run30.warmupDays, 10 * YEAR) };
  const trad = { ...arm.policies, adoption: { ...arm.policies.adoption, path: 'traditional' } };
  const reps = quick ? 1 : 3;
  for (const [rn, run] of [['20y', run20], ['30y', run30]]) {
    if (quick && rn === '30y') continue;
    for (let r = 0; r < reps; r++) {
      emit(`bench-scaled ${rn} endogenous rep ${r}`, { world, policies: arm.policies, run, replication: r });
      emit(`bench-scaled ${rn} traditional rep ${r}`, { world, policies: trad, run, replication: r });
    }
  }
}

// 3. The benchmark's synthetic world (default parameters, shocks in every region).
if (!quick) {
  const world = syntheticWorld(worldSchema, 2000);
  const policies = policiesSchema.parse({});
  const run = SYNTHETIC_RUN;
  for (let r = 0; r < 2; r++) {
    emit(`synthetic endogenous rep ${r}`, { world, policies, run, replication: r });
    emit(`synthetic traditional rep ${r}`, { world, policies: { ...policies, adoption: { ...policies.adoption, path: 'traditional' } }, run, replication: r });
  }
}

process.stdout.write(lines.join('\n') + '\n');
