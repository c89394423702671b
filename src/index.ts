/**
 * amtsim's public API. Everything a notebook or script needs; the `amtsim` command is a thin layer
 * over these functions.
 *
 * @example
 * import { loadScenario, runScenario } from 'amtsim';
 * const scenario = loadScenario('scenarios/policy-comparison.yaml');
 * const result = await runScenario(scenario, { replications: 50, outDir: 'results/mine' });
 */

// Scenario files: load, validate, starter, schema.
export {
  loadScenario,
  validateScenarioFile,
  starterScenario,
  scenarioJsonSchema,
  scenarioReferenceMarkdown,
  ScenarioError,
  parseDuration,
  parseMoney,
  parseRate,
} from './scenario/index.js';
export type { Scenario, ArmSpec, Expectation, ResolvedRun, ScenarioIssue, ValidationResult } from './scenario/index.js';

// Experiments: run, calibrate.
export { runScenario, amtsimVersion, UserError, RunAbortedError, ReplicationError } from './experiment/index.js';
export type { RunOptions, RunResult, RunProgress } from './experiment/index.js';
export { calibrate, formatCalibration } from './experiment/calibrate.js';
export type { CalibrationReport, CalibrationRow } from './experiment/calibrate.js';
export type {
  Summary,
  MetricSummary,
  DifferenceSummary,
  SeriesPoint,
  CostEffectiveness,
  ExpectationResult,
} from './experiment/results-format.js';
export { RESULT_FILES, RESULTS_SCHEMA_VERSION } from './experiment/results-format.js';

// The model: one replication, and what it reports.
export { simulateReplication, worldSchema, buildMarket } from './model/index.js';
export type { ReplicationInput, WorldParams } from './model/index.js';
export { policiesSchema } from './model/policy/params.js';
export type { PolicyParams } from './model/policy/params.js';
export { METRICS, SERIES, SHORTAGE_CAUSES, APPLICATION_TYPES, DOSAGE_FORMS, PROGRAMS, describe } from './model/outputs.js';
export type { ReplicationOutput, RunSettings, MetricName, MetricInfo } from './model/outputs.js';

// Charts and report.
export { buildChartSpecs, writeCharts, writeReport, CHART_NAMES } from './charts/index.js';
export type { ChartName } from './charts/index.js';

// The kernel, for building other models on it.
export * as kernel from './kernel/index.js';
