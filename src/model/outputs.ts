/**
 * What one replication of the world model reports: the contract between the model (which fills it),
 * the experiment runner (which reduces it over replications) and the charts (which draw summaries).
 *
 * Conventions
 * - Flows (counts, days, units, dollars) are **per simulated year over the measured window**
 *   (horizon minus warm-up), so arms and scenarios of different lengths compare directly.
 * - A metric that is undefined in a replication (e.g. mean shortage duration when no shortage
 *   occurred) is `NaN`; reducers skip NaN and report how many replications had a value.
 * - Time series are sampled on a regular grid that starts at the end of the warm-up: value `i` is the
 *   time-average over `[start + i*step, start + (i+1)*step)`.
 */

/** Shortage causes (MODEL.md §4.5). Adding one fails to compile until every table handles it. */
export const SHORTAGE_CAUSES = ['quality', 'regulatory', 'shock', 'api', 'demand', 'exit'] as const;
export type ShortageCause = (typeof SHORTAGE_CAUSES)[number];

/** Regulatory application types (MODEL.md §3, Regulator). */
export const APPLICATION_TYPES = ['anda', 'pas', 'cbe30', 'designation', 'reinspection'] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

/** Dosage forms. */
export const DOSAGE_FORMS = ['sterile_injectable', 'oral_solid', 'other'] as const;
export type DosageForm = (typeof DOSAGE_FORMS)[number];

/** Policy programs with outlays (MODEL.md §6). */
export const PROGRAMS = ['grants', 'expedited_review', 'cbe30', 'payer_premium', 'coe'] as const;
export type Program = (typeof PROGRAMS)[number];

export type Better = 'lower' | 'higher' | 'none';

export interface MetricInfo {
  /** Short label for tables and chart axes. */
  label: string;
  /** Unit, e.g. "per year", "days", "$ per year", "share". */
  unit: string;
  description: string;
  /** Which direction is good for the health system; 'none' for descriptive metrics. */
  better: Better;
  /** Shown in the stdout summary table and the Markdown summary. */
  headline?: boolean;
}

const causeMetrics = Object.fromEntries(
  SHORTAGE_CAUSES.map((c) => [
    `shortage.cause.${c}`,
    { label: `New shortages caused by ${c}`, unit: 'per year', description: `New shortages per year whose recorded cause is "${c}".`, better: 'lower' },
  ]),
) as Record<`shortage.cause.${ShortageCause}`, MetricInfo>;

const programMetrics = Object.fromEntries(
  PROGRAMS.map((p) => [
    `cost.program.${p}`,
    { label: `Outlays: ${p}`, unit: '$ per year', description: `Government outlays of the ${p} program per year.`, better: 'none' },
  ]),
) as Record<`cost.program.${Program}`, MetricInfo>;

const regMetrics: Record<string, MetricInfo> = {};
for (const t of APPLICATION_TYPES) {
  for (const g of ['amt', 'other'] as const) {
    regMetrics[`reg.${t}.${g}.days_mean`] = {
      label: `${t.toUpperCase()} (${g === 'amt' ? 'AMT' : 'other'}): days to action`,
      unit: 'days',
      description: `Mean time from submission to FDA action for ${t} applications ${g === 'amt' ? 'referencing an AMT' : 'not referencing an AMT'}, over actions in the measured window.`,
      better: 'lower',
    };
    regMetrics[`reg.${t}.${g}.on_time`] = {
      label: `${t.toUpperCase()} (${g === 'amt' ? 'AMT' : 'other'}): share on time`,
      unit: 'share',
      description: `Share of ${t} actions (${g}) taken by their goal date.`,
      better: 'higher',
    };
    regMetrics[`reg.${t}.${g}.count`] = {
      label: `${t.toUpperCase()} (${g === 'amt' ? 'AMT' : 'other'}): actions`,
      unit: 'per year',
      description: `Actions per year on ${t} applications (${g}).`,
      better: 'none',
    };
  }
}

