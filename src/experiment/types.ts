import type { RunSettings } from '../model/outputs.js';
import type { ExpectationResult, Summary } from './results-format.js';

/**
 * The parts of a loaded scenario the runner needs. Structurally compatible with `Scenario` from
 * `src/scenario/index.ts`, but generic in the parameter types so the runner can drive any model
 * module (the real world model, or a test model).
 */
export interface RunnableScenario<W = unknown, P = unknown> {
  name: string;
  title: string;
  description?: string;
  /** Absolute path of the scenario file ('' when built in memory). */
  file: string;
  /** sha256 of the file and its extends chain. */
  hash: string;
  run: RunSettings & { replications: number; referenceArm: string };
  arms: { name: string; world: W; policies: P }[];
  referenceArm: string;
  expect: Expectation[];
  /** Merged, defaulted scenario, recorded in the manifest. */
  resolved?: unknown;
  /** Paths filled in from defaults. */
  defaulted?: string[];
}

/** One assertion on results (same shape as the scenario helper's `Expectation`). */
export interface Expectation {
  metric: string;
  arm: string;
  /** Compare against this arm (paired); undefined = bound on the arm's own mean. */
  vs?: string;
  op: '<=' | '>=' | '<' | '>';
  /** Relative changes as fractions (−0.1 for −10 %). */
  threshold: number;
  relative: boolean;
  confidence: number;
  text: string;
}

/** Progress of a run, reported after each reduced replication (all arms). */
export interface RunProgress {
  /** (arm, replication) tasks finished. */
  done: number;
  /** Tasks planned so far (grows with `untilPrecision` batches). */
  total: number;
  /** Replications fully reduced (all arms). */
  replications: number;
  elapsedMs: number;
}

export interface RunOptions {
  /** Replications per arm; default the scenario's `run.replications`. With `untilPrecision`, the first batch. */
  replications?: number;
  /** Master seed; default the scenario's `run.seed`. */
  seed?: number | string;
  /** Worker threads; default `os.availableParallelism()`. */
  workers?: number;
  /** Results directory; default `results/<scenario name>/<UTC timestamp>` under the working directory. */
  outDir?: string;
  /** Run only these arms (scenario order is kept; the reference arm is added if missing). */
  arms?: string[];
  /**
   * Keep adding replications until the 95 % CI half-width of every headline metric is within this
   * fraction of |mean| in every arm (e.g. 0.05), up to `maxReplications`.
   */
  untilPrecision?: number;
  /** Cap for `untilPrecision`; default 2000. */
  maxReplications?: number;
  /** Re-run this single replication index (all arms) — same numbers as its rows in replications.csv. */
  onlyReplication?: number;
  onProgress?: (p: RunProgress) => void;
  signal?: AbortSignal;
  /** URL or path of the model module (exports `simulateReplication`); default the built world model. */
  model?: string;
  /** Extra expectations (e.g. from `--expect FILE`), evaluated after the scenario's own. */
  expect?: Expectation[];
  /** Command line recorded in the manifest; default `process.argv`. */
  command?: string[];
  /** Do not write files (library use); the result still carries the summary. */
  noWrite?: boolean;
  /**
   * Called with the temporary results directory after all result files are written and before it
   * is renamed into place (e.g. to draw charts), so extra files are part of the atomic result.
   */
  finalize?: (tempDir: string, summary: Summary) => Promise<void> | void;
}

export interface RunResult {
  summary: Summary;
  /** Final results directory (undefined with `noWrite`). */
  outDir?: string;
  /** Files written in `outDir`, relative names. */
  files: string[];
  replications: number;
  workers: number;
  expectations: ExpectationResult[];
  /** True when every expectation passed (or none). */
  passed: boolean;
  /** With `untilPrecision`: whether the target was met before the cap. */
  precisionMet?: boolean;
  elapsedMs: number;
}
