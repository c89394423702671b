/**
 * Vega-Lite specs built from a results summary (`summary.json`) — plain data in, plain JSON out.
 *
 * Every chart has a title, axes with units, a caption-ready subtitle (scenario, replications,
 * interval level), the same arm colours (reference arm first, in grey) and the shared config of
 * `theme.ts`. A chart whose data is absent from the summary is skipped, not drawn empty.
 *
 * Adding a chart: add its name to {@link CHART_NAMES}; the compiler then asks for its entry in
 * the {@link CHARTS} table.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CostEffectiveness, Summary } from '../experiment/results-format.js';
import type { ApplicationType, MetricInfo, ShortageCause } from '../model/outputs.js';
import {
  CHART_CONFIG,
  CHART_HEIGHT,
  CHART_WIDTH,
  COMPONENT_PALETTE,
  armColors,
  orderedArms,
} from './theme.js';

/** Every chart amtsim draws, in report order. */
export const CHART_NAMES = [
  'active-shortages',
  'shortage-days',
  'shortage-days-difference',
  'amt-adoption',
  'cost-breakdown',
  'cost-effectiveness',
  'shortage-causes',
  'shortage-days-distribution',
  'regulatory-timelines',
  'domestic-share',
  'tornado',
] as const;
export type ChartName = (typeof CHART_NAMES)[number];

/** One replication's value of one metric (a row of `replications.csv`). */
export interface ReplicationValue {
  arm: string;
  replication: number;
  metric: string;
  value: number;
}

/** Optional inputs beyond `summary.json`. */
export interface ChartExtras {
  /** Per-replication values; when present the distribution chart adds one tick per replication. */
  replications?: ReplicationValue[];
}

/** What the report shows about a chart. */
export interface ChartInfo {
  /** Section heading in the report. */
  heading: string;
  /** One sentence on how to read the chart. */
  caption: string;
}

type Row = Record<string, string | number | null>;
type Json = Record<string, unknown>;

interface Ctx {
  summary: Summary;
  /** Arms in chart order: reference first. */
  arms: string[];
  ref: string;
  colors: Record<string, string>;
  extras: ChartExtras;
}

interface ChartDef extends ChartInfo {
  build(ctx: Ctx): TopLevelSpec | undefined;
}

const SCHEMA_URL = 'https://vega.github.io/schema/vega-lite/v6.json';

/** 5 significant digits: enough for any chart, and keeps golden files readable. */
function num(x: number | null | undefined): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  return Number(x.toPrecision(5));
}

/** x / k rounded like {@link num}; null stays null (JSON's NaN), never 0. */
function scaled(x: number | null | undefined, k: number): number | null {
  return x === null || x === undefined ? null : num(x / k);
}

const pct = (level: number): string => `${Math.round(level * 100)} %`;

function info(s: Summary, name: string): MetricInfo {
  return s.metricInfo[name] ?? { label: name, unit: '', description: '', better: 'none' };
}

function axisTitle(i: MetricInfo, unitOverride?: string): string {
  const unit = unitOverride ?? i.unit;
  return unit ? `${i.label} (${unit})` : i.label;
}

function subtitle(ctx: Ctx, detail: string): string[] {
  const s = ctx.summary;
  return [
    `${s.scenario.title} · ${s.replications} replications · ${s.measuredYears} measured years · seed ${s.seed}`,
    detail,
  ];
}

function header(ctx: Ctx, title: string, detail: string): Json {
  return {
    $schema: SCHEMA_URL,
    title: { text: title, subtitle: subtitle(ctx, detail) },
    config: CHART_CONFIG,
  };
}

function armColor(ctx: Ctx, legend: boolean, arms: string[] = ctx.arms): Json {
  return {
    field: 'arm',
    type: 'nominal',
    title: 'Arm',
    scale: { domain: arms, range: arms.map((a) => ctx.colors[a]) },
    ...(legend ? {} : { legend: null }),
  };
}

function armAxis(ctx: Ctx, arms: string[] = ctx.arms): Json {
  return { field: 'arm', type: 'nominal', title: null, sort: arms };
}

function metricRow(ctx: Ctx, metric: string, arm: string) {
  return ctx.summary.metrics.find((m) => m.metric === metric && m.arm === arm);
}

// ---------------------------------------------------------------------------------------------
// Time series: mean line, precomputed p5–p95 band, nearest-point tooltip.

interface SeriesOpts {
  series: string;
  title: string;
  yTitle: string;
  format: string;
  detail: string;
}

