/**
 * The amtsim command line: a thin layer that parses (yargs, from the table in commands.ts), calls
 * the library, prints, and maps outcomes to exit codes:
 *   0 success · 1 internal error · 2 user error · 3 failed expectation · 130 interrupted.
 * Logs and progress go to stderr; stdout carries the result table or `--json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { COMMANDS, type CommandSpec } from './commands.js';
import { summaryMarkdown, summaryTable } from './format.js';
import { progressReporter } from './progress.js';
import { runScenario, amtsimVersion, isUserError, UserError, RunAbortedError, ReplicationError, HEADLINE_METRICS, type RunnableScenario } from '../experiment/index.js';
import type { Summary } from '../experiment/results-format.js';

export const EXIT = { ok: 0, internal: 1, user: 2, expectation: 3, interrupted: 130 } as const;

type ScenarioModule = typeof import('../scenario/index.js');
type ChartsModule = typeof import('../charts/index.js');
type CalibrateModule = typeof import('../experiment/calibrate.js');
/** A scenario loader: the scenario layer's, or a test model's own (`--model`). */
type Loader = (file: string, opts?: { arms?: string[] }) => RunnableScenario;

/** Command modules are imported lazily so each command loads only what it uses (start-up time). */
const importModule = {
  scenario: (): Promise<ScenarioModule> => import('../scenario/index.js'),
  charts: (): Promise<ChartsModule> => import('../charts/index.js'),
  calibrate: (): Promise<CalibrateModule> => import('../experiment/calibrate.js'),
};

/** `5%` → 0.05, `0.05` → 0.05. */
export function parseShare(text: string, what: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+)\s*(%?)\s*$/.exec(text);
  if (!m) throw new UserError(`${what} expects a share such as 5% or 0.05, found "${text}"`);
  const v = Number(m[1]) / (m[2] ? 100 : 1);
  if (!(v > 0 && v < 1)) throw new UserError(`${what} must be between 0 and 100%, found "${text}"`);
  return v;
}

function log(quiet: boolean, msg: string): void {
  if (!quiet) process.stderr.write(`${msg}\n`);
}

