/**
 * The experiment runner: Monte Carlo replications of every arm of a scenario with common random
 * numbers, in parallel worker threads, reduced in a fixed order into the results on disk.
 *
 *   scenario (file or object)
 *     → 1. select arms, resolve options (seed, replications, workers, shard)
 *     → 2. start the worker pool (each worker imports the model module once)
 *     → 3. run (arm, replication) tasks; results arrive in any order, are delivered in task order
 *     → 4. reduce replication by replication (arms in scenario order) into mergeable accumulators,
 *          streaming one row per (arm, replication) to replications.csv
 *     → 5. with `untilPrecision`: add batches until the headline CIs are tight enough (or the cap)
 *     → 6. summarize, evaluate expectations
 *     → 7. write summary.json, CSVs, manifest.json into a temporary directory; `finalize` hook
 *          (charts); rename into place
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { APPLICATION_TYPES, METRIC_NAMES, type RunSettings } from '../model/outputs.js';
import { RESULT_FILES, type ExpectationResult, type GoalDates, type Summary } from './results-format.js';
import { Reducer, HEADLINE_METRICS } from './reduce.js';
import { WorkerPool, type Task } from './pool.js';
import { AtomicDir } from './output-dir.js';
import { cell, toCsv } from './csv.js';
import { RunAbortedError, UserError } from './errors.js';
import type { PackedResult } from './protocol.js';
import type { Expectation, RunnableScenario, RunOptions, RunResult } from './types.js';

export type { Expectation, RunnableScenario, RunOptions, RunResult, RunProgress } from './types.js';
export { UserError, RunAbortedError, ReplicationError, isUserError } from './errors.js';
export { HEADLINE_METRICS } from './reduce.js';

const DAYS_PER_YEAR = 365.25;
/** Default cap of `untilPrecision` runs. */
export const DEFAULT_MAX_REPLICATIONS = 2000;

const here = fileURLToPath(import.meta.url);
/** Package root (src/experiment and dist/experiment are both two levels down). */
export const PACKAGE_ROOT = path.resolve(path.dirname(here), '..', '..');

/** amtsim version from package.json. */
export function amtsimVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Worker entry. Workers are plain Node, which cannot load TypeScript, so when this module runs from
 * `src/` (vitest) the built `dist/` worker is used — the test command builds first.
 */
function workerUrl(): URL {
  const own = new URL(`./worker${path.extname(here)}`, import.meta.url);
  if (here.endsWith('.js')) return own;
  const built = path.join(PACKAGE_ROOT, 'dist', 'experiment', 'worker.js');
  if (!fs.existsSync(built)) throw new Error(`worker thread entry ${built} is missing: run \`npm run build\` first`);
  return pathToFileURL(built);
}

/** Default model module: the built world model. */
function defaultModelUrl(): string {
  return pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'model', 'index.js')).href;
}

function toModelUrl(model: string | undefined): string {
  if (model === undefined) return defaultModelUrl();
  if (/^(file|data|node):/.test(model)) return model;
  return pathToFileURL(path.resolve(model)).href;
}

async function load(scenario: RunnableScenario | string, arms?: string[]): Promise<RunnableScenario> {
  if (typeof scenario !== 'string') return scenario;
  // Imported lazily so library users who pass a loaded scenario do not pay for the schema.
  const { loadScenario } = await import('../scenario/index.js');
  return loadScenario(scenario, arms ? { arms } : undefined);
}

function selectArms(s: RunnableScenario, wanted?: string[]): RunnableScenario['arms'] {
  if (!wanted || wanted.length === 0) return s.arms;
  const names = s.arms.map((a) => a.name);
  for (const w of wanted) {
    if (!names.includes(w)) throw new UserError(`unknown arm "${w}" in --arms; the scenario's arms are: ${names.join(', ')}`);
  }
  // Keep scenario order; the reference arm is always run so differences can be computed.
  return s.arms.filter((a) => wanted.includes(a.name) || a.name === s.referenceArm);
}

function positiveInt(v: number | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < 1) throw new UserError(`${what} must be a whole number ≥ 1, found ${v}`);
  return v;
}

