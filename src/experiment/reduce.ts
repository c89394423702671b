/**
 * Streaming reduction of replication results into the {@link Summary}. Results must be added in a
 * fixed order (replication by replication, arms in scenario order) so that the floating-point
 * sums — and therefore the files — are identical whatever the number of workers.
 */
import { METRIC_NAMES, METRICS, describe, type MetricInfo, type SeriesGrid } from '../model/outputs.js';
import { Moments, QuantileSketch, SeriesAccumulator, PairedDifference, momentsInterval, fiellerInterval, meanInterval, relativeHalfWidth } from '../stats/index.js';
import { RESULTS_SCHEMA_VERSION, type CostEffectiveness, type DifferenceSummary, type MetricSummary, type SeriesPoint, type Summary, type ExpectationResult } from './results-format.js';
import { CoMoments } from '../stats/moments.js';
import type { Expectation } from './types.js';
import type { PackedResult } from './protocol.js';

const DAYS_PER_YEAR = 365.25;
/** Numbers in expectation verdicts: 4 significant digits, thousands separators, no exponent. */
const NUMBER = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4, useGrouping: true });
const idx = (name: string) => METRIC_NAMES.indexOf(name as (typeof METRIC_NAMES)[number]);
const I_PROGRAM = idx('cost.program_outlays');
const I_DAYS = idx('shortage.days');
const I_UNITS = idx('shortage.units_short');

/** Names of the headline metrics (the `--until-precision` targets and the stdout table). */
export const HEADLINE_METRICS = METRIC_NAMES.filter((m) => (METRICS[m] as MetricInfo).headline === true);

interface ArmAcc {
  metrics: Moments[];
  sketches: QuantileSketch[];
  seriesNames?: string[];
  grid?: SeriesGrid;
  series: SeriesAccumulator[];
}

/** Cost-effectiveness co-moments: (program cost difference, harm averted) per replication. */
interface CeAcc {
  days: CoMoments;
  units: CoMoments;
}

export class Reducer {
  private readonly acc: ArmAcc[];
  /** Paired differences keyed by `${arm}|${vs}` (arm indices), one PairedDifference per metric. */
  private readonly pairs = new Map<string, PairedDifference[]>();
  private readonly ce: CeAcc[];
  private readonly refIndex: number;
  replications = 0;
  events = 0;

  constructor(
    readonly arms: string[],
    readonly referenceArm: string,
    extraPairs: [string, string][] = [],
  ) {
    this.refIndex = arms.indexOf(referenceArm);
    if (this.refIndex < 0) throw new RangeError(`reference arm "${referenceArm}" is not among ${arms.join(', ')}`);
    this.acc = arms.map(() => ({
      metrics: METRIC_NAMES.map(() => new Moments()),
      sketches: METRIC_NAMES.map(() => new QuantileSketch()),
      series: [],
    }));
    this.ce = arms.map(() => ({ days: new CoMoments(), units: new CoMoments() }));
    arms.forEach((_, a) => {
      if (a !== this.refIndex) this.pairKey(a, this.refIndex);
    });
    for (const [a, b] of extraPairs) {
      const ia = arms.indexOf(a);
      const ib = arms.indexOf(b);
      if (ia >= 0 && ib >= 0 && ia !== ib) this.pairKey(ia, ib);
    }
  }

  private pairKey(a: number, b: number): string {
    const k = `${a}|${b}`;
    if (!this.pairs.has(k)) this.pairs.set(k, METRIC_NAMES.map(() => new PairedDifference()));
    return k;
  }

  /** Add one replication: `results[a]` is arm `a`'s packed output (all arms, scenario order). */
  addReplication(results: PackedResult[]): void {
    results.forEach((r, a) => {
      const acc = this.acc[a];
      for (let i = 0; i < r.metrics.length; i++) {
        acc.metrics[i].add(r.metrics[i]);
        acc.sketches[i].add(r.metrics[i]);
      }
      if (acc.seriesNames === undefined) {
        acc.seriesNames = r.seriesNames;
        acc.grid = r.grid;
        acc.series = r.seriesNames.map(() => new SeriesAccumulator(r.grid.count));
      } else if (acc.seriesNames.join('\n') !== r.seriesNames.join('\n') || acc.grid!.count !== r.grid.count) {
        throw new Error(`arm "${this.arms[a]}": replication ${r.replication} reported different series than earlier replications`);
      }
      const count = r.grid.count;
      acc.series.forEach((s, k) => s.add(r.series.subarray(k * count, (k + 1) * count)));
      this.events += r.events;
    });
    for (const [key, diffs] of this.pairs) {
      const [a, b] = key.split('|').map(Number);
      const x = results[a].metrics;
      const y = results[b].metrics;
      for (let i = 0; i < diffs.length; i++) diffs[i].add(x[i], y[i]);
    }
    const ref = results[this.refIndex].metrics;
    results.forEach((r, a) => {
      if (a === this.refIndex) return;
      const cost = r.metrics[I_PROGRAM] - ref[I_PROGRAM];
      this.ce[a].days.add(cost, ref[I_DAYS] - r.metrics[I_DAYS]);
      this.ce[a].units.add(cost, ref[I_UNITS] - r.metrics[I_UNITS]);
    });
    this.replications++;
  }

