/**
 * Metrics collection of one replication: the capacity-mix time series (kept incrementally, as
 * piecewise-constant values integrated into buckets) and, at the horizon, every METRICS entry of
 * `outputs.ts` from the world's books and recorded shortage episodes.
 *
 * Measured window: [warm-up, horizon]. Flows are per year of the window. Shortage counts come from
 * episodes (see `world.ts` for the definition): `shortage.new` counts episodes starting in the
 * window; `shortage.active_mean` and the `active_shortages` series count episodes spanning a time;
 * durations are of episodes starting in the window (censored at the horizon).
 */
import { DAYS_PER_YEAR } from '../../scenario/units.js';
import { DOSAGE_FORMS, METRIC_NAMES, SHORTAGE_CAUSES, type MetricName, type SeriesGrid } from '../outputs.js';
import { C_QUALITY, C_REGULATORY, FORM_INDEX, type World } from './world.js';

/** The regular series grid of a run: buckets of `step` days from the end of the warm-up. */
export function seriesGrid(warmupDays: number, horizonDays: number, step: number): SeriesGrid {
  const span = Math.max(0, horizonDays - warmupDays);
  const count = step > 0 ? Math.max(span > 0 ? 1 : 0, Math.ceil(span / step - 1e-9)) : 0;
  return { start: warmupDays, step, count };
}

/** Add `value` x (overlap of [a, b) with each bucket) into `acc` (time integrals). */
function integrate(acc: Float64Array, grid: SeriesGrid, end: number, a: number, b: number, value: number): void {
  if (value === 0) return;
  const lo = Math.max(a, grid.start), hi = Math.min(b, end);
  if (!(hi > lo)) return;
  let i = Math.floor((lo - grid.start) / grid.step);
  if (i < 0) i = 0;
  for (; i < grid.count; i++) {
    const s = grid.start + i * grid.step;
    const e = Math.min(s + grid.step, end);
    if (s >= hi) break;
    const o = Math.min(e, hi) - Math.max(s, lo);
    if (o > 0) acc[i] += value * o;
  }
}

/** Incremental capacity sums by technology, form and region, recorded as time series. */
export class CapacityTracker {
  private readonly w: World;
  readonly grid: SeriesGrid;
  private readonly end: number;
  private capTotal = 0;
  private capAmt = 0;
  private capDomestic = 0;
  private readonly capForm = new Float64Array(3);
  private readonly capAmtForm = new Float64Array(3);
  private readonly capRegion: Float64Array;
  private readonly capAmtRegion: Float64Array;
  private readonly prAmtLines: Int32Array;
  private productsAmt = 0;
  private last: number;
  /** Names and accumulators of the series. */
  readonly names: string[];
  private readonly acc: Float64Array[];
  private readonly values: Float64Array;

  constructor(w: World, grid: SeriesGrid) {
    this.w = w;
    this.grid = grid;
    this.end = w.W1;
    const nr = w.regionNames.length;
    this.capRegion = new Float64Array(nr);
    this.capAmtRegion = new Float64Array(nr);
    this.prAmtLines = new Int32Array(w.nProducts);
    this.names = ['amt_capacity_share', 'amt_product_share', 'domestic_capacity_share',
      ...DOSAGE_FORMS.map((f) => `amt_capacity_share.form.${f}`),
      ...w.regionNames.map((r) => `amt_capacity_share.region.${r}`)];
    this.acc = this.names.map(() => new Float64Array(grid.count));
    this.values = new Float64Array(this.names.length);
    for (let l = 0; l < w.nLinesUsed; l++) this.add(l, 1);
    this.last = w.sim.now;
    this.refreshValues();
  }

