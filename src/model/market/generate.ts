/**
 * The market of a world: products, firms, plants and lines as plain arrays (a {@link MarketSpec}),
 * built from the listed entities of `world.market` and generated from its archetypes.
 *
 * A generated market is drawn ONCE per scenario from `world.market.seed` (independent of the run
 * seed and the replication), with one random stream per archetype named `archetype:<name>` and one
 * for firms (`firms`), so every arm and every replication sees the same market; replications differ
 * only in events. Adding an archetype at the end does not change the products of earlier ones (their
 * streams are separate), though plants are shared between archetypes of the same region and form.
 *
 * Cost: O(products x suppliers); thousands of products take a few milliseconds. Results are cached
 * per `world.market` object (and by content), so replications do not regenerate the market.
 */
import { createStream, type Rng } from '../../kernel/index.js';
import { normalQuantile } from '../../kernel/special.js';
import type { DosageForm } from '../outputs.js';
import type { WorldParams, ArchetypeParams, Tier } from '../params.js';

export interface FirmSpec {
  id: string;
  discountRate: number;
  capitalBudget: number;
  qmm: number;
}
export interface PlantSpec {
  id: string;
  firm: number;
  region: string;
  tier: Tier;
  qmm: number;
}
export interface ProductSpec {
  id: string;
  form: DosageForm;
  essential: boolean;
  /** Units per year. */
  annualDemand: number;
  /** Sole-supplier contract price per unit ($). */
  price: number;
  /** Traditional unit cost at cost index 1 ($/unit). */
  unitCost: number;
  /** Downstream inventory target, days of demand. */
  inventoryDays: number;
}
export interface LineSpec {
  product: number;
  /** FDF plant index. */
  plant: number;
  /** Share of the product's demand (shares of a product sum to 1). */
  share: number;
  /** Planned utilization (committed output / capacity). */
  utilization: number;
  /** Technology code (0 = traditional). */
  technology: number;
  /** API plant indices feeding the line (empty: API not modelled). */
  api: number[];
}
/** A whole market as plain data. */
export interface MarketSpec {
  firms: FirmSpec[];
  plants: PlantSpec[];
  products: ProductSpec[];
  lines: LineSpec[];
}

const HALF = 1 / 8589934592;

function lognormalMedianCv(rng: Rng, median: number, cv: number): number {
  if (cv <= 0) return median;
  const sigma = Math.sqrt(Math.log1p(cv * cv));
  return median * Math.exp(sigma * normalQuantile(rng() + HALF));
}

function pickWeighted(rng: Rng, keys: string[], cum: number[]): string {
  const u = rng() * cum[cum.length - 1];
  for (let i = 0; i < cum.length; i++) if (u < cum[i]) return keys[i];
  return keys[keys.length - 1];
}

function cumulative(ws: Record<string, number>): { keys: string[]; cum: number[] } {
  const keys: string[] = [];
  const cum: number[] = [];
  let s = 0;
  for (const [k, v] of Object.entries(ws)) {
    if (!(v > 0)) continue;
    s += v;
    keys.push(k);
    cum.push(s);
  }
  return { keys, cum };
}

/** An open plant of a pool that still takes lines. */
interface PoolSlot { plant: number; left: number; lastProduct: number }

class Builder {
  readonly spec: MarketSpec = { firms: [], plants: [], products: [], lines: [] };
  private readonly firmIndex = new Map<string, number>();
  private readonly plantIndex = new Map<string, number>();
  private readonly pools = new Map<string, PoolSlot[]>();
  private readonly firmPools = new Map<string, { firm: number; left: number }>();
  private readonly plantCounter = new Map<string, number>();
  private readonly firmRng: Rng;

  constructor(private readonly w: WorldParams) {
    this.firmRng = createStream(`market|${String(w.market.seed)}`, 0, 'firms');
  }