/** Write a file atomically (temporary name, then rename). */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.partial-${process.pid}`;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

interface RunArgs {
  scenario: string;
  replications?: number;
  seed?: string;
  workers?: number;
  out?: string;
  arms?: string;
  'until-precision'?: string;
  'max-replications'?: number;
  'only-replication'?: number;
  quiet: boolean;
  json: boolean;
  'summary-md'?: string;
  expect?: string;
  charts: boolean;
  model?: string;
}

function jsonResult(summary: Summary, extra: Record<string, unknown>): string {
  const headline = new Set<string>(HEADLINE_METRICS);
  return JSON.stringify(
    {
      ...extra,
      scenario: summary.scenario,
      arms: summary.arms,
      referenceArm: summary.referenceArm,
      replications: summary.replications,
      seed: summary.seed,
      expectations: summary.expectations,
      metrics: summary.metrics.filter((m) => headline.has(m.metric)),
      differences: summary.differences.filter((d) => headline.has(d.metric)),
      costEffectiveness: summary.costEffectiveness,
    },
    null,
    2,
  );
}

async function runCommand(a: RunArgs): Promise<number> {
  const quiet = a.quiet;
  // The scenario loader: the model module's own (test models) or the scenario layer's.
  let loader: Loader;
  let modelUrl: string | undefined;
  if (a.model) {
    modelUrl = /^(file|data):/.test(a.model) ? a.model : pathToFileURL(path.resolve(a.model)).href;
    let mod: { loadScenario?: Loader; simulateReplication?: unknown };
    try {
      mod = (await import(modelUrl)) as typeof mod;
    } catch (e) {
      throw new UserError(`--model ${a.model}: cannot load the module: ${(e as Error).message}`);
    }
    if (typeof mod.simulateReplication !== 'function') throw new UserError(`--model ${a.model}: the module does not export a function simulateReplication`);
    loader = mod.loadScenario ?? (await importModule.scenario()).loadScenario;
  } else loader = (await importModule.scenario()).loadScenario;
  const arms = a.arms ? a.arms.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const scenario = loader(a.scenario, arms ? { arms } : undefined);
  const extra = a.expect ? (await import('../experiment/expect-file.js')).readExpectationsFile(a.expect, scenario.arms.map((x) => x.name), scenario.referenceArm) : undefined;
  const seed = a.seed === undefined ? undefined : /^-?\d+$/.test(a.seed) && Number.isSafeInteger(Number(a.seed)) ? Number(a.seed) : a.seed;
  const untilPrecision = a['until-precision'] !== undefined ? parseShare(a['until-precision'], '--until-precision') : undefined;

  const progress = progressReporter({ quiet, arms: scenario.arms.length });
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  log(quiet, `amtsim ${amtsimVersion()}: running "${scenario.name}" (${scenario.arms.map((x) => x.name).join(', ')})`);
  try {
    const charts = a.charts ? await importModule.charts() : undefined;
    const result = await runScenario(scenario, {
      replications: a.replications,
      seed,
      workers: a.workers,
      outDir: a.out,
      arms,
      untilPrecision,
      maxReplications: a['max-replications'],
      onlyReplication: a['only-replication'],
      onProgress: (p) => progress.update(p),
      signal: controller.signal,
      model: modelUrl,
      expect: extra,
      command: ['amtsim', ...process.argv.slice(2)],
      finalize: charts
        ? async (dir) => {
            await charts.writeCharts(dir);
            charts.writeReport(dir);
          }
        : undefined,
    });
    progress.done();
    const s = result.summary;
    log(quiet, `${result.replications} replications × ${s.arms.length} arms on ${result.workers} worker${result.workers === 1 ? '' : 's'} in ${(result.elapsedMs / 1000).toFixed(1)} s`);
    if (result.precisionMet === false) log(quiet, `--until-precision target not reached within --max-replications (${a['max-replications']})`);
    log(quiet, `results: ${result.outDir}`);
    if (a['summary-md']) writeAtomic(a['summary-md'], summaryMarkdown(s, result.outDir, a['summary-md']));
    process.stdout.write(a.json ? jsonResult(s, { outDir: result.outDir, files: result.files, workers: result.workers, passed: result.passed, precisionMet: result.precisionMet ?? null, elapsedMs: result.elapsedMs }) + '\n' : summaryTable(s) + '\n');
    for (const e of result.expectations) {
      if (!e.passed) process.stderr.write(`expectation FAILED: ${e.description}\n  ${e.detail}\n`);
      else log(quiet, `expectation passed: ${e.description}\n  ${e.detail}`);
    }
    return result.passed ? EXIT.ok : EXIT.expectation;
  } catch (e) {
    progress.done();
    if (e instanceof RunAbortedError) {
      process.stderr.write('interrupted: workers stopped and temporary files removed; no results were kept\n');
      return EXIT.interrupted;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

/** Register the command `name` of the table on `y` with `handler`. */
function command(y: Argv, name: keyof typeof COMMANDS, handler: (args: Record<string, unknown>) => Promise<number>, setExit: (code: number) => void): Argv {
  const spec: CommandSpec = COMMANDS[name];
  return y.command(
    spec.command,
    spec.describe,
    (b) => {
      for (const [p, o] of Object.entries(spec.positionals)) b.positional(p, o);
      b.options(spec.options);
      for (const [cmd, what] of spec.examples) b.example(cmd, what);
      return b;
    },
    async (args) => setExit(await handler(args as Record<string, unknown>)),
  );
}

/**
 * Parse `argv` and run the command; resolves to the exit code (never throws).
 * @example process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const setExit = (c: number) => (code = c);
  const guarded =
    (fn: (args: Record<string, unknown>) => Promise<number>) =>
    async (args: Record<string, unknown>): Promise<number> => {
      try {
        return await fn(args);
      } catch (e) {
        if (isUserError(e)) {
          process.stderr.write(`error: ${typeof e.format === 'function' ? e.format() : e.message}\n`);
          return EXIT.user;
        }
        if (e instanceof ReplicationError) {
          process.stderr.write(`internal error: ${e.message}\n${e.workerStack ?? ''}\n`);
          return EXIT.internal;
        }
        process.stderr.write(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        return EXIT.internal;
      }
    };

  let y = yargs(argv)
    .scriptName('amtsim')
    .usage('$0 <command> [options]')
    .version(amtsimVersion())
    .strict()
    .demandCommand(1, 'name a command (run, validate, init, calibrate, charts, report, schema)')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UserError(msg);
    });

  y = command(y, 'run', guarded((a) => runCommand(a as unknown as RunArgs)), setExit);
  y = command(
    y,
    'validate',
    guarded(async (a) => {
      const m = await importModule.scenario();
      let ok = true;
      for (const file of a.files as string[]) {
        const r = m.validateScenarioFile(String(file));
        (r.ok ? process.stdout : process.stderr).write(`${r.message}\n`);
        ok &&= r.ok;
      }
      return ok ? EXIT.ok : EXIT.user;
    }),
    setExit,
  );
  y = command(
    y,
    'init',
    guarded(async (a) => {
      const name = String(a.name).replace(/\.ya?ml$/, '');
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new UserError(`scenario names use lower-case letters, digits and "-", found "${name}"`);
      const file = `${name}.yaml`;
      if (fs.existsSync(file) && !a.force) throw new UserError(`${file} already exists (use --force to overwrite)`);
      writeAtomic(file, (await importModule.scenario()).starterScenario(name));
      process.stderr.write(`wrote ${file}; check it with: amtsim validate ${file}\n`);
      return EXIT.ok;
    }),
    setExit,
  );
  y = command(
    y,
    'calibrate',
    guarded(async (a) => {
      const m = await importModule.calibrate();
      const report = await m.calibrate(String(a.file), { replications: a.replications as number | undefined, arm: a.arm as string | undefined });
      // calibrate() reads the file itself; its ScenarioError reaches the guard (exit 2).
      process.stdout.write(a.json ? JSON.stringify(report, null, 2) + '\n' : m.formatCalibration(report) + '\n');
      return EXIT.ok;
    }),
    setExit,
  );
  const resultsDir = (a: Record<string, unknown>) => {
    const dir = String(a.results);
    if (!fs.existsSync(path.join(dir, 'summary.json'))) throw new UserError(`${dir} is not a results directory (no summary.json)`);
    return dir;
  };
  y = command(
    y,
    'charts',
    guarded(async (a) => {
      const dir = resultsDir(a);
      await (await importModule.charts()).writeCharts(dir);
      process.stderr.write(`charts written to ${path.join(dir, 'charts')}\n`);
      return EXIT.ok;
    }),
    setExit,
  );
  y = command(
    y,
    'report',
    guarded(async (a) => {
      const dir = resultsDir(a);
      await (await importModule.charts()).writeReport(dir);
      process.stderr.write(`report written to ${path.join(dir, 'report.html')}\n`);
      return EXIT.ok;
    }),
    setExit,
  );
  y = command(
    y,
    'schema',
    guarded(async () => {
      process.stdout.write(JSON.stringify((await importModule.scenario()).scenarioJsonSchema(), null, 2) + '\n');
      return EXIT.ok;
    }),
    setExit,
  );

  try {
    await y.parseAsync();
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n(run \`amtsim --help\` for usage)\n`);
    return EXIT.user;
  }
  return code;
}
