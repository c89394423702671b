/**
 * Calibration targets of the national baseline: the historical record of U.S. generic-drug shortages
 * (calibration.md §9) expressed as bands on the model's replication metrics.
 *
 * Definition chosen: the ASHP / University of Utah Drug Information Service (UUDIS) series. ASHP counts
 * a shortage when "a supply issue affects how the pharmacy prepares or dispenses a drug product", which
 * the model represents as a product whose downstream (wholesaler + hospital) inventory is exhausted while
 * supply is below demand (MODEL.md §4.5). The ASHP universe is every marketed product a pharmacy can run
 * short of; the baseline's product universe is the part of it made by generic manufacturers (see
 * docs/calibration.md, "Shortage definition"). FDA-definition counts (49–55 new per year) are NOT mixed in.
 *
 * A target is **met** when the model's mean over replications lies inside `[low, high]`. The 95 %
 * interval of the mean is printed beside it so a reader can see whether the verdict is robust.
 */
import { DAYS_PER_YEAR } from '../../scenario/units.js';

/** A published source backing a target: the calibration.md row and its address. */
export interface TargetSource {
  /** calibration.md section and row, e.g. "§1a New shortages per year (ASHP/UUDIS), specific years". */
  row: string;
  url: string;
}

/** One calibration target. */
export interface CalibrationTarget {
  /** Stable id, used in tests and docs. */
  id: string;
  /** Short label for the table. */
  label: string;
  /** Where the target comes from: an item of calibration.md §9 (e.g. "§9.1") or another section. */
  ref: string;
  /**
   * The replication metric compared: a key of METRICS (src/model/outputs.ts) or of DERIVED_METRICS
   * (derived.ts, computed from a replication's episodes). A metric that is neither makes the target
   * "not evaluated" rather than failing silently.
   */
  metric: string;
  /** Factor applied to the model metric to express it in the target's unit (e.g. days → years). */
  scale: number;
  /** Unit of `value`, `low`, `high`. */
  unit: string;
  /** Central historical value. */
  value: number;
  /** Tolerance band: the model mean must lie in [low, high]. */
  low: number;
  high: number;
  /** How the historical figure was turned into this band (quotes, arithmetic, choices). */
  derivation: string;
  /** How the model metric maps onto the historical statistic. */
  mapping: string;
  sources: TargetSource[];
  /** Whether the baseline claims to meet this target. */
  claimed: boolean;
  /** Why the target is not claimed (required when `claimed` is false). */
  reason?: string;
}

const ASHP_NEW: TargetSource[] = [
  { row: '§1a New shortages per year (ASHP/UUDIS), specific years', url: 'https://www.beckershospitalreview.com/pharmacy/new-drug-shortages-rose-27-in-2018.html' },
  { row: '§1a New shortages per year (ASHP/UUDIS), specific years (2012: 204)', url: 'https://www.medscape.com/viewarticle/780328_2' },
  { row: '§1a New shortages per year (ASHP/UUDIS), range 58–267', url: 'https://beckershospitalreview.com/pharmacy/25-numbers-on-drug-shortages.html' },
];

const ASHP_ACTIVE: TargetSource[] = [
  { row: '§1a Active shortages trajectory 2014-2024 (ASHP)', url: 'https://www.beckershospitalreview.com/pharmacy/drug-shortages-hit-23-year-high-ashp.html' },
  { row: '§1a Active shortages, record (ASHP)', url: 'https://www.aha.org/news/headline/2024-04-12-ashp-reports-record-high-number-drug-shortages' },
  { row: '§1a Active shortages, other points (ASHP)', url: 'https://ashp.org/drug-shortages/shortage-resources/drug-shortages-statistics' },
];

/**
 * Every baseline target of calibration.md §9. Items 6–8 (market concentration, geography, quality-event
 * rates) are *inputs* of the baseline (its archetypes are built from them, see docs/calibration.md) and
 * are checked on the generated world, not on shortage outputs; item 10 (shock benchmarks) is exercised by
 * the shock scenarios, not by the baseline.
 */