  private add(l: number, sign: number): void {
    const w = this.w;
    if (w.lnActive[l] === 0 || w.lnProduct[l] < 0) return;
    const cap = w.lnCapacity[l] * sign;
    const f = w.lineFormCode(l);
    const r = w.plRegion[w.lnPlant[l]];
    const amt = w.lnTech[l] > 0;
    this.capTotal += cap;
    this.capForm[f] += cap;
    this.capRegion[r] += cap;
    if (w.regionDomestic[r] === 1) this.capDomestic += cap;
    if (amt) {
      this.capAmt += cap;
      this.capAmtForm[f] += cap;
      this.capAmtRegion[r] += cap;
      const p = w.lnProduct[l];
      const before = this.prAmtLines[p];
      this.prAmtLines[p] += sign;
      if (before === 0 && sign > 0) this.productsAmt++;
      else if (before === 1 && sign < 0) this.productsAmt--;
    }
  }

  /** Call before changing line l's technology, capacity or activity. */
  before(l: number): void {
    this.flush();
    this.add(l, -1);
  }

  /** Call after the change. */
  after(l: number): void {
    this.add(l, 1);
    this.refreshValues();
  }

  /** All capacities were multiplied by f (demand trend): shares are unchanged. */
  scaleAll(f: number): void {
    this.capTotal *= f; this.capAmt *= f; this.capDomestic *= f;
    for (let i = 0; i < 3; i++) { this.capForm[i] *= f; this.capAmtForm[i] *= f; }
    for (let i = 0; i < this.capRegion.length; i++) { this.capRegion[i] *= f; this.capAmtRegion[i] *= f; }
  }

  private ratio(a: number, b: number): number {
    return b > 1e-12 ? Math.min(1, Math.max(0, a / b)) : NaN;
  }

  private refreshValues(): void {
    const v = this.values;
    v[0] = this.ratio(this.capAmt, this.capTotal);
    v[1] = this.w.nProducts > 0 ? this.productsAmt / this.w.nProducts : NaN;
    v[2] = this.ratio(this.capDomestic, this.capTotal);
    for (let f = 0; f < 3; f++) v[3 + f] = this.ratio(this.capAmtForm[f], this.capForm[f]);
    for (let r = 0; r < this.capRegion.length; r++) v[6 + r] = this.ratio(this.capAmtRegion[r], this.capRegion[r]);
  }

  /** Integrate the current values up to now. */
  flush(): void {
    const now = this.w.sim.now;
    if (now > this.last) {
      for (let i = 0; i < this.values.length; i++) {
        const v = this.values[i];
        integrate(this.acc[i], this.grid, this.end, this.last, now, Number.isNaN(v) ? 0 : v);
      }
      this.last = now;
    }
  }

  /** Current value of a series by index in `names`. */
  value(i: number): number {
    return this.values[i];
  }

  /** Time-averaged series (NaN for series whose denominator was empty the whole time). */
  series(): Record<string, Float64Array> {
    this.flush();
    const out: Record<string, Float64Array> = {};
    const g = this.grid;
    this.names.forEach((name, i) => {
      const a = this.acc[i];
      const s = new Float64Array(g.count);
      const defined = !Number.isNaN(this.values[i]) || a.some((x) => x !== 0);
      for (let k = 0; k < g.count; k++) {
        const len = Math.min(g.start + (k + 1) * g.step, this.end) - (g.start + k * g.step);
        s[k] = defined && len > 0 ? a[k] / len : NaN;
      }
      out[name] = s;
    });
    return out;
  }
}

/** The active-shortage series from recorded episodes. */
export function activeShortageSeries(w: World, grid: SeriesGrid): Float64Array {
  const acc = new Float64Array(grid.count);
  for (const e of w.episodes) integrate(acc, grid, w.W1, e.start, e.end, 1);
  for (let k = 0; k < grid.count; k++) {
    const len = Math.min(grid.start + (k + 1) * grid.step, w.W1) - (grid.start + k * grid.step);
    acc[k] = len > 0 ? acc[k] / len : NaN;
  }
  return acc;
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  // Durations are finite and positive, so a typed-array sort (numeric, no comparator calls, no
  // boxed doubles) gives the same order as sort((a, b) => a - b); fall back if that ever fails.
  const s = xs.every((x) => x === x) ? Float64Array.from(xs).sort() : xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The world's METRICS (everything outputs.ts lists except what `extra` supplies: adoption counts,
 * program outlays and regulator statistics come from the policy layer). Call after `world.finish()`.
 */