  /** Largest relative 95 % CI half-width over the headline metrics of all arms (0 when all exact). */
  worstPrecision(metrics: readonly string[] = HEADLINE_METRICS): number {
    let worst = 0;
    for (const acc of this.acc) {
      for (const m of metrics) {
        const mo = acc.metrics[idx(m)];
        if (mo.n === 0) continue; // never defined: more replications cannot help
        const r = mo.n < 2 ? Infinity : relativeHalfWidth(momentsInterval(mo));
        if (r > worst) worst = r;
      }
    }
    return worst;
  }

  metricSummaries(): MetricSummary[] {
    const out: MetricSummary[] = [];
    this.arms.forEach((arm, a) => {
      METRIC_NAMES.forEach((metric, i) => {
        const m = this.acc[a].metrics[i];
        const q = this.acc[a].sketches[i];
        const iv = momentsInterval(m);
        out.push({
          arm, metric, n: m.n, mean: m.meanOrNaN, sd: m.sd, ciLow: iv.low, ciHigh: iv.high,
          min: m.n ? m.min : NaN, max: m.n ? m.max : NaN, p5: q.quantile(0.05), p50: q.quantile(0.5), p95: q.quantile(0.95),
        });
      });
    });
    return out;
  }

  differenceSummaries(): DifferenceSummary[] {
    const out: DifferenceSummary[] = [];
    this.arms.forEach((arm, a) => {
      if (a === this.refIndex) return;
      const diffs = this.pairs.get(`${a}|${this.refIndex}`)!;
      METRIC_NAMES.forEach((metric, i) => {
        const d = diffs[i];
        const iv = d.interval();
        const rel = d.relativeInterval();
        out.push({
          arm, reference: this.referenceArm, metric, n: d.n, mean: d.mean, sd: d.sd, ciLow: iv.low, ciHigh: iv.high,
          relative: rel.estimate, relCiLow: rel.low, relCiHigh: rel.high,
        });
      });
    });
    return out;
  }

  seriesSummaries(): SeriesPoint[] {
    const out: SeriesPoint[] = [];
    this.arms.forEach((arm, a) => {
      const acc = this.acc[a];
      (acc.seriesNames ?? []).forEach((series, k) => {
        const s = acc.series[k];
        for (let i = 0; i < s.length; i++) {
          const iv = momentsInterval(s.moments[i]);
          out.push({
            arm, series, year: (i * acc.grid!.step) / DAYS_PER_YEAR, mean: s.moments[i].meanOrNaN,
            p5: s.sketches[i].quantile(0.05), p95: s.sketches[i].quantile(0.95), ciLow: iv.low, ciHigh: iv.high,
          });
        }
      });
    });
    return out;
  }

  costEffectiveness(): CostEffectiveness[] {
    const out: CostEffectiveness[] = [];
    this.arms.forEach((arm, a) => {
      if (a === this.refIndex) return;
      const { days, units } = this.ce[a];
      const cost = meanInterval(days.n ? days.meanX : NaN, Math.sqrt(days.varX), days.n);
      const averted = meanInterval(days.n ? days.meanY : NaN, Math.sqrt(days.varY), days.n);
      const perDay = fiellerInterval(days.meanX, days.meanY, days.varX, days.varY, days.cov, days.n);
      const perUnit = fiellerInterval(units.meanX, units.meanY, units.varX, units.varY, units.cov, units.n);
      out.push({
        arm, reference: this.referenceArm,
        programCost: cost.estimate, programCostCiLow: cost.low, programCostCiHigh: cost.high,
        shortageDaysAverted: averted.estimate, shortageDaysAvertedCiLow: averted.low, shortageDaysAvertedCiHigh: averted.high,
        perShortageDay: perDay.estimate, perShortageDayCiLow: perDay.low, perShortageDayCiHigh: perDay.high,
        unitsShortAverted: units.n ? units.meanY : NaN, perUnitShort: perUnit.estimate, perUnitShortCiLow: perUnit.low, perUnitShortCiHigh: perUnit.high,
      });
    });
    return out;
  }