export const TARGETS: readonly CalibrationTarget[] = [
  {
    id: 'new-shortages',
    label: 'New shortages per year',
    ref: '§9.1',
    metric: 'shortage.new',
    scale: 1,
    unit: 'per year',
    value: 158,
    low: 110,
    high: 190,
    derivation:
      'D: mean of the six verified ASHP/UUDIS counts 2012–2022 (204, 136, 146, 186, 114, 160) = 158/yr; band 110–190 as calibration.md §9.1 states for a 2013–2023 baseline.',
    mapping: 'Shortage episodes (inventory exhausted while supply < demand) starting per simulated year after warm-up, all products of the baseline universe.',
    sources: ASHP_NEW,
    claimed: true,
  },
  {
    id: 'active-shortages',
    label: 'Active shortages (time average)',
    ref: '§9.2',
    metric: 'shortage.active_mean',
    scale: 1,
    unit: 'count',
    value: 265,
    low: 190,
    high: 323,
    derivation:
      'ASHP active counts 2012–2024 range from 190 (fall 2015, low) to 323 (Q1 2024, record); about 275 mid-2019 to 2021. Central value 265 ≈ mean of the cited points (299, 301, 190, 275, 220, 309, 323, 277, 271).',
    mapping: 'Time-average number of products in shortage over the measured window.',
    sources: ASHP_ACTIVE,
    claimed: true,
  },
  {
    id: 'duration-mean',
    label: 'Mean shortage duration',
    ref: '§9.3',
    metric: 'shortage.duration_mean',
    scale: 1 / DAYS_PER_YEAR,
    unit: 'years',
    value: 1.68,
    low: 1.0,
    high: 2.5,
    derivation:
      "D (Little's law, stock = inflow × mean duration): 265 active / 158 new per year = 1.68 years. Band 1.0–2.5 years spans the ratios of the low/high stock and inflow points (190/190 to 323/130). The 2001–2011 UUDIS mean of 286 days (GAO-12-116) belongs to an era of shorter shortages and is not used.",
    mapping: 'Mean duration of episodes in the window (episodes still open at the horizon counted at their censored length), converted from days to years.',
    sources: [
      ...ASHP_NEW.slice(0, 1),
      ...ASHP_ACTIVE.slice(0, 1),
      { row: '§1b Mean shortage duration (UUDIS, 2001-mid 2011) — not used, earlier era', url: 'https://www.gao.gov/products/gao-12-116' },
    ],
    claimed: true,
  },
  {
    id: 'duration-median',
    label: 'Median shortage duration',
    ref: '§9.3',
    metric: 'shortage.duration_median',
    scale: 1 / DAYS_PER_YEAR,
    unit: 'years',
    value: 1.0,
    low: 0.4,
    high: 1.8,
    derivation:
      'No ASHP median is published. The ASPE 2018–2023 product-level (FDA-definition) medians are 1.6 yr (oral) and 4.6 yr (injectable) but count NDC-level listings that stay open long after supply recovers. Assumption: a right-skewed distribution whose mean is 1.68 yr (target 3a) has its median below the mean; band 0.4–1.8 yr.',
    mapping: 'Median duration of the episodes in the window (censored at the horizon), converted to years.',
    sources: [{ row: '§1b Median duration by dosage form, 2018-2023 (FDA product level) — context only', url: 'https://aspe.hhs.gov/reports/drug-shortages-2018-2023' }],
    claimed: true,
  },
  {
    id: 'duration-over-2y',
    label: 'Active shortages open > 2 years',
    ref: '§9.3',
    metric: 'shortage.active_over_2y_share',
    scale: 1,
    unit: 'share',
    value: 0.49,
    low: 0.4,
    high: 0.6,
    derivation:
      'ASHP: 50 % of active shortages had persisted two years or more (Sept 2024); 48 % had begun in 2022 or earlier (Q4 2024). Band 0.40–0.60 (single snapshots at the 2024 record). IQVIA’s 58 % (mid-2023) counts the FDA list and is context only.',
    mapping:
      'Derived from the recorded episodes (src/model/calibration/derived.ts): product-days in shortage at an age above 730 days divided by all product-days in shortage, within the measured window — the share of active shortages older than two years at a random date.',
    sources: [
      { row: '§1b Share of active shortages long-lasting (ASHP Sept 2024)', url: 'https://ashp.org/drug-shortages/shortage-resources/drug-shortages-statistics' },
      { row: '§1b Share of active shortages long-lasting (IQVIA 2023, context)', url: 'https://www.iqvia.com/insights/the-iqvia-institute/reports-and-publications/reports/drug-shortages-in-the-us-2023' },
    ],
    claimed: true,
  },
  {
    id: 'sterile-share',
    label: 'Sterile-injectable share of new shortages',
    ref: '§9.4',
    metric: 'shortage.sterile_share',
    scale: 1,
    unit: 'share',
    value: 0.55,
    low: 0.46,
    high: 0.7,
    derivation: 'ASHP: injectables 50–70 % of new shortages most years; 55 % in 2018; 46 % in Q1 2024. Band 0.46–0.70.',
    mapping: 'Share of new shortage episodes whose product is a sterile injectable.',
    sources: [
      { row: '§1c Injectable share of new shortages (ASHP)', url: 'https://beckershospitalreview.com/pharmacy/25-numbers-on-drug-shortages.html' },
      { row: '§1c Injectable share of new shortages (ASHP), 2018', url: 'https://www.beckershospitalreview.com/pharmacy/new-drug-shortages-rose-27-in-2018.html' },
    ],
    claimed: true,
  },
  {
    id: 'quality-share',
    label: 'Share of shortages caused by quality problems',
    ref: '§9.5',
    metric: 'shortage.quality_share',
    scale: 1,
    unit: 'share',
    value: 0.6,
    low: 0.5,
    high: 0.7,
    derivation:
      'FDA: quality played a role in 54 % (2010); 62 % (2013–2017 task force); 64 % (infographic: 37 % quality + 27 % delays/capacity). UUDIS 2010 manufacturing 53 % after removing "unknown". §9.5: about 55–65 %; band widened to 0.50–0.70 because UUDIS causes are mostly "unknown" and the split between quality and capacity delays is not observable.',
    mapping: 'Share of new episodes whose recorded cause is a quality failure or regulatory action (warning letter, import alert) at a supplying plant.',
    sources: [
      { row: '§1d Quality/manufacturing share, FDA 2019 task force', url: 'https://www.thefdalawblog.com/2023/03/news-on-fdas-quality-management-maturity-program-maturity-to-continually-improve-and-to-not-be-reactive/' },
      { row: '§1d Quality share, FDA 2010', url: 'https://www.fiercepharma.com/manufacturing/fda-product-quality-issues-fuel-rise-drug-shortages' },
      { row: '§1d FDA shortage-reason breakdown (infographic)', url: 'https://www.fda.gov/drugs/drug-shortages/text-version-drug-shortages-infographic' },
    ],
    claimed: true,
  },
  {
    id: 'health-system-cost',
    label: 'Health-system shortage cost',
    ref: '§9.9',
    metric: 'cost.health_system',
    scale: 1e-6,
    unit: '$M per year',
    value: 900,
    low: 600,
    high: 1500,
    derivation:
      'Hospital labor $359M/yr (2018 data) to ~$900M/yr (2023 data); substitutes ~$200–230M/yr; HHS: at least $600M/yr. Band $600M–$1.5B covers labor + substitutes at 2018–2023 levels (D: 359+209 = 568 ≈ 600 low; 900+230 ≈ 1,130, plus patient-harm proxy).',
    mapping: 'Model health-system shortage cost per year (per unit short + per shortage-day), in $M.',
    sources: [
      { row: '§2 Hospital labor cost of managing shortages (2018 data)', url: 'https://newsroom.vizientinc.com/press-release/vizient/new-vizient-survey-finds-drug-shortages-cost-hospitals-just-under-360m-annuall' },
      { row: '§2 Labor cost (USP task force)', url: 'https://www.usp.org/supply-chain/drug-shortage-task-force' },
      { row: '§2 Total hospital management cost', url: 'https://www.haponline.org/News/HAP-News-Articles/Latest-News/hospitals-spend-600m-on-drug-shortages' },
    ],
    claimed: true,
  },
  {
    id: 'anda-on-time',
    label: 'ANDA actions by their goal date',
    ref: '§6',
    metric: 'reg.anda.other.on_time',
    scale: 1,
    unit: 'share',
    value: 0.96,
    low: 0.9,
    high: 1,
    derivation: 'GDUFA III: 96 % of standard original ANDAs acted on within the 10-month goal in FY2024, 97 % in FY2025. Band 0.90–1.00: the regulator must not be a bottleneck the record does not show.',
    mapping: 'Share of ANDA actions (entrants) in the window taken by their goal date.',
    sources: [
      { row: '§6 Standard original ANDA goal', url: 'https://pillpals.co/generic-drugs-program-2024-fiscal-year-web-posting' },
      { row: '§6 Standard original ANDA goal (FY2025)', url: 'https://www.einpresswire.com/article/873596658/generic-drugs-program-fiscal-year-2025-activities-report' },
    ],
    claimed: true,
  },
  {
    id: 'pas-on-time',
    label: 'PAS actions by their goal date',
    ref: '§6',
    metric: 'reg.pas.other.on_time',
    scale: 1,
    unit: 'share',
    value: 0.99,
    low: 0.9,
    high: 1,
    derivation: 'GDUFA FY2024: 1,020 of 1,563 prior approval supplements without pre-approval inspection acted on, 99 % on time. Band 0.90–1.00.',
    mapping: 'Share of PAS actions (site transfers after exits, capacity changes) in the window taken by their goal date.',
    sources: [{ row: '§6 Prior Approval Supplement (PAS), standard', url: 'https://pillpals.co/generic-drugs-program-2024-fiscal-year-web-posting' }],
    claimed: true,
  },
  {
    id: 'amt-approvals',
    label: 'Approvals using AMT (status quo)',
    ref: '§5',
    metric: 'adoption.amt_approvals',
    scale: 1,
    unit: 'per year',
    value: 2.3,
    low: 0,
    high: 2.5,
    derivation:
      'CDER approved 19 NDAs using AMT 2015–Apr 2023 (about 2.3/yr; GAO: 16 applications 2015–Oct 2022). These are mostly brand NDAs, so generic AMT approvals in the status quo must not exceed about 2.5/yr (calibration.md §5, "the no-policy scenario should not exceed this").',
    mapping: 'Applications referencing an AMT approved per year in the status-quo arm (all application types).',
    sources: [
      { row: '§5 AMT approvals', url: 'https://healthpolicy.duke.edu/publications/considerations-fdas-new-advanced-pharmaceutical-manufacturing-programs' },
      { row: '§5 AMT approvals (GAO-23-105650)', url: 'https://www.fiercepharma.com/manufacturing/fda-needs-better-support-advanced-manufacturing-technologies-gao-says' },
    ],
    claimed: true,
  },
  {
    id: 'amt-product-share',
    label: 'Products made with AMT (status quo, end)',
    ref: '§5',
    metric: 'adoption.product_share_end',
    scale: 1,
    unit: 'share',
    value: NaN,
    low: 0,
    high: 0.05,
    derivation:
      'D: at most ~2.5 AMT approvals a year (target above) over the 20 measured years is at most ~50 converted lines, i.e. at most ~50 of the baseline’s 1,500 products (3 %); only six CM solid-oral applications had been approved by early 2022 (Fisher 2022). Band 0–5 %.',
    mapping: 'Share of products with at least one AMT line at the horizon, status-quo arm.',
    sources: [{ row: '§5 CM regulatory speed (FDA self-audit): six approved CM solid-oral applications', url: 'https://scribd.com/document/688558738/1-s2-0-S0378517322003337-main' }],
    claimed: true,
  },
  {
    id: 'amt-capacity-share',
    label: 'AMT share of generic capacity (status quo, end)',
    ref: '§5',
    metric: 'adoption.capacity_share_end',
    scale: 1,
    unit: 'share',
    value: NaN,
    low: 0,
    high: 0.05,
    derivation: 'No published capacity-weighted AMT share of generic manufacturing exists; 0–5 % is the band a line-count argument would give.',
    mapping: 'Share of line capacity on AMT at the horizon, status-quo arm.',
    sources: [{ row: '§8 Gaps (no adoption data beyond approval counts)', url: 'https://healthpolicy.duke.edu/publications/considerations-fdas-new-advanced-pharmaceutical-manufacturing-programs' }],
    claimed: false,
    reason:
      'The few status-quo conversions go to the highest-volume lines (demand is lognormal with cv 2), so a capacity-weighted share far exceeds the product share; no source gives the real capacity-weighted share to compare with.',
  },
];