/** Every fixed metric a replication reports. Keys are the metric names used on disk. */
export const METRICS = {
  'shortage.new': { label: 'New shortages', unit: 'per year', description: 'Shortage episodes starting per year.', better: 'lower', headline: true },
  'shortage.active_mean': { label: 'Active shortages', unit: 'count', description: 'Time-average number of products in shortage.', better: 'lower', headline: true },
  'shortage.days': { label: 'Shortage-days', unit: 'product-days per year', description: 'Product-days in shortage per year.', better: 'lower', headline: true },
  'shortage.duration_mean': { label: 'Mean shortage duration', unit: 'days', description: 'Mean duration of shortage episodes that ended in the window (ongoing episodes censored at the horizon are included at their censored length).', better: 'lower' },
  'shortage.duration_median': { label: 'Median shortage duration', unit: 'days', description: 'Median duration of shortage episodes (censored at the horizon).', better: 'lower' },
  'shortage.units_short': { label: 'Units short', unit: 'units per year', description: 'Demand not met per year.', better: 'lower', headline: true },
  'shortage.essential_share_affected': { label: 'Essential products affected', unit: 'share', description: 'Share of essential products with at least one shortage in the window.', better: 'lower' },
  'shortage.sterile_share': { label: 'Sterile-injectable share of new shortages', unit: 'share', description: 'Share of new shortages that are sterile injectables.', better: 'none' },
  'shortage.quality_share': { label: 'Quality share of new shortages', unit: 'share', description: 'Share of new shortages caused by quality failures or regulatory action.', better: 'none' },
  ...causeMetrics,
  'cost.health_system': { label: 'Health-system shortage cost', unit: '$ per year', description: 'Shortage costs to the health system (per unit short and per shortage-day).', better: 'lower', headline: true },
  'cost.manufacturer_capital': { label: 'Manufacturer capital', unit: '$ per year', description: 'Capital spent by manufacturers (net of grants).', better: 'none' },
  'cost.manufacturer_operating': { label: 'Manufacturer operating cost', unit: '$ per year', description: 'Cost of goods produced.', better: 'none' },
  'cost.manufacturer_remediation': { label: 'Manufacturer remediation', unit: '$ per year', description: 'Remediation costs after failures and regulatory action.', better: 'lower' },
  'cost.program_outlays': { label: 'Program outlays', unit: '$ per year', description: 'Government outlays of all incentive programs.', better: 'none', headline: true },
  ...programMetrics,
  'cost.total': { label: 'Total cost', unit: '$ per year', description: 'Health-system + manufacturer + program costs per year.', better: 'lower' },
  'cost.total_discounted': { label: 'Total cost (discounted)', unit: '$ (present value)', description: 'Present value of all costs over the measured window.', better: 'lower' },
  'adoption.capacity_share_end': { label: 'AMT share of capacity (end)', unit: 'share', description: 'Share of line capacity on AMT at the horizon.', better: 'higher', headline: true },
  'adoption.product_share_end': { label: 'Products made with AMT (end)', unit: 'share', description: 'Share of products with at least one AMT line at the horizon.', better: 'higher' },
  'adoption.conversions': { label: 'AMT conversions', unit: 'per year', description: 'Line conversions to AMT completed per year.', better: 'none' },
  'adoption.designations': { label: 'AMT designations', unit: 'per year', description: 'AMT designations granted per year.', better: 'none' },
  'adoption.amt_approvals': { label: 'Approvals using AMT', unit: 'per year', description: 'Applications referencing an AMT approved per year.', better: 'none' },
  'adoption.tech_transfers': { label: 'Technology transfers', unit: 'per year', description: 'Center-of-Excellence technology transfers per year.', better: 'none' },
  'capacity.domestic_share_end': { label: 'Domestic share of capacity (end)', unit: 'share', description: 'Share of finished-dose capacity located in the U.S. at the horizon.', better: 'higher' },
  'market.exits': { label: 'Market exits', unit: 'per year', description: 'Supplier exits from products per year.', better: 'lower' },
  'market.entries': { label: 'Market entries', unit: 'per year', description: 'New suppliers entering products per year.', better: 'none' },
  ...regMetrics,
} satisfies Record<string, MetricInfo>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** Fixed time series (each may also appear with a breakdown suffix, see {@link SERIES}). */
export const SERIES = {
  active_shortages: { label: 'Active shortages', unit: 'count', description: 'Products in shortage.', better: 'lower' },
  amt_capacity_share: { label: 'AMT share of capacity', unit: 'share', description: 'Share of line capacity on AMT; breakdowns `amt_capacity_share.form.<form>` and `amt_capacity_share.region.<region>` are also reported.', better: 'higher' },
  amt_product_share: { label: 'Products made with AMT', unit: 'share', description: 'Share of products with at least one AMT line.', better: 'higher' },
  domestic_capacity_share: { label: 'Domestic share of capacity', unit: 'share', description: 'Share of finished-dose capacity in the U.S.', better: 'higher' },
} satisfies Record<string, MetricInfo>;
export type SeriesName = keyof typeof SERIES;

/** The regular time grid of a replication's series. */
export interface SeriesGrid {
  /** Start of the first bucket, days since simulation start (the end of warm-up). */
  start: number;
  /** Bucket width in days. */
  step: number;
  /** Number of buckets. */
  count: number;
}

/** What one replication of one arm returns. */
export interface ReplicationOutput {
  /** Every name in {@link METRICS}; NaN when undefined in this replication. */
  metrics: Record<MetricName, number>;
  /** Fixed series plus breakdowns (e.g. `amt_capacity_share.form.oral_solid`), each of length `grid.count`. */
  series: Record<string, Float64Array>;
  grid: SeriesGrid;
  /** Events the kernel processed (for benchmarks). */
  events: number;
}

/** Metadata of any metric or series name, including breakdown suffixes. */
export function describe(name: string): MetricInfo | undefined {
  const m = (METRICS as Record<string, MetricInfo>)[name];
  if (m) return m;
  const base = name.split('.')[0];
  const s = (SERIES as Record<string, MetricInfo>)[name] ?? (SERIES as Record<string, MetricInfo>)[base];
  if (s && name !== base) {
    const rest = name.slice(base.length + 1).replace('.', ': ');
    return { ...s, label: `${s.label} (${rest})` };
  }
  return s;
}

/** Run settings a replication needs (resolved from the scenario's `run:` section). */
export interface RunSettings {
  /** Master seed; stream seeds derive from (seed, replication, stream name). */
  seed: number | string;
  /** Simulated days in total, warm-up included. */
  horizonDays: number;
  /** Days discarded before statistics start. */
  warmupDays: number;
  /** Width of a time-series bucket in days. */
  seriesStepDays: number;
}