export function collectMetrics(w: World, tracker: CapacityTracker, extra: Partial<Record<MetricName, number>>): Record<MetricName, number> {
  const out = Object.fromEntries(METRIC_NAMES.map((n) => [n, NaN])) as Record<MetricName, number>;
  const days = w.W1 - w.W0;
  const years = days / DAYS_PER_YEAR;
  const per = (x: number) => (years > 0 ? x / years : NaN);
  const p = w.p.shortage;

  // Episodes.
  let newCount = 0, sterile = 0, qualityLike = 0, shortageDays = 0;
  const byCause = new Float64Array(SHORTAGE_CAUSES.length);
  const durations: number[] = [];
  const essentialHit = new Uint8Array(w.nProducts);
  let pvDays = 0;
  for (const e of w.episodes) {
    const a = Math.max(e.start, w.W0), b = Math.min(e.end, w.W1);
    if (b > a) {
      shortageDays += b - a;
      pvDays += w.pvFactor(a, b);
      if (w.prEssential[e.product] === 1) essentialHit[e.product] = 1;
    }
    if (e.start >= w.W0 && e.start <= w.W1) {
      newCount++;
      byCause[e.cause]++;
      if (w.prForm[e.product] === FORM_INDEX.sterile_injectable) sterile++;
      if (e.cause === C_QUALITY || e.cause === C_REGULATORY) qualityLike++;
      durations.push(e.end - e.start);
    }
  }
  let essentials = 0, essentialAffected = 0;
  for (let i = 0; i < w.nProducts; i++) if (w.prEssential[i] === 1) { essentials++; essentialAffected += essentialHit[i]; }

  out['shortage.new'] = per(newCount);
  out['shortage.active_mean'] = days > 0 ? shortageDays / days : NaN;
  out['shortage.days'] = per(shortageDays);
  out['shortage.duration_mean'] = durations.length > 0 ? durations.reduce((s, x) => s + x, 0) / durations.length : NaN;
  out['shortage.duration_median'] = median(durations);
  out['shortage.units_short'] = per(w.unitsShortW);
  out['shortage.essential_share_affected'] = essentials > 0 ? essentialAffected / essentials : NaN;
  out['shortage.sterile_share'] = newCount > 0 ? sterile / newCount : NaN;
  out['shortage.quality_share'] = newCount > 0 ? qualityLike / newCount : NaN;
  SHORTAGE_CAUSES.forEach((c, i) => { out[`shortage.cause.${c}`] = per(byCause[i]); });

  // Health-system cost: units short (per form, accrued) + shortage-days.
  const health = w.unitsShortCostW + shortageDays * p.costPerShortageDay;
  out['cost.health_system'] = per(health);
  out['cost.manufacturer_capital'] = per(w.capitalW);
  out['cost.manufacturer_operating'] = per(w.cogsW);
  out['cost.manufacturer_remediation'] = per(w.remediationW);

  // Capacity and market.
  out['adoption.capacity_share_end'] = tracker.value(0);
  out['adoption.product_share_end'] = tracker.value(1);
  out['capacity.domestic_share_end'] = tracker.value(2);
  out['market.exits'] = per(w.exitsW);
  out['market.entries'] = per(w.entriesW);

  for (const [k, v] of Object.entries(extra)) if (k in out && typeof v === 'number') out[k as MetricName] = v;

  const program = Number.isFinite(out['cost.program_outlays']) ? out['cost.program_outlays'] : 0;
  out['cost.total'] = out['cost.health_system'] + out['cost.manufacturer_capital'] + out['cost.manufacturer_operating'] + out['cost.manufacturer_remediation'] + program;
  // Present value over the window: flows discounted exactly; program outlays (yearly totals from the
  // policy ledger) discounted as a uniform flow over the window (approximation).
  const pvProgram = program * years > 0 ? program / DAYS_PER_YEAR * w.pvFactor(w.W0, w.W1) : 0;
  out['cost.total_discounted'] = w.pvW + pvDays * p.costPerShortageDay + pvProgram;
  return out;
}