  firm(id: string): number {
    let i = this.firmIndex.get(id);
    if (i === undefined) {
      const d = this.w.market.firmDefaults;
      const listed = this.w.market.firms.find((f) => f.id === id);
      i = this.spec.firms.length;
      this.spec.firms.push(listed ? { ...listed } : { id, discountRate: d.discountRate, capitalBudget: d.capitalBudget, qmm: d.qmm });
      this.firmIndex.set(id, i);
    }
    return i;
  }

  listed(): void {
    const m = this.w.market;
    for (const f of m.firms) this.firm(f.id);
    for (const p of m.plants) {
      const firm = this.firm(p.firm);
      this.plantIndex.set(p.id, this.spec.plants.length);
      this.spec.plants.push({ id: p.id, firm, region: p.region, tier: p.tier, qmm: p.qmm ?? this.spec.firms[firm].qmm });
    }
    for (const p of m.products) {
      const pi = this.spec.products.length;
      this.spec.products.push({
        id: p.id, form: p.form, essential: p.essential, annualDemand: p.annualDemand, price: p.price, unitCost: p.unitCost,
        inventoryDays: p.inventoryDays ?? this.w.supply.inventoryDays[p.form],
      });
      const total = p.suppliers.reduce((s, x) => s + x.share, 0);
      for (const s of p.suppliers) {
        this.spec.lines.push({
          product: pi,
          plant: this.plantIndex.get(s.plant)!,
          share: s.share / total,
          utilization: s.utilization ?? this.w.supply.utilization[p.form],
          technology: s.technology,
          api: s.api.map((a) => this.plantIndex.get(a)!),
        });
      }
    }
  }

  /** A generated firm in `region` (firms own about plantsPerFirm plants each). */
  private generatedFirm(region: string, plantsPerFirm: number): number {
    const slot = this.firmPools.get(region);
    if (slot && slot.left > 0) { slot.left--; return slot.firm; }
    const k = this.spec.firms.length;
    const id = `${region}-firm-${k + 1}`;
    const d = this.w.market.firmDefaults;
    const qw = this.w.market.qmmWeights;
    const qcum: number[] = [];
    qw.reduce((s, v, i) => (qcum[i] = s + v), 0);
    const u = this.firmRng() * qcum[4];
    let qmm = 5;
    for (let i = 0; i < 5; i++) if (u < qcum[i]) { qmm = i + 1; break; }
    const fi = this.spec.firms.length;
    this.spec.firms.push({ id, discountRate: d.discountRate, capitalBudget: d.capitalBudget, qmm });
    this.firmIndex.set(id, fi);
    const size = Math.max(1, Math.round(-Math.log(1 - this.firmRng()) * plantsPerFirm));
    this.firmPools.set(region, { firm: fi, left: size - 1 });
    return fi;
  }

  /** A plant of `region` and `tier` (FDF plants are specialised by form) with room for a line of `product`. */
  plantFor(rng: Rng, region: string, tier: Tier, form: DosageForm, product: number, meanLines: number, plantsPerFirm: number): number {
    const key = tier === 'api' ? `${region}|api` : `${region}|fdf|${form}`;
    let open = this.pools.get(key);
    if (open === undefined) { open = []; this.pools.set(key, open); }
    for (let i = 0; i < open.length; i++) {
      const slot = open[i];
      if (slot.lastProduct === product) continue;
      slot.lastProduct = product;
      if (--slot.left <= 0) open.splice(i, 1);
      return slot.plant;
    }
    const n = (this.plantCounter.get(`${region}|${tier}`) ?? 0) + 1;
    this.plantCounter.set(`${region}|${tier}`, n);
    const firm = this.generatedFirm(region, plantsPerFirm);
    const pi = this.spec.plants.length;
    const id = `${region}-${tier}-${n}`;
    this.spec.plants.push({ id, firm, region, tier, qmm: this.spec.firms[firm].qmm });
    this.plantIndex.set(id, pi);
    const size = Math.max(1, Math.round(-Math.log(1 - rng()) * meanLines));
    if (size > 1) open.push({ plant: pi, left: size - 1, lastProduct: product });
    return pi;
  }