function seriesChart(ctx: Ctx, o: SeriesOpts): TopLevelSpec | undefined {
  const points = ctx.summary.series.filter((p) => p.series === o.series && ctx.arms.includes(p.arm));
  if (points.length === 0) return undefined;
  const years = [...new Set(points.map((p) => p.year))].sort((a, b) => a - b);
  // Values are time-averages over [year, year + step): plot them at the bucket midpoint.
  let step = Infinity;
  for (let i = 1; i < years.length; i++) step = Math.min(step, years[i] - years[i - 1]);
  if (!Number.isFinite(step)) step = 0;
  const values: Row[] = points.map((p) => ({
    arm: p.arm,
    t: num(p.year + step / 2),
    mean: num(p.mean),
    p5: num(p.p5),
    p95: num(p.p95),
    ciLow: num(p.ciLow),
    ciHigh: num(p.ciHigh),
  }));
  const y = { field: 'mean', type: 'quantitative', title: o.yTitle, axis: { format: o.format } };
  const fmt = o.format;
  // One legend for all layers (Vega-Lite merges identical ones), drawn as solid line swatches.
  const color = { ...armColor(ctx, true), legend: { symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3, symbolSize: 250 } };
  return {
    ...header(ctx, o.title, o.detail),
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values },
    encoding: {
      x: {
        field: 't',
        type: 'quantitative',
        title: 'Years since end of warm-up',
        scale: { domain: [0, ctx.summary.measuredYears], nice: false },
        axis: { tickMinStep: 1 },
      },
    },
    layer: [
      {
        mark: { type: 'area', opacity: 0.15 },
        encoding: { y: { ...y, field: 'p5' }, y2: { field: 'p95' }, color },
      },
      { mark: { type: 'line' }, encoding: { y, color } },
      {
        params: [
          {
            name: 'hover',
            select: { type: 'point', on: 'pointerover', nearest: true, clear: 'pointerout', fields: ['t'] },
          },
        ],
        mark: { type: 'point', filled: true, size: 45 },
        encoding: {
          y,
          color,
          opacity: { condition: { param: 'hover', empty: false, value: 1 }, value: 0 },
          tooltip: [
            { field: 'arm', type: 'nominal', title: 'Arm' },
            { field: 't', type: 'quantitative', title: 'Year (bucket midpoint)', format: '.2f' },
            { field: 'mean', type: 'quantitative', title: 'Mean', format: fmt },
            { field: 'ciLow', type: 'quantitative', title: `${pct(ctx.summary.intervalLevel)} CI low`, format: fmt },
            { field: 'ciHigh', type: 'quantitative', title: `${pct(ctx.summary.intervalLevel)} CI high`, format: fmt },
            { field: 'p5', type: 'quantitative', title: 'p5', format: fmt },
            { field: 'p95', type: 'quantitative', title: 'p95', format: fmt },
          ],
        },
      },
      {
        mark: { type: 'rule', color: '#999999' },
        transform: [{ filter: { param: 'hover', empty: false } }],
        encoding: { x: { field: 't', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}

function bandDetail(ctx: Ctx, what: string): string {
  return `${what}: mean over replications; band: ${pct(ctx.summary.bandLevel)} of replications (p5–p95)`;
}

// ---------------------------------------------------------------------------------------------
// Shortage-days by arm, and the paired difference against the reference arm.

function shortageDays(ctx: Ctx): TopLevelSpec | undefined {
  const metric = 'shortage.days';
  const i = info(ctx.summary, metric);
  const values: Row[] = [];
  for (const arm of ctx.arms) {
    const m = metricRow(ctx, metric, arm);
    if (!m || num(m.mean) === null) continue;
    values.push({ arm, mean: num(m.mean), ciLow: num(m.ciLow), ciHigh: num(m.ciHigh), n: m.n });
  }
  if (values.length === 0) return undefined;
  const level = pct(ctx.summary.intervalLevel);
  return {
    ...header(ctx, 'Shortage-days per year by arm', `Bars: mean over replications; whiskers: ${level} confidence interval of the mean`),
    width: CHART_WIDTH,
    height: { step: 34 },
    data: { values },
    encoding: { y: armAxis(ctx) },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.9, cornerRadiusEnd: 1 },
        encoding: {
          x: { field: 'mean', type: 'quantitative', title: axisTitle(i), axis: { format: ',.0f' } },
          color: armColor(ctx, false),
          tooltip: [
            { field: 'arm', type: 'nominal', title: 'Arm' },
            { field: 'mean', type: 'quantitative', title: 'Mean', format: ',.0f' },
            { field: 'ciLow', type: 'quantitative', title: `${level} CI low`, format: ',.0f' },
            { field: 'ciHigh', type: 'quantitative', title: `${level} CI high`, format: ',.0f' },
            { field: 'n', type: 'quantitative', title: 'Replications' },
          ],
        },
      },
      {
        mark: { type: 'errorbar', ticks: { size: 10 }, color: '#222222' },
        encoding: { x: { field: 'ciLow', type: 'quantitative', title: axisTitle(i) }, x2: { field: 'ciHigh' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 6, color: '#222222' },
        encoding: {
          x: { field: 'ciHigh', type: 'quantitative', title: axisTitle(i) },
          text: { field: 'mean', type: 'quantitative', format: ',.0f' },
        },
      },
    ],
  } as TopLevelSpec;
}

function signedPct(x: number | null): string {
  if (x === null) return 'n/a';
  const v = (x * 100).toFixed(1);
  return x > 0 ? `+${v} %` : `${v.replace('-', '\u2212')} %`;
}

function shortageDaysDifference(ctx: Ctx): TopLevelSpec | undefined {
  const metric = 'shortage.days';
  const i = info(ctx.summary, metric);
  const arms = ctx.arms.filter((a) => a !== ctx.ref);
  const values: Row[] = [];
  for (const arm of arms) {
    const d = ctx.summary.differences.find((x) => x.metric === metric && x.arm === arm);
    if (!d || num(d.mean) === null) continue;
    values.push({
      arm,
      mean: num(d.mean),
      ciLow: num(d.ciLow),
      ciHigh: num(d.ciHigh),
      relative: num(d.relative),
      label: `${signedPct(num(d.relative))} (${signedPct(num(d.relCiLow))} to ${signedPct(num(d.relCiHigh))})`,
    });
  }
  if (values.length === 0) return undefined;
  const level = pct(ctx.summary.intervalLevel);
  return {
    ...header(
      ctx,
      `Change in shortage-days vs ${ctx.ref}`,
      `Paired difference (arm − ${ctx.ref}) over common-random-number replications, with ${level} CI; labels: relative change`,
    ),
    width: CHART_WIDTH,
    height: { step: 40 },
    data: { values },
    encoding: { y: armAxis(ctx, arms) },
    layer: [
      { mark: { type: 'rule', color: '#888888', strokeDash: [4, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      {
        mark: { type: 'errorbar', ticks: { size: 10 }, thickness: 2 },
        encoding: {
          x: { field: 'ciLow', type: 'quantitative', title: `Difference in ${i.label.toLowerCase()} (${i.unit})`, axis: { format: ',.0f' } },
          x2: { field: 'ciHigh' },
          color: armColor(ctx, false),
        },
      },
      {
        mark: { type: 'point', filled: true, size: 90, opacity: 1 },
        encoding: {
          x: { field: 'mean', type: 'quantitative' },
          color: armColor(ctx, false),
          tooltip: [
            { field: 'arm', type: 'nominal', title: 'Arm' },
            { field: 'mean', type: 'quantitative', title: 'Mean difference', format: ',.0f' },
            { field: 'ciLow', type: 'quantitative', title: `${level} CI low`, format: ',.0f' },
            { field: 'ciHigh', type: 'quantitative', title: `${level} CI high`, format: ',.0f' },
            { field: 'label', type: 'nominal', title: 'Relative change' },
          ],
        },
      },
      {
        mark: { type: 'text', baseline: 'bottom', dy: -10, color: '#222222' },
        encoding: { x: { field: 'mean', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
      },
    ],
  } as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// Costs.

/** Cost components stacked in the cost-breakdown chart (manufacturers' cost of goods is left out). */
const COST_COMPONENTS = {
  health: { metric: 'cost.health_system', label: 'Health system (shortages)' },
  capital: { metric: 'cost.manufacturer_capital', label: 'Manufacturers: capital' },
  remediation: { metric: 'cost.manufacturer_remediation', label: 'Manufacturers: remediation' },
  program: { metric: 'cost.program_outlays', label: 'Government program outlays' },
} as const;

const MILLION = 1e6;

function costBreakdown(ctx: Ctx): TopLevelSpec | undefined {
  const comps = Object.values(COST_COMPONENTS);
  const values: Row[] = [];
  for (const arm of ctx.arms) {
    comps.forEach((c, order) => {
      const m = metricRow(ctx, c.metric, arm);
      if (!m || num(m.mean) === null) return;
      values.push({
        arm,
        component: c.label,
        order,
        value: scaled(m.mean, MILLION),
        ciLow: scaled(m.ciLow, MILLION),
        ciHigh: scaled(m.ciHigh, MILLION),
      });
    });
  }
  if (values.length === 0) return undefined;
  const labels = comps.map((c) => c.label);
  const level = pct(ctx.summary.intervalLevel);
  return {
    ...header(
      ctx,
      'Annual cost by arm',
      `Means over replications, stacked (${level} CIs in tooltips); manufacturers’ operating cost (cost of goods) is not shown`,
    ),
    width: CHART_WIDTH,
    height: { step: 34 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: armAxis(ctx),
      x: { field: 'value', type: 'quantitative', stack: 'zero', title: 'Cost ($ million per year)', axis: { format: ',.0f' } },
      color: {
        field: 'component',
        type: 'nominal',
        title: 'Cost component',
        scale: { domain: labels, range: COMPONENT_PALETTE.slice(0, labels.length) },
        legend: { orient: 'bottom', columns: 2 },
      },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'arm', type: 'nominal', title: 'Arm' },
        { field: 'component', type: 'nominal', title: 'Component' },
        { field: 'value', type: 'quantitative', title: 'Mean ($M per year)', format: ',.1f' },
        { field: 'ciLow', type: 'quantitative', title: `${level} CI low ($M)`, format: ',.1f' },
        { field: 'ciHigh', type: 'quantitative', title: `${level} CI high ($M)`, format: ',.1f' },
      ],
    },
  } as TopLevelSpec;
}

function ceRow(ce: CostEffectiveness): Row {
  return {
    arm: ce.arm,
    cost: scaled(ce.programCost, MILLION),
    costLow: scaled(ce.programCostCiLow, MILLION),
    costHigh: scaled(ce.programCostCiHigh, MILLION),
    averted: num(ce.shortageDaysAverted),
    avertedLow: num(ce.shortageDaysAvertedCiLow),
    avertedHigh: num(ce.shortageDaysAvertedCiHigh),
    perDay: num(ce.perShortageDay),
    perDayLow: num(ce.perShortageDayCiLow),
    perDayHigh: num(ce.perShortageDayCiHigh),
  };
}

function costEffectiveness(ctx: Ctx): TopLevelSpec | undefined {
  const values = ctx.summary.costEffectiveness
    .filter((ce) => ce.arm !== ctx.ref && ctx.arms.includes(ce.arm))
    .map(ceRow)
    .filter((r) => r.cost !== null && r.averted !== null);
  if (values.length === 0) return undefined;
  const arms = ctx.arms.filter((a) => values.some((r) => r.arm === a));
  const level = pct(ctx.summary.intervalLevel);
  const xTitle = `Shortage-days averted vs ${ctx.ref} (product-days per year)`;
  const yTitle = `Program cost vs ${ctx.ref} ($ million per year)`;
  const x = { field: 'averted', type: 'quantitative', title: xTitle, axis: { format: ',.0f' } };
  const y = { field: 'cost', type: 'quantitative', title: yTitle, axis: { format: ',.0f' } };
  return {
    ...header(
      ctx,
      'Cost-effectiveness of each policy arm',
      `Paired differences vs ${ctx.ref} with ${level} CIs; slope of the line from the origin = program $ per shortage-day averted`,
    ),
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values },
    layer: [
      { mark: { type: 'rule', color: '#bbbbbb' }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      { mark: { type: 'rule', color: '#bbbbbb' }, encoding: { y: { datum: 0, type: 'quantitative' } } },
      {
        mark: { type: 'errorbar', ticks: { size: 8 } },
        encoding: { x, y: { field: 'costLow', type: 'quantitative', title: yTitle }, y2: { field: 'costHigh' }, color: armColor(ctx, true, arms) },
      },
      {
        mark: { type: 'errorbar', ticks: { size: 8 } },
        encoding: { y, x: { field: 'avertedLow', type: 'quantitative', title: xTitle }, x2: { field: 'avertedHigh' }, color: armColor(ctx, true, arms) },
      },
      {
        // A legend rather than text labels: arms with small effects sit on top of each other near the origin.
        mark: { type: 'point', filled: true, size: 100, opacity: 1 },
        encoding: {
          x,
          y,
          color: armColor(ctx, true, arms),
          tooltip: [
            { field: 'arm', type: 'nominal', title: 'Arm' },
            { field: 'cost', type: 'quantitative', title: 'Program cost ($M per year)', format: ',.1f' },
            { field: 'averted', type: 'quantitative', title: 'Shortage-days averted per year', format: ',.0f' },
            { field: 'perDay', type: 'quantitative', title: '$ per shortage-day averted', format: '$,.0f' },
            { field: 'perDayLow', type: 'quantitative', title: `${level} CI low ($)`, format: '$,.0f' },
            { field: 'perDayHigh', type: 'quantitative', title: `${level} CI high ($)`, format: '$,.0f' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// Shortages by cause.

/** Display names of shortage causes (a Record, so a new cause fails to compile until named). */
const CAUSE_LABELS: Record<ShortageCause, string> = {
  quality: 'Quality failure',
  regulatory: 'Regulatory action',
  shock: 'Geopolitical or natural shock',
  api: 'API supply',
  demand: 'Demand surge',
  exit: 'Market exit',
};

function shortageCauses(ctx: Ctx): TopLevelSpec | undefined {
  const causes = Object.keys(CAUSE_LABELS) as ShortageCause[];
  const values: Row[] = [];
  for (const cause of causes) {
    for (const arm of ctx.arms) {
      const m = metricRow(ctx, `shortage.cause.${cause}`, arm);
      if (!m || num(m.mean) === null) continue;
      values.push({ arm, cause: CAUSE_LABELS[cause], mean: num(m.mean), ciLow: num(m.ciLow), ciHigh: num(m.ciHigh) });
    }
  }
  if (values.length === 0) return undefined;
  const level = pct(ctx.summary.intervalLevel);
  const y = { field: 'cause', type: 'nominal', title: null, sort: causes.map((c) => CAUSE_LABELS[c]) };
  const yOffset = { field: 'arm', type: 'nominal', sort: ctx.arms };
  return {
    ...header(ctx, 'New shortages by cause', `Bars: mean new shortages per year over replications; whiskers: ${level} CI`),
    width: CHART_WIDTH,
    // With yOffset, the step is the height of one arm's bar.
    height: { step: 13 },
    data: { values },
    encoding: { y, yOffset },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'mean', type: 'quantitative', title: 'New shortages (per year)', axis: { format: ',.0f' } },
          color: armColor(ctx, true),
          tooltip: [
            { field: 'cause', type: 'nominal', title: 'Cause' },
            { field: 'arm', type: 'nominal', title: 'Arm' },
            { field: 'mean', type: 'quantitative', title: 'Mean per year', format: ',.1f' },
            { field: 'ciLow', type: 'quantitative', title: `${level} CI low`, format: ',.1f' },
            { field: 'ciHigh', type: 'quantitative', title: `${level} CI high`, format: ',.1f' },
          ],
        },
      },
      {
        mark: { type: 'rule', color: '#222222' },
        encoding: { x: { field: 'ciLow', type: 'quantitative' }, x2: { field: 'ciHigh' } },
      },
    ],
  } as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// Distribution of shortage-days across replications.

function distribution(ctx: Ctx): TopLevelSpec | undefined {
  const metric = 'shortage.days';
  const i = info(ctx.summary, metric);
  const values: Row[] = [];
  for (const arm of ctx.arms) {
    const m = metricRow(ctx, metric, arm);
    if (!m || num(m.p50) === null) continue;
    values.push({ arm, min: num(m.min), p5: num(m.p5), p50: num(m.p50), p95: num(m.p95), max: num(m.max), mean: num(m.mean), n: m.n });
  }
  if (values.length === 0) return undefined;
  const reps = (ctx.extras.replications ?? [])
    .filter((r) => r.metric === metric && ctx.arms.includes(r.arm) && Number.isFinite(r.value))
    .map((r) => ({ arm: r.arm, replication: r.replication, value: num(r.value) }));
  const x = { field: 'p50', type: 'quantitative', title: axisTitle(i), scale: { zero: false }, axis: { format: ',.0f' } };
  const layers: Json[] = [
    { mark: { type: 'rule', color: '#666666' }, encoding: { x: { ...x, field: 'min' }, x2: { field: 'max' } } },
    {
      mark: { type: 'bar', opacity: 0.35, size: 18 },
      encoding: { x: { ...x, field: 'p5' }, x2: { field: 'p95' }, color: armColor(ctx, false) },
    },
  ];
  if (reps.length > 0) {
    layers.push({
      data: { values: reps },
      mark: { type: 'tick', thickness: 1, size: 18, opacity: 0.55 },
      encoding: {
        x: { field: 'value', type: 'quantitative' },
        color: armColor(ctx, false),
        tooltip: [
          { field: 'arm', type: 'nominal', title: 'Arm' },
          { field: 'replication', type: 'quantitative', title: 'Replication' },
          { field: 'value', type: 'quantitative', title: 'Shortage-days per year', format: ',.0f' },
        ],
      },
    });
  }
  layers.push(
    { mark: { type: 'tick', color: '#111111', thickness: 2.5, size: 22 }, encoding: { x } },
    {
      mark: { type: 'point', shape: 'diamond', filled: true, color: '#111111', size: 50 },
      encoding: {
        x: { ...x, field: 'mean' },
        tooltip: [
          { field: 'arm', type: 'nominal', title: 'Arm' },
          { field: 'mean', type: 'quantitative', title: 'Mean', format: ',.0f' },
          { field: 'p50', type: 'quantitative', title: 'Median', format: ',.0f' },
          { field: 'p5', type: 'quantitative', title: 'p5', format: ',.0f' },
          { field: 'p95', type: 'quantitative', title: 'p95', format: ',.0f' },
          { field: 'min', type: 'quantitative', title: 'Min', format: ',.0f' },
          { field: 'max', type: 'quantitative', title: 'Max', format: ',.0f' },
          { field: 'n', type: 'quantitative', title: 'Replications' },
        ],
      },
    },
  );
  const detail = `Line: min–max; box: p5–p95 (${pct(ctx.summary.bandLevel)} of replications); black bar: median; diamond: mean` +
    (reps.length > 0 ? '; thin ticks: single replications' : '');
  return {
    ...header(ctx, 'Shortage-days per year across replications', detail),
    width: CHART_WIDTH,
    height: { step: 36 },
    data: { values },
    encoding: { y: armAxis(ctx) },
    layer: layers,
  } as unknown as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// Regulatory timelines.

/** Display names of application types (a Record, so a new type fails to compile until named). */
const APPLICATION_LABELS: Record<ApplicationType, string> = {
  anda: 'ANDA',
  pas: 'Prior approval supplement',
  cbe30: 'CBE-30 supplement',
  designation: 'AMT designation request',
  reinspection: 'Re-inspection',
};

const GROUP_LABELS = { amt: 'Applications referencing an AMT', other: 'Other applications' } as const;

function regulatoryTimelines(ctx: Ctx): TopLevelSpec | undefined {
  const types = Object.keys(APPLICATION_LABELS) as ApplicationType[];
  const groups = Object.keys(GROUP_LABELS) as (keyof typeof GROUP_LABELS)[];
  const values: Row[] = [];
  for (const type of types) {
    const goal = num(ctx.summary.goalDates[type]);
    for (const group of groups) {
      for (const arm of ctx.arms) {
        const m = metricRow(ctx, `reg.${type}.${group}.days_mean`, arm);
        if (!m || num(m.mean) === null) continue;
        const onTime = metricRow(ctx, `reg.${type}.${group}.on_time`, arm);
        values.push({
          arm,
          type: APPLICATION_LABELS[type],
          group: GROUP_LABELS[group],
          days: num(m.mean),
          ciLow: num(m.ciLow),
          ciHigh: num(m.ciHigh),
          goal,
          onTime: num(onTime?.mean),
        });
      }
    }
  }
  if (values.length === 0) return undefined;
  const level = pct(ctx.summary.intervalLevel);
  const typeOrder = types.map((t) => APPLICATION_LABELS[t]).filter((t) => values.some((r) => r.type === t));
  const y = { field: 'type', type: 'nominal', title: null, sort: typeOrder };
  const yOffset = { field: 'arm', type: 'nominal', sort: ctx.arms };
  // Goal ticks only where the results carry goal dates (an empty goal scale would warn).
  const hasGoals = values.some((r) => r.goal !== null);
  const goalLayer = {
    transform: [{ filter: 'isValid(datum.goal)' }],
    mark: { type: 'tick', color: '#000000', thickness: 2.5 },
    encoding: { y, yOffset, x: { field: 'goal', type: 'quantitative', title: 'Days from submission to action' } },
  };
  return {
    ...header(
      ctx,
      'Regulatory timelines: days from submission to FDA action',
      `Bars: mean days to action with ${level} CI;${hasGoals ? ' black tick: goal date;' : ''} missing bar: no such actions in that arm`,
    ),
    data: { values },
    facet: { column: { field: 'group', type: 'nominal', title: null, sort: groups.map((g) => GROUP_LABELS[g]) } },
    spec: {
      width: 300,
      height: { step: 12 },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y,
            yOffset,
            x: { field: 'days', type: 'quantitative', title: 'Days from submission to action' },
            color: armColor(ctx, true),
            tooltip: [
              { field: 'type', type: 'nominal', title: 'Application' },
              { field: 'group', type: 'nominal', title: 'Group' },
              { field: 'arm', type: 'nominal', title: 'Arm' },
              { field: 'days', type: 'quantitative', title: 'Mean days to action', format: ',.0f' },
              { field: 'ciLow', type: 'quantitative', title: `${level} CI low`, format: ',.0f' },
              { field: 'ciHigh', type: 'quantitative', title: `${level} CI high`, format: ',.0f' },
              ...(hasGoals ? [{ field: 'goal', type: 'quantitative', title: 'Goal (days)' }] : []),
              { field: 'onTime', type: 'quantitative', title: 'Share on time', format: '.0%' },
            ],
          },
        },
        {
          mark: { type: 'rule', color: '#222222' },
          encoding: { y, yOffset, x: { field: 'ciLow', type: 'quantitative', title: 'Days from submission to action' }, x2: { field: 'ciHigh' } },
        },
        ...(hasGoals ? [goalLayer] : []),
      ],
    },
    resolve: { scale: { x: 'shared' } },
  } as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// Tornado.

function tornado(ctx: Ctx): TopLevelSpec | undefined {
  const rows = ctx.summary.tornado ?? [];
  if (rows.length === 0) return undefined;
  // One metric per chart: shortage-days when present, else the first metric listed.
  const metric = rows.some((r) => r.metric === 'shortage.days') ? 'shortage.days' : rows[0].metric;
  const mine = rows.filter((r) => r.metric === metric && num(r.low) !== null && num(r.high) !== null);
  if (mine.length === 0) return undefined;
  const order = [...mine].sort((a, b) => Math.abs(b.high - b.low) - Math.abs(a.high - a.low)).map((r) => r.label);
  const base = num(mine[0].base);
  const values: Row[] = [];
  for (const r of mine) {
    values.push({ label: r.label, parameter: r.parameter, setting: 'Low value', value: num(r.low), base: num(r.base), input: String(r.lowValue) });
    values.push({ label: r.label, parameter: r.parameter, setting: 'High value', value: num(r.high), base: num(r.base), input: String(r.highValue) });
  }
  const i = info(ctx.summary, metric);
  const y = { field: 'label', type: 'nominal', title: null, sort: order, axis: { labelLimit: 320 } };
  const others = rows.length > mine.length ? ` (${metric} only; other metrics in summary.json)` : '';
  return {
    ...header(
      ctx,
      `Sensitivity of ${i.label.toLowerCase()} to uncertain parameters`,
      `One parameter at a time at its low or high value, the rest at base (base = ${base?.toLocaleString('en-US') ?? 'n/a'})${others}`,
    ),
    width: CHART_WIDTH,
    height: { step: 30 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.9 },
        encoding: {
          y,
          x: { field: 'value', type: 'quantitative', title: axisTitle(i), scale: { zero: false, padding: 48 }, axis: { format: ',.0f' } },
          x2: { field: 'base' },
          color: {
            field: 'setting',
            type: 'nominal',
            title: 'Parameter at',
            scale: { domain: ['Low value', 'High value'], range: [COMPONENT_PALETTE[1], COMPONENT_PALETTE[0]] },
          },
          tooltip: [
            { field: 'label', type: 'nominal', title: 'Parameter' },
            { field: 'parameter', type: 'nominal', title: 'Path' },
            { field: 'setting', type: 'nominal', title: 'Setting' },
            { field: 'input', type: 'nominal', title: 'Parameter value' },
            { field: 'value', type: 'quantitative', title: i.label, format: ',.0f' },
          ],
        },
      },
      // The parameter's value beside each bar end, outside the bar.
      {
        transform: [{ filter: 'datum.value < datum.base' }],
        mark: { type: 'text', fontSize: 11, color: '#333333', align: 'right', dx: -4 },
        encoding: { y, x: { field: 'value', type: 'quantitative' }, text: { field: 'input', type: 'nominal' } },
      },
      {
        transform: [{ filter: 'datum.value >= datum.base' }],
        mark: { type: 'text', fontSize: 11, color: '#333333', align: 'left', dx: 4 },
        encoding: { y, x: { field: 'value', type: 'quantitative' }, text: { field: 'input', type: 'nominal' } },
      },
      { mark: { type: 'rule', color: '#111111' }, encoding: { x: { datum: base, type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// The table of charts.

export const CHARTS: Record<ChartName, ChartDef> = {
  'active-shortages': {
    heading: 'Active shortages over time',
    caption: 'How many products are in shortage at each point in time, per arm; the shaded band holds 90 % of replications.',
    build: (ctx) =>
      seriesChart(ctx, {
        series: 'active_shortages',
        title: 'Active drug shortages over time',
        yTitle: 'Products in shortage (count)',
        format: ',.0f',
        detail: bandDetail(ctx, 'Line'),
      }),
  },
  'shortage-days': {
    heading: 'Shortage-days by arm',
    caption: 'Product-days in shortage per year in each arm, with the confidence interval of the mean.',
    build: shortageDays,
  },
  'shortage-days-difference': {
    heading: 'Change in shortage-days against the reference arm',
    caption: 'The paired difference from the reference arm: intervals that exclude zero are effects the replications resolve.',
    build: shortageDaysDifference,
  },
  'amt-adoption': {
    heading: 'AMT adoption',
    caption: 'Share of production-line capacity running on advanced manufacturing technologies over time.',
    build: (ctx) =>
      seriesChart(ctx, {
        series: 'amt_capacity_share',
        title: 'AMT adoption: share of capacity on advanced manufacturing',
        yTitle: 'AMT share of line capacity (%)',
        format: '.0%',
        detail: bandDetail(ctx, 'Line'),
      }),
  },
  'cost-breakdown': {
    heading: 'Cost breakdown',
    caption: 'Annual costs to the health system, manufacturers and government programs in each arm.',
    build: costBreakdown,
  },
  'cost-effectiveness': {
    heading: 'Cost-effectiveness',
    caption: 'Program dollars spent against shortage-days averted relative to the reference arm; steeper means costlier per day averted.',
    build: costEffectiveness,
  },
  'shortage-causes': {
    heading: 'Shortages by cause',
    caption: 'New shortages per year by recorded cause in each arm.',
    build: shortageCauses,
  },
  'shortage-days-distribution': {
    heading: 'Distribution across replications',
    caption: 'How much shortage-days vary from one replication to the next in each arm.',
    build: distribution,
  },
  'regulatory-timelines': {
    heading: 'Regulatory timelines',
    caption: 'Mean days from submission to FDA action by application type, AMT versus other applications, against goal dates.',
    build: regulatoryTimelines,
  },
  'domestic-share': {
    heading: 'Domestic versus foreign capacity',
    caption: 'Share of finished-dose capacity located in the United States; the remainder is foreign.',
    build: (ctx) =>
      seriesChart(ctx, {
        series: 'domestic_capacity_share',
        title: 'Domestic share of finished-dose capacity (foreign = remainder)',
        yTitle: 'U.S. share of capacity (%)',
        format: '.0%',
        detail: bandDetail(ctx, 'Line'),
      }),
  },
  tornado: {
    heading: 'Sensitivity (tornado)',
    caption: 'Which uncertain parameters move the result most when set to their low and high values one at a time.',
    build: tornado,
  },
};

/**
 * Build every chart the summary has data for.
 *
 * @param summary the parsed `summary.json` of a results directory.
 * @param extras optional per-replication values (from `replications.csv`).
 * @returns specs keyed by chart name, in {@link CHART_NAMES} order; charts without data are absent.
 * @example
 * const specs = buildChartSpecs(JSON.parse(readFileSync('results/x/summary.json', 'utf8')));
 * Object.keys(specs) // => ['active-shortages', 'shortage-days', ...]
 */
export function buildChartSpecs(summary: Summary, extras: ChartExtras = {}): Partial<Record<ChartName, TopLevelSpec>> {
  const ref = summary.arms.includes(summary.referenceArm) ? summary.referenceArm : summary.arms[0];
  const arms = orderedArms(summary.arms, ref);
  const ctx: Ctx = { summary, arms, ref, colors: armColors(summary.arms, ref), extras };
  const out: Partial<Record<ChartName, TopLevelSpec>> = {};
  for (const name of CHART_NAMES) {
    const spec = CHARTS[name].build(ctx);
    if (spec) out[name] = spec;
  }
  return out;
}
