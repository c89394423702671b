/**
 * The on-disk results format (`summary.json` and its tidy CSVs): the contract between the
 * experiment runner (which writes it) and the charts and report (which read only this plain data).
 * Bump {@link RESULTS_SCHEMA_VERSION} on any incompatible change.
 */
import type { MetricInfo } from '../model/outputs.js';

export const RESULTS_SCHEMA_VERSION = 1;

/** Summary statistics of one metric of one arm over replications. */
export interface MetricSummary {
  arm: string;
  metric: string;
  /** Replications with a defined (non-NaN) value. */
  n: number;
  mean: number;
  sd: number;
  /** 95 % confidence interval of the mean (Student t). */
  ciLow: number;
  ciHigh: number;
  min: number;
  max: number;
  p5: number;
  p50: number;
  p95: number;
}

/** Paired difference (arm − reference) of one metric over common-random-number replications. */
export interface DifferenceSummary {
  arm: string;
  reference: string;
  metric: string;
  n: number;
  mean: number;
  sd: number;
  ciLow: number;
  ciHigh: number;
  /** mean difference / reference mean (NaN when the reference mean is 0). */
  relative: number;
  relCiLow: number;
  relCiHigh: number;
}

/** One time bucket of one series of one arm. */
export interface SeriesPoint {
  arm: string;
  series: string;
  /** Bucket start in years since the end of warm-up. */
  year: number;
  mean: number;
  /** 5th and 95th percentiles across replications (the 90 % band). */
  p5: number;
  p95: number;
  /** 95 % CI of the mean. */
  ciLow: number;
  ciHigh: number;
}

/** Program dollars per unit of harm averted against the reference arm (ratio of mean paired differences). */
export interface CostEffectiveness {
  arm: string;
  reference: string;
  /** Mean program outlays difference, $ per year. */
  programCost: number;
  programCostCiLow: number;
  programCostCiHigh: number;
  /** Mean shortage-days averted per year (reference − arm). */
  shortageDaysAverted: number;
  shortageDaysAvertedCiLow: number;
  shortageDaysAvertedCiHigh: number;
  /** $ per shortage-day averted, with a 95 % interval (NaN bounds when the denominator's CI spans 0). */
  perShortageDay: number;
  perShortageDayCiLow: number;
  perShortageDayCiHigh: number;
  unitsShortAverted: number;
  perUnitShort: number;
  perUnitShortCiLow: number;
  perUnitShortCiHigh: number;
}

/** Goal dates per application type (days), for regulatory-timeline charts. */
export type GoalDates = Record<string, number>;

export interface ExpectationResult {
  description: string;
  passed: boolean;
  /** Human-readable numbers behind the verdict. */
  detail: string;
}

/** Optional one-at-a-time sensitivity results (tornado). */
export interface TornadoRow {
  parameter: string;
  label: string;
  metric: string;
  low: number;
  high: number;
  lowValue: number | string;
  highValue: number | string;
  base: number;
}

export interface Summary {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  amtsimVersion: string;
  scenario: { name: string; title: string; file: string; hash: string };
  /** Arms in scenario order; the reference arm is one of them. */
  arms: string[];
  referenceArm: string;
  replications: number;
  seed: number | string;
  /** Years simulated after warm-up. */
  measuredYears: number;
  intervalLevel: 0.95;
  bandLevel: 0.9;
  metricInfo: Record<string, MetricInfo>;
  metrics: MetricSummary[];
  differences: DifferenceSummary[];
  series: SeriesPoint[];
  costEffectiveness: CostEffectiveness[];
  goalDates: GoalDates;
  expectations: ExpectationResult[];
  tornado?: TornadoRow[];
}

/** File names inside a results directory. */
export const RESULT_FILES = {
  manifest: 'manifest.json',
  summary: 'summary.json',
  metricsCsv: 'metrics.csv',
  differencesCsv: 'differences.csv',
  seriesCsv: 'series.csv',
  replicationsCsv: 'replications.csv',
  costEffectivenessCsv: 'cost-effectiveness.csv',
  chartsDir: 'charts',
  report: 'report.html',
  summaryMd: 'summary.md',
} as const;