function utcStamp(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/**
 * Standard review goal (days) per application type from the world's `regulator.types.<type>.goal`,
 * for the regulatory-timeline chart; types without a numeric goal (e.g. a test model) are left out.
 */
/**
 * The scenario path as recorded in results: relative to the working directory when inside it (so the
 * same run gives the same summary.json on any clone), absolute otherwise.
 */
export function displayPath(file: string): string {
  if (!file) return file;
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

export function goalDatesOf(world: unknown): GoalDates {
  const types = (world as { regulator?: { types?: Record<string, { goal?: unknown }> } } | null)?.regulator?.types;
  const out: GoalDates = {};
  for (const t of APPLICATION_TYPES) {
    const g = types?.[t]?.goal;
    if (typeof g === 'number' && Number.isFinite(g)) out[t] = g;
  }
  return out;
}

/**
 * Run every arm of a scenario over many replications and write the results directory.
 *
 * @param scenario a loaded scenario, or the path of a scenario file (loaded with `loadScenario`).
 * @example
 * const r = await runScenario('scenarios/policy-comparison.yaml', { replications: 50, workers: 2 });
 * r.summary.differences.find((d) => d.metric === 'shortage.days');
 */
export async function runScenario(scenario: RunnableScenario | string, options: RunOptions = {}): Promise<RunResult> {
  const t0 = Date.now();
  const startTime = new Date(t0);
  // 1. Resolve the scenario and options.
  const sc = await load(scenario, options.arms);
  const arms = selectArms(sc, options.arms);
  const armNames = arms.map((a) => a.name);
  const seed = options.seed ?? sc.run.seed;
  const run: RunSettings = { seed, horizonDays: sc.run.horizonDays, warmupDays: sc.run.warmupDays, seriesStepDays: sc.run.seriesStepDays };
  const only = options.onlyReplication;
  if (only !== undefined && (!Number.isInteger(only) || only < 0)) throw new UserError(`--only-replication must be a whole number ≥ 0, found ${only}`);
  let batch = positiveInt(options.replications, '--replications') ?? sc.run.replications;
  const maxReps = positiveInt(options.maxReplications, '--max-replications') ?? DEFAULT_MAX_REPLICATIONS;
  const target = options.untilPrecision;
  if (target !== undefined && !(target > 0 && target < 1)) throw new UserError(`--until-precision must be a share between 0 and 1 (e.g. 5%), found ${target}`);
  if (only !== undefined) batch = 1;
  const from = only ?? 0;
  const workers = positiveInt(options.workers, '--workers') ?? os.availableParallelism();
  // One replication cannot support an interval: expectations are not judged on --only-replication.
  let expectations: Expectation[] = only !== undefined ? [] : [...sc.expect, ...(options.expect ?? [])];
  for (const e of expectations) {
    for (const a of [e.arm, e.vs]) {
      if (a !== undefined && !sc.arms.some((x) => x.name === a)) throw new UserError(`expectation "${e.text}": unknown arm "${a}"`);
    }
    if (!METRIC_NAMES.includes(e.metric as (typeof METRIC_NAMES)[number])) throw new UserError(`expectation "${e.text}": unknown metric "${e.metric}"`);
  }
  // Like the scenario loader, judge only expectations whose arms were all run (--arms).
  const runnable = (e: Expectation) => armNames.includes(e.arm) && (e.vs === undefined || armNames.includes(e.vs));
  expectations = expectations.filter(runnable);
  const extraPairs = expectations.filter((e) => e.vs !== undefined).map((e) => [e.arm, e.vs!] as [string, string]);
  const reducer = new Reducer(armNames, sc.referenceArm, extraPairs);

  const out = options.noWrite ? undefined : new AtomicDir(path.resolve(options.outDir ?? path.join('results', sc.name, utcStamp(startTime))));
  let pool: WorkerPool | undefined;
  let repFd: number | undefined;
  try {
    if (options.signal?.aborted) throw new RunAbortedError();
    // Rows stream to disk as replications are reduced, so memory does not grow with their number.
    repFd = out ? fs.openSync(out.file(RESULT_FILES.replicationsCsv), 'w') : undefined;
    const writeRows = (text: string) => {
      if (repFd !== undefined) fs.writeSync(repFd, text);
    };
    writeRows(['arm', 'replication', 'seed', 'events', ...METRIC_NAMES].join(',') + '\n');

    // 2. Worker pool (never more threads than tasks of the first batch).
    const poolSize = Math.max(1, Math.min(workers, batch * arms.length));
    pool = new WorkerPool(poolSize, workerUrl(), { modelUrl: toModelUrl(options.model), arms, run });

    // 3–5. Batches of replications.
    let planned = 0;
    let done = 0;
    let pendingRep: PackedResult[] = [];
    const onResult = (r: PackedResult) => {
      done++;
      pendingRep.push(r);
      if (pendingRep.length < arms.length) return;
      // 4. A whole replication (all arms, in order) is here: reduce it and write its rows.
      reducer.addReplication(pendingRep);
      let rows = '';
      for (const p of pendingRep) {
        rows += [cell(armNames[p.arm]), p.replication, cell(seed), p.events, ...Array.from(p.metrics, cell)].join(',') + '\n';
      }
      writeRows(rows);
      pendingRep = [];
      options.onProgress?.({ done, total: planned * arms.length, replications: reducer.replications, elapsedMs: Date.now() - t0 });
    };
    let precisionMet: boolean | undefined;
    for (;;) {
      const tasks: Task[] = [];
      for (let i = from + planned; i < from + planned + batch; i++) for (let a = 0; a < arms.length; a++) tasks.push({ arm: a, replication: i });
      planned += batch;
      await pool.run(tasks, onResult, options.signal);
      if (target === undefined || only !== undefined) break;
      const worst = reducer.worstPrecision();
      if (worst <= target) {
        precisionMet = true;
        break;
      }
      if (planned >= maxReps) {
        precisionMet = false;
        break;
      }
      // Next batch: the n that would reach the target if the spread stays as it is (+10 %), at least
      // a quarter more, never beyond the cap. Depends only on results, so it is the same for any W.
      const needed = Number.isFinite(worst) ? Math.ceil(planned * (worst / target) ** 2 * 1.1) : 2 * planned;
      batch = Math.min(maxReps, Math.max(needed, planned + Math.ceil(planned / 4))) - planned;
    }
    if (repFd !== undefined) fs.closeSync(repFd);
    repFd = undefined;
    await pool.close();

    // 6. Summarize and judge expectations.
    const results: ExpectationResult[] = expectations.map((e) => reducer.evaluate(e));
    const summary = reducer.summary(
      {
        amtsimVersion: amtsimVersion(),
        scenario: { name: sc.name, title: sc.title, file: displayPath(sc.file), hash: sc.hash },
        seed,
        measuredYears: (run.horizonDays - run.warmupDays) / DAYS_PER_YEAR,
        goalDates: goalDatesOf(arms[armNames.indexOf(sc.referenceArm)].world),
      },
      results,
    );
    const endTime = new Date();

    // 7. Files, then the atomic rename.
    const files: string[] = [];
    if (out) {
      const write = (name: string, text: string) => {
        fs.writeFileSync(out.file(name), text);
        files.push(name);
      };
      files.push(RESULT_FILES.replicationsCsv);
      write(RESULT_FILES.summary, JSON.stringify(summary, null, 2) + '\n');
      write(RESULT_FILES.metricsCsv, toCsv(summary.metrics, ['arm', 'metric', 'n', 'mean', 'sd', 'ciLow', 'ciHigh', 'min', 'max', 'p5', 'p50', 'p95']));
      write(RESULT_FILES.differencesCsv, toCsv(summary.differences, ['arm', 'reference', 'metric', 'n', 'mean', 'sd', 'ciLow', 'ciHigh', 'relative', 'relCiLow', 'relCiHigh']));
      write(RESULT_FILES.seriesCsv, toCsv(summary.series, ['arm', 'series', 'year', 'mean', 'p5', 'p95', 'ciLow', 'ciHigh']));
      write(
        RESULT_FILES.costEffectivenessCsv,
        toCsv(summary.costEffectiveness, [
          'arm', 'reference', 'programCost', 'programCostCiLow', 'programCostCiHigh', 'shortageDaysAverted', 'shortageDaysAvertedCiLow',
          'shortageDaysAvertedCiHigh', 'perShortageDay', 'perShortageDayCiLow', 'perShortageDayCiHigh', 'unitsShortAverted', 'perUnitShort',
          'perUnitShortCiLow', 'perUnitShortCiHigh',
        ]),
      );
      const manifest = {
        amtsimVersion: summary.amtsimVersion,
        scenario: { name: sc.name, title: sc.title, file: displayPath(sc.file), hash: sc.hash },
        resolved: sc.resolved ?? null,
        defaulted: sc.defaulted ?? [],
        arms: armNames,
        referenceArm: sc.referenceArm,
        seed,
        replications: reducer.replications,
        shard: { from, to: from + planned },
        workers: poolSize,
        untilPrecision: target ?? null,
        maxReplications: target !== undefined ? maxReps : null,
        precisionMet: precisionMet ?? null,
        onlyReplication: only ?? null,
        model: options.model ?? null,
        startTime: startTime.toISOString(),
        endTime: endTime.toISOString(),
        command: options.command ?? process.argv,
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
      };
      write(RESULT_FILES.manifest, JSON.stringify(manifest, null, 2) + '\n');
      if (options.signal?.aborted) throw new RunAbortedError();
      await options.finalize?.(out.temp, summary);
      if (options.signal?.aborted) throw new RunAbortedError();
      out.commit();
    }
    return {
      summary,
      outDir: out?.final,
      files,
      replications: reducer.replications,
      workers: poolSize,
      expectations: results,
      passed: results.every((r) => r.passed),
      precisionMet,
      elapsedMs: Date.now() - t0,
    };
  } finally {
    if (repFd !== undefined) fs.closeSync(repFd);
    await pool?.close();
    out?.discard();
  }
}

export type { Summary };