/** §9 items that are inputs or shock benchmarks, listed so the calibration table accounts for all ten. */
export interface InputCheck {
  item: number;
  label: string;
  /** What the baseline sets and where it comes from. */
  howUsed: string;
  sources: TargetSource[];
}

export const INPUT_CHECKS: readonly InputCheck[] = [
  {
    item: 6,
    label: 'Market concentration (≈40 % sole source, median 2 suppliers; 60 % of sterile injectables virtually single-sourced)',
    howUsed: 'Supplier-count distributions and share inequality of the baseline archetypes (scenarios/baseline.yaml); checked on the generated market (structure rows).',
    sources: [
      { row: '§1f Median competitors per generic drug', url: 'https://policymed.com/2017/10/new-research-published-on-generic-competition.html' },
      { row: '§1f Sterile injectable concentration, 2010', url: 'http://www.mackinac.org/17106' },
    ],
  },
  {
    item: 7,
    label: 'Geographic concentration (generic API plants 87 % outside U.S., FDF 63 %)',
    howUsed: 'Region weights of API and FDF plants in the baseline archetypes; checked on the generated market (structure rows).',
    sources: [{ row: '§4a FDF and API facilities outside U.S. (Mar 2021)', url: 'https://aspe.hhs.gov/reports/preventing-shortages-supply-chain-vulnerabilities' }],
  },
  {
    item: 8,
    label: 'Quality-event rates per site-year (WL 2.3 %, import alert 1.6 %, inspections 0.21/site-yr)',
    howUsed: 'Inspection rate 0.21 per plant-year and OAI probabilities by region (world defaults, set in scenarios/baseline.yaml); they and the calibrated critical-failure probabilities give about 2.4 % plant-stopping actions per site-year (docs/calibration.md).',
    sources: [{ row: '§3 Quality warning letters per year; Import alerts; Inspections per year', url: 'https://www.gmp-compliance.org/gmp-news/fda-report-on-the-state-of-pharmaceutical-quality' }],
  },
  {
    item: 10,
    label: 'Shock-response benchmarks (Rocky Mount, Helene, Intas, India 2020)',
    howUsed: 'Scripted in scenarios/india-export-ban.yaml, sole-supplier-disaster.yaml and pandemic-surge.yaml; not part of the baseline verdict.',
    sources: [{ row: '§4b Historical shocks', url: 'https://www.fiercepharma.com/pharma/baxter-offers-recovery-timeline-after-major-iv-fluid-plant-closure-due-hurricane-helene' }],
  },
];

/** The verdict for one target given the model's mean (in model units). */
export function targetMet(target: CalibrationTarget, modelMean: number): boolean {
  const v = modelMean * target.scale;
  return Number.isFinite(v) && v >= target.low && v <= target.high;
}
