/**
 * Structure of a generated market (supplier counts, concentration, plant geography) and the targets of
 * calibration.md §9.6–9.7 it must reproduce. These are inputs of the baseline, not outputs of a
 * replication: the market is drawn once per scenario (src/model/market/generate.ts), so they are
 * checked once, exactly, on the generated market.
 */
import type { MarketSpec } from '../market/generate.js';
import type { WorldParams } from '../params.js';
import type { TargetSource } from './targets.js';

/** Summary of a market's structure. */
export interface MarketStructure {
  products: number;
  productsByForm: Record<string, number>;
  lines: number;
  fdfPlants: number;
  apiPlants: number;
  firms: number;
  /** Share of products with exactly one supplier line. */
  soleSourceShare: number;
  /** Median number of supplier lines per product. */
  medianSuppliers: number;
  /** Share of sterile injectables whose largest supplier has >= 90 % of the demand ("virtually single-sourced"). */
  sterileVirtuallySingleShare: number;
  /** Share of FDF plants outside the domestic region(s). */
  fdfPlantsAbroadShare: number;
  /** Share of API plants outside the domestic region(s). */
  apiPlantsAbroadShare: number;
}

/**
 * Compute the structure of `market`; `world` says which regions are domestic.
 * @example marketStructure(buildMarket(w), w).soleSourceShare // => 0.39…
 */
export function marketStructure(market: MarketSpec, world: Pick<WorldParams, 'regions'>): MarketStructure {
  const n = market.products.length;
  const count = new Array<number>(n).fill(0);
  const maxShare = new Array<number>(n).fill(0);
  for (const l of market.lines) {
    count[l.product]++;
    if (l.share > maxShare[l.product]) maxShare[l.product] = l.share;
  }
  const byForm: Record<string, number> = {};
  let sterile = 0;
  let sterileSingle = 0;
  market.products.forEach((p, i) => {
    byForm[p.form] = (byForm[p.form] ?? 0) + 1;
    if (p.form === 'sterile_injectable') {
      sterile++;
      if (maxShare[i] >= 0.9) sterileSingle++;
    }
  });
  const sorted = [...count].sort((a, b) => a - b);
  const median = n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const abroad = (tier: 'api' | 'fdf') => {
    const plants = market.plants.filter((p) => p.tier === tier);
    const out = plants.filter((p) => !world.regions[p.region]?.domestic).length;
    return { total: plants.length, share: plants.length ? out / plants.length : NaN };
  };
  const fdf = abroad('fdf');
  const api = abroad('api');
  return {
    products: n,
    productsByForm: byForm,
    lines: market.lines.length,
    fdfPlants: fdf.total,
    apiPlants: api.total,
    firms: market.firms.length,
    soleSourceShare: n ? count.filter((c) => c === 1).length / n : NaN,
    medianSuppliers: median,
    sterileVirtuallySingleShare: sterile ? sterileSingle / sterile : NaN,
    fdfPlantsAbroadShare: fdf.share,
    apiPlantsAbroadShare: api.share,
  };
}

/** A structural target: a band on one field of {@link MarketStructure}. */
export interface StructureTarget {
  id: string;
  label: string;
  ref: string;
  field: keyof Omit<MarketStructure, 'productsByForm'>;
  value: number;
  low: number;
  high: number;
  derivation: string;
  sources: TargetSource[];
}

const CONCENTRATION: TargetSource = { row: '§1f Median competitors per generic drug', url: 'https://policymed.com/2017/10/new-research-published-on-generic-competition.html' };
const GEOGRAPHY: TargetSource = { row: '§4a FDF and API facilities outside U.S. (Mar 2021)', url: 'https://aspe.hhs.gov/reports/preventing-shortages-supply-chain-vulnerabilities' };

/** Targets of calibration.md §9.6 (concentration) and §9.7 (geography) for the generated market. */
export const STRUCTURE_TARGETS: readonly StructureTarget[] = [
  {
    id: 'sole-source', label: 'Products with a sole supplier', ref: '§9.6', field: 'soleSourceShare', value: 0.4, low: 0.35, high: 0.45,
    derivation: '"40% of generics being made by a sole manufacturer" (Berndt, Conti & Murphy 2017); band ±5 points.', sources: [CONCENTRATION],
  },
  {
    id: 'median-suppliers', label: 'Median suppliers per product', ref: '§9.6', field: 'medianSuppliers', value: 2, low: 2, high: 2,
    derivation: '"the median number of competitors ... dropped ... to just two through 2016".', sources: [CONCENTRATION],
  },
  {
    id: 'sterile-single', label: 'Sterile injectables virtually single-sourced (top supplier >= 90 %)', ref: '§9.6', field: 'sterileVirtuallySingleShare', value: 0.6, low: 0.55, high: 0.65,
    derivation: '"342 of 569 sterile injectable drugs — 60 percent — were virtually single-sourced" (FDA/ASPE data via Mackinac 2012); band ±5 points.',
    sources: [{ row: '§1f Sterile injectable concentration, 2010', url: 'http://www.mackinac.org/17106' }],
  },
  {
    id: 'fdf-abroad', label: 'Finished-dose plants outside the U.S.', ref: '§9.7', field: 'fdfPlantsAbroadShare', value: 0.63, low: 0.58, high: 0.68,
    derivation: 'Generic FDF facilities: 63 % outside the U.S. (HHS 2024 citing the EO 14017 review, Mar 2021); band ±5 points.', sources: [GEOGRAPHY],
  },
  {
    id: 'api-abroad', label: 'API plants outside the U.S.', ref: '§9.7', field: 'apiPlantsAbroadShare', value: 0.87, low: 0.82, high: 0.92,
    derivation: 'Generic API facilities: 87 % outside the U.S. (same source); band ±5 points.', sources: [GEOGRAPHY],
  },
];