  archetype(a: ArchetypeParams): void {
    const rng = createStream(`market|${String(this.w.market.seed)}`, 0, `archetype:${a.name}`);
    const fdf = cumulative(a.fdfRegions);
    const api = cumulative(a.apiRegions);
    const countCum: number[] = [];
    a.supplierCountWeights.reduce((s, v, i) => (countCum[i] = s + v), 0);
    const util = this.w.supply.utilization[a.form];
    const erosion = this.w.prices.bySupplierCount;
    for (let k = 1; k <= a.count; k++) {
      const pi = this.spec.products.length;
      const u = rng() * countCum[countCum.length - 1];
      let n = countCum.length;
      for (let i = 0; i < countCum.length; i++) if (u < countCum[i]) { n = i + 1; break; }
      const demand = lognormalMedianCv(rng, a.annualDemand.median, a.annualDemand.cv);
      const price = lognormalMedianCv(rng, a.price.median, a.price.cv);
      const margin = a.grossMargin.min + (a.grossMargin.max - a.grossMargin.min) * rng();
      const priceNow = price * erosion[Math.min(n, erosion.length) - 1];
      this.spec.products.push({
        id: `${a.name}-${k}`, form: a.form, essential: rng() < a.essentialShare,
        annualDemand: demand, price, unitCost: Math.max(1e-6, priceNow * (1 - margin)),
        inventoryDays: this.w.supply.inventoryDays[a.form],
      });
      // Shares: weights (-ln U)^k normalised (k = 1: uniform on the simplex).
      const ws: number[] = [];
      let total = 0;
      for (let j = 0; j < n; j++) {
        const x = Math.pow(-Math.log(1 - rng()), a.shareInequality) + 1e-9;
        ws.push(x);
        total += x;
      }
      for (let j = 0; j < n; j++) {
        const region = pickWeighted(rng, fdf.keys, fdf.cum);
        const plant = this.plantFor(rng, region, 'fdf', a.form, pi, a.linesPerFdfPlant, a.plantsPerFirm);
        const apis: number[] = [];
        const nApi = rng() < a.dualApiShare ? 2 : 1;
        for (let q = 0; q < nApi; q++) {
          const ar = pickWeighted(rng, api.keys, api.cum);
          const ap = this.plantFor(rng, ar, 'api', a.form, pi, a.productsPerApiPlant, a.plantsPerFirm);
          if (!apis.includes(ap)) apis.push(ap);
        }
        const amt = rng() < a.amtShare;
        this.spec.lines.push({ product: pi, plant, share: ws[j] / total, utilization: util, technology: amt ? a.amtTechnology : 0, api: apis });
      }
    }
  }

  plantId(id: string): number | undefined {
    return this.plantIndex.get(id);
  }
}

const byObject = new WeakMap<object, MarketSpec>();
const byContent = new Map<string, MarketSpec>();

/**
 * The market of a world (listed entities first, then archetypes in order). Deterministic in
 * `world.market` and `world.supply` / `world.prices` (utilization, inventory days, erosion).
 *
 * @example
 * const m = buildMarket(worldSchema.parse({ market: { archetypes: [{ name: 'inj', count: 3, form: 'sterile_injectable' }] } }));
 * m.products.length // => 3
 */
export function buildMarket(w: WorldParams): MarketSpec {
  const cached = byObject.get(w.market);
  if (cached) return cached;
  const key = JSON.stringify([w.market, w.supply.utilization, w.supply.inventoryDays, w.prices]);
  let spec = byContent.get(key);
  if (!spec) {
    const b = new Builder(w);
    b.listed();
    for (const a of w.market.archetypes) b.archetype(a);
    spec = b.spec;
    if (byContent.size >= 8) byContent.delete(byContent.keys().next().value as string);
    byContent.set(key, spec);
  }
  byObject.set(w.market, spec);
  return spec;
}