  /** Metadata of every metric and series reported. */
  metricInfo(): Record<string, MetricInfo> {
    const info: Record<string, MetricInfo> = {};
    for (const m of METRIC_NAMES) info[m] = METRICS[m];
    for (const acc of this.acc) for (const s of acc.seriesNames ?? []) info[s] ??= describe(s) ?? { label: s, unit: '', description: s, better: 'none' };
    return info;
  }

  /**
   * Judge one expectation. Relative changes use Fieller's interval of (arm − vs)/vs, absolute ones
   * the t interval of the paired difference, value bounds the t interval of the arm's mean; all
   * one-sided at the expectation's confidence.
   */
  evaluate(e: Expectation): ExpectationResult {
    const description = e.text;
    const fail = (detail: string): ExpectationResult => ({ description, passed: false, detail });
    const a = this.arms.indexOf(e.arm);
    const i = idx(e.metric);
    if (a < 0) return fail(`arm "${e.arm}" was not run`);
    if (i < 0) return fail(`unknown metric "${e.metric}"`);
    const side: 'upper' | 'lower' = e.op === '<=' || e.op === '<' ? 'upper' : 'lower';
    const conf = `${Math.round(e.confidence * 1000) / 10}%`;
    const fmt = (x: number, rel: boolean) => (rel ? `${NUMBER.format(x * 100)}%` : NUMBER.format(x));
    let estimate: number;
    let bound: number;
    let n: number;
    let what: string;
    const vs = e.vs ?? (e.relative ? this.referenceArm : undefined);
    if (vs !== undefined) {
      const b = this.arms.indexOf(vs);
      if (b < 0) return fail(`arm "${vs}" was not run`);
      const d = this.pairs.get(`${a}|${b}`)?.[i];
      if (!d) return fail(`no paired results for "${e.arm}" vs "${vs}"`);
      n = d.n;
      estimate = e.relative ? d.relativeInterval().estimate : d.mean;
      bound = d.bound(side, e.confidence, e.relative);
      what = `${e.relative ? 'relative' : 'paired'} change of ${e.metric} (${e.arm} vs ${vs})`;
    } else {
      const m = this.acc[a].metrics[i];
      n = m.n;
      estimate = m.meanOrNaN;
      const iv = meanInterval(m.meanOrNaN, m.sd, m.n, 2 * e.confidence - 1);
      bound = side === 'upper' ? iv.high : iv.low;
      what = `mean of ${e.metric} in ${e.arm}`;
    }
    const cmp = { '<=': (x: number) => x <= e.threshold, '<': (x: number) => x < e.threshold, '>=': (x: number) => x >= e.threshold, '>': (x: number) => x > e.threshold }[e.op];
    const passed = Number.isFinite(bound) && cmp(bound);
    const detail =
      `${what}: estimate ${fmt(estimate, e.relative)}, one-sided ${conf} ${side} bound ${Number.isFinite(bound) ? fmt(bound, e.relative) : 'undefined (too few or too variable replications)'}` +
      `; required ${e.op} ${fmt(e.threshold, e.relative)} (n = ${n})`;
    return { description, passed, detail };
  }

  /** Assemble the summary (everything but the scenario identity). */
  summary(head: Pick<Summary, 'amtsimVersion' | 'scenario' | 'seed' | 'measuredYears' | 'goalDates'>, expectations: ExpectationResult[]): Summary {
    return {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      amtsimVersion: head.amtsimVersion,
      scenario: head.scenario,
      arms: this.arms,
      referenceArm: this.referenceArm,
      replications: this.replications,
      seed: head.seed,
      measuredYears: head.measuredYears,
      intervalLevel: 0.95,
      bandLevel: 0.9,
      metricInfo: this.metricInfo(),
      metrics: this.metricSummaries(),
      differences: this.differenceSummaries(),
      series: this.seriesSummaries(),
      costEffectiveness: this.costEffectiveness(),
      goalDates: head.goalDates,
      expectations,
    };
  }
}
