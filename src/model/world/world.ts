/**
 * The state of one replication's world and its core process: supply, fluid inventory and shortage
 * episodes (MODEL.md §3, §4.5, §4.8). The other processes (quality, oversight, shocks, demand, entry
 * and exit) live in `processes.ts` and change the world only through the methods here, so that every
 * change first accrues the affected products' books up to `now` (conservation holds at every event).
 *
 * Hot state is in typed arrays indexed by entity id; events carry (entity index, generation) and
 * stale events are ignored by comparing generations. The one exception is each product's pending
 * "boundary" event, which is cancelled (a kernel tombstone) when the product is recomputed.
 *
 * Supply model (per product, fluid, piecewise-constant rates between events):
 * - Demand D(t) (units/day). Each active line l is contracted for share_l of it: committed
 *   c_l = share_l · D. Its planned capacity is c_l(base) / utilization; its maximum M_l is that
 *   capacity with the headroom above the commitment scaled by the technology's
 *   surgeHeadroomFactor, times plant (regulatory action), shock, API and changeover factors
 *   (see {@link World.lineMax}); 0 when down for quality, exited or out of API.
 * - When the commitments cannot cover demand (Σ min(c_l, M_l) < D: a supplier is down or demand
 *   surged), a surge starts: each line may produce up to M_l only after its ramp delay
 *   (`supply.rampDelay` per form; AMT lines × `amtRampDelayFactor`), and at its commitment before.
 *   The surge ends when the commitments cover demand again. Without a surge, lines may use their
 *   headroom at once to refill inventory (after a batch write-off or an outage).
 * - At target inventory, production is throttled to demand. Between 0 and target, inventory moves at
 *   S − D; the time it hits 0 or target, the time a line's API buffer empties and the time the next
 *   line finishes ramping are computed exactly and scheduled as ONE "boundary" event per product.
 *
 * Shortage definition (the ASHP/UUDIS series, calibration.md §1a; see docs/model.md): a product is
 * short while its downstream inventory is exhausted and supply is below demand. An EPISODE starts
 * when a product becomes short and ends when supply meets demand again; episodes of one product
 * separated by less than `world.shortage.mergeGap` days are merged (ASHP keeps a shortage active
 * until it is resolved), and merged episodes shorter than `minDuration` are not counted. Each
 * counted episode is one "new shortage" in the year it starts; active shortages at time t are the
 * counted episodes spanning t. The cause is the largest contributor to the supply gap at the start:
 * per line the reason it delivers less than its commitment (exit/changeover, regulatory action,
 * quality, shock, API) and demand above its base level (demand).
 */
import type { Simulation, Rng, RandomStreams } from '../../kernel/index.js';
import { DAYS_PER_YEAR } from '../../scenario/units.js';
import { DOSAGE_FORMS, SHORTAGE_CAUSES, type DosageForm } from '../outputs.js';
import type { WorldParams, RandomDurationParams } from '../params.js';
import type { PolicyParams } from '../policy/params.js';
import { AMT_TYPES } from '../policy/params.js';
import type { MarketSpec } from '../market/generate.js';
import { normalQuantile } from '../../kernel/special.js';

/** Indices of {@link World.flow}. */
export const F_UNITS_SHORT = 0, F_UNITS_SHORT_COST = 1, F_COGS = 2, F_CAPITAL = 3, F_REMEDIATION = 4, F_EXITS = 5, F_ENTRIES = 6, F_ENTRY_SKIPPED = 7, F_PV = 8, F_PREMIUM = 9;

/** Cause codes: index in SHORTAGE_CAUSES. */
export const C_QUALITY = 0, C_REGULATORY = 1, C_SHOCK = 2, C_API = 3, C_DEMAND = 4, C_EXIT = 5;
const NC = SHORTAGE_CAUSES.length;

/** Form codes: index in DOSAGE_FORMS. */
export const FORM_INDEX: Record<DosageForm, number> = { sterile_injectable: 0, oral_solid: 1, other: 2 };

/** A recorded shortage episode (after merging). */
export interface Episode {
  product: number;
  start: number;
  /** End time (the horizon for episodes still open at the end, see `censored`). */
  end: number;
  censored: boolean;
  cause: number;
  unitsShort: number;
}

/** Technology effects on the world, per technology code (0 = traditional). */
interface TechEffects {
  hazard: Float64Array;
  downtime: Float64Array;
  escalation: Float64Array;
  headroom: Float64Array;
  unitCost: Float64Array;
}

const HALF = 1 / 8589934592;

/** Sample a random duration (days) from its parameters with one stream. */
export function sampleDuration(d: RandomDurationParams, rng: Rng, scale = 1): number {
  const mean = d.mean * scale;
  if (!(mean > 0)) return 0;
  switch (d.shape) {
    case 'fixed': return mean;
    case 'exponential': return -mean * Math.log(1 - rng());
    case 'lognormal': {
      if (d.cv <= 0) return mean;
      const s2 = Math.log1p(d.cv * d.cv);
      return Math.exp(Math.log(mean) - s2 / 2 + Math.sqrt(s2) * normalQuantile(rng() + HALF));
    }
  }
}

/**
 * {@link sampleDuration} for one parameter object, for hot call sites (line and API-plant failures):
 * the lognormal's log1p and square root depend only on the parameters and are computed once, and
 * log(mean) is memoised on the last mean. Same arguments to the same functions, so the same draws.
 */
export class DurationSampler {
  /** [log1p(cv²), √log1p(cv²), last mean, log(last mean)] (a typed array: no heap numbers). */
  private readonly c = new Float64Array(4);
  private readonly lognormal: boolean;
  constructor(private readonly d: RandomDurationParams) {
    this.lognormal = d.shape === 'lognormal' && d.cv > 0;
    if (this.lognormal) {
      const s2 = Math.log1p(d.cv * d.cv);
      this.c[0] = s2;
      this.c[1] = Math.sqrt(s2);
      this.c[2] = NaN;
    }
  }
  /** A duration (days); `scale` multiplies the mean. */
  sample(rng: Rng, scale = 1): number {
    if (!this.lognormal) return sampleDuration(this.d, rng, scale);
    const mean = this.d.mean * scale;
    if (!(mean > 0)) return 0;
    const c = this.c;
    if (c[2] !== mean) { c[2] = mean; c[3] = Math.log(mean); }
    return Math.exp(c[3] - c[0] / 2 + c[1] * normalQuantile(rng() + HALF));
  }
}

/** Exponential waiting time (days) for a rate per year; Infinity for rate 0. */
export function expDays(ratePerYear: number, rng: Rng): number {
  if (!(ratePerYear > 0)) return Infinity;
  return (-Math.log(1 - rng()) * DAYS_PER_YEAR) / ratePerYear;
}

/** Callbacks the policy layer (adoption engine) registers with the world. */
export interface WorldListeners {
  /** A major or critical quality failure at a line of this firm. */
  onMajorFailure?: (firm: number) => void;
}

export interface WorldOptions {
  sim: Simulation;
  world: WorldParams;
  policies: PolicyParams;
  market: MarketSpec;
  streams: RandomStreams;
  warmupDays: number;
  horizonDays: number;
}

/**
 * The world's state right after the market's lines are placed (before any event), per parameter
 * object: the same in every replication and arm built from the same parameters and market, so later
 * replications in the same thread copy it rather than placing the lines again. Only arrays that
 * placement writes are kept; the inner `api` arrays are the market's own (never mutated, as before).
 */
interface Placement {
  market: MarketSpec;
  nLines: number;
  scratchLength: number;
  plForm: Int8Array;
  plLines: number[][];
  prLines: number[][];
  prActive: Int32Array;
  lnProduct: Int32Array;
  lnPlant: Int32Array;
  lnFirm: Int32Array;
  lnShare: Float64Array;
  lnUtil: Float64Array;
  lnTech: Uint8Array;
  lnCapacity: Float64Array;
  lnActive: Uint8Array;
  lnApiTarget: Float64Array;
  lnApiLevel: Float64Array;
  lnBaseCost: Float64Array;
  lnApi: number[][];
  /** `line:<l>`: the names of the lines' random streams. */
  streamNames: string[];
}
const placements = new WeakMap<WorldParams, Placement>();

/** One replication's world state and core supply process. */
export class World {
  readonly sim: Simulation;
  readonly p: WorldParams;
  readonly market: MarketSpec;
  readonly streams: RandomStreams;
  readonly W0: number;
  readonly W1: number;
  private readonly rho: number;
  /** [W0, W1, rho] for accrue (see there). */
  private readonly cw: Float64Array;
  readonly tech: TechEffects;
  listeners: WorldListeners = {};
  // Parameters read in the hot path, copied out of the parameter objects.
  private readonly erosion: Float64Array;
  private readonly underAction: number;
  private readonly shortCost: Float64Array;
  private readonly apiRefillDays: number;
  /** Payer-premium uplift per FDF line (set by the policy layer; 0 = none). */
  priceUplift: Float64Array;

  // Regions
  readonly regionNames: string[];
  readonly regionIndex = new Map<string, number>();
  readonly regionDomestic: Uint8Array;
  readonly regionCost: Float64Array;
  readonly regionLead: Float64Array;
  readonly regionPlants: number[][];

  // Firms
  readonly nFirms: number;
  readonly firmRevenue: Float64Array;
  readonly firmCogs: Float64Array;
  readonly firmCapital: Float64Array;
  readonly firmRemediation: Float64Array;

  // Plants
  readonly nPlants: number;
  readonly plRegion: Int32Array;
  readonly plFirm: Int32Array;
  readonly plApi: Uint8Array;
  readonly plQmm: Uint8Array;
  /** Under regulatory action (warning letter / import alert). */
  readonly plAction: Uint8Array;
  readonly plActionCause: Uint8Array;
  /** API plants: up (1) or down for a quality failure (0). FDF plants: always 1. */
  readonly plUp: Uint8Array;
  readonly plGen: Int32Array;
  /** FDF plants: lines at the plant. API plants: lines fed by the plant. */
  readonly plLines: number[][];
  readonly plForm: Int8Array;

  // Products
  readonly nProducts: number;
  readonly prForm: Uint8Array;
  readonly prEssential: Uint8Array;
  readonly prBaseD: Float64Array;
  readonly prMult: Float64Array;
  readonly prSurges: Int32Array;
  readonly prD: Float64Array;
  readonly prS: Float64Array;
  readonly prInv: Float64Array;
  readonly prInv0: Float64Array;
  readonly prTargetDays: Float64Array;
  readonly prTarget: Float64Array;
  readonly prT: Float64Array;
  readonly prGen: Int32Array;
  readonly prSurging: Uint8Array;
  /** Handle of the pending boundary event of each product (-1: none). */
  private readonly prHandle: Float64Array;
  /** Ramp delay of traditional and AMT lines by form code (days). */
  private readonly ramp: Float64Array;
  private readonly rampAmt: Float64Array;
  readonly prSurgeStart: Float64Array;
  private scratch: Float64Array;
  /** recompute's per-line commitments and rates (same length as `scratch`). */
  private scratchC: Float64Array;
  private scratchR: Float64Array;
  readonly prShort: Uint8Array;
  readonly prPrice0: Float64Array;
  readonly prUnitCost: Float64Array;
  readonly prActive: Int32Array;
  readonly prLines: number[][];
  readonly prCogsRate: Float64Array;
  // books (whole run)
  readonly prProduced: Float64Array;
  readonly prDelivered: Float64Array;
  readonly prWritten: Float64Array;
  readonly prUnitsShort: Float64Array;
  // episodes
  readonly prEpOpen: Uint8Array;
  readonly prEpStart: Float64Array;
  readonly prEpPendingEnd: Float64Array;
  readonly prEpCause: Uint8Array;
  readonly prEpUnits: Float64Array;
  readonly prEpGen: Int32Array;
  readonly prEntryPending: Uint8Array;
  private readonly prMark: Uint8Array;
  readonly episodes: Episode[] = [];

  // Lines (FDF): initial lines then reserved entrant slots.
  /** Allocated line slots (grows when entrants need more). */
  nLines: number;
  nLinesUsed: number;
  lnProduct: Int32Array;
  lnPlant: Int32Array;
  /** Firm of each line (its plant's firm, cached: accrue books revenue and COGS per firm). */
  lnFirm: Int32Array;
  lnTech: Uint8Array;
  lnCapacity: Float64Array;
  lnUtil: Float64Array;
  lnShare: Float64Array;
  lnActive: Uint8Array;
  lnUp: Uint8Array;
  lnGen: Int32Array;
  lnReady: Uint8Array;
  lnRate: Float64Array;
  lnShock: Float64Array;
  lnTariff: Float64Array;
  lnHost: Float64Array;
  readonly lnApi: number[][];
  lnApiOK: Uint8Array;
  lnApiLevel: Float64Array;
  lnApiTarget: Float64Array;
  lnProduced: Float64Array;
  lnExitGen: Int32Array;
  lnBaseCost: Float64Array;
  readonly lnRng: Rng[];

  // Window flows
  /**
   * Window accumulators in one typed array (doubles stored in object fields would allocate a heap
   * number per update): see the getters below.
   */
  readonly flow = new Float64Array(11);
  /** Units short in the window. */
  get unitsShortW(): number { return this.flow[F_UNITS_SHORT]; }
  /** Payer premium paid in the window ($): the price uplift on the units premium lines made. */
  get premiumPaidW(): number { return this.flow[F_PREMIUM]; }
  /** Cost of units short in the window ($). */
  get unitsShortCostW(): number { return this.flow[F_UNITS_SHORT_COST]; }
  /** Cost of goods produced in the window ($). */
  get cogsW(): number { return this.flow[F_COGS]; }
  /** Capital spent in the window ($). */
  get capitalW(): number { return this.flow[F_CAPITAL]; }
  /** Remediation costs in the window ($). */
  get remediationW(): number { return this.flow[F_REMEDIATION]; }
  /** Supplier exits in the window. */
  get exitsW(): number { return this.flow[F_EXITS]; }
  /** Entrant lines built in the window. */
  get entriesW(): number { return this.flow[F_ENTRIES]; }
  /** Entry attempts skipped (no free line slot or no plant of the form). */
  get entrySkipped(): number { return this.flow[F_ENTRY_SKIPPED]; }
  /** Present value (at the start of the window) of manufacturer and health-system flows. */
  get pvW(): number { return this.flow[F_PV]; }
  readonly causeCount = new Float64Array(NC);

  // Kernel event kinds
  private readonly kBoundary: number;
  private readonly kClose: number;
  /** Called when a long shortage should trigger an entry check (installed by processes). */
  onEpisodeStart?: (p: number) => void;
  /** Called when the supplier count of a product changes (margins; installed by processes). */
  onSuppliersChanged?: (p: number) => void;
  /** Called when the capacity mix changes (series; installed by metrics). */
  onCapacityChanged?: () => void;

  constructor(o: WorldOptions) {
    const { sim, world: w, market: m } = o;
    this.sim = sim;
    this.p = w;
    this.market = m;
    this.streams = o.streams;
    this.W0 = o.warmupDays;
    this.W1 = o.horizonDays;
    this.rho = Math.log1p(w.discountRate) / DAYS_PER_YEAR;
    this.cw = Float64Array.of(this.W0, this.W1, this.rho);
    this.erosion = Float64Array.from(w.prices.bySupplierCount);
    this.underAction = w.oversight.capacityUnderAction;
    this.shortCost = Float64Array.from(DOSAGE_FORMS.map((f) => w.shortage.costPerUnitShort[f]));
    this.apiRefillDays = w.supply.apiRefillDays;
    this.ramp = Float64Array.from(DOSAGE_FORMS.map((f) => w.supply.rampDelay[f]));
    this.rampAmt = Float64Array.from(DOSAGE_FORMS.map((f) => w.supply.rampDelay[f] * w.supply.amtRampDelayFactor));

    // Technology effects: code 0 traditional, 1.. AMT_TYPES (policies.adoption.technologies).
    const nt = AMT_TYPES.length + 1;
    this.tech = { hazard: new Float64Array(nt).fill(1), downtime: new Float64Array(nt).fill(1), escalation: new Float64Array(nt).fill(1), headroom: new Float64Array(nt).fill(1), unitCost: new Float64Array(nt).fill(1) };
    AMT_TYPES.forEach((t, i) => {
      const e = o.policies.adoption.technologies[t];
      this.tech.hazard[i + 1] = e.hazardFactor;
      this.tech.downtime[i + 1] = e.downtimeFactor;
      this.tech.escalation[i + 1] = e.escalationFactor;
      this.tech.headroom[i + 1] = e.surgeHeadroomFactor;
      this.tech.unitCost[i + 1] = e.unitCostFactor;
    });

    this.regionNames = Object.keys(w.regions);
    this.regionNames.forEach((r, i) => this.regionIndex.set(r, i));
    const nr = this.regionNames.length;
    this.regionDomestic = new Uint8Array(nr);
    this.regionCost = new Float64Array(nr);
    this.regionLead = new Float64Array(nr);
    this.regionPlants = this.regionNames.map(() => []);
    this.regionNames.forEach((r, i) => {
      this.regionDomestic[i] = w.regions[r].domestic ? 1 : 0;
      this.regionCost[i] = w.regions[r].costIndex;
      this.regionLead[i] = w.regions[r].shippingLeadTime;
    });

    this.nFirms = m.firms.length;
    this.firmRevenue = new Float64Array(this.nFirms);
    this.firmCogs = new Float64Array(this.nFirms);
    this.firmCapital = new Float64Array(this.nFirms);
    this.firmRemediation = new Float64Array(this.nFirms);

    const np = (this.nPlants = m.plants.length);
    this.plRegion = new Int32Array(np);
    this.plFirm = new Int32Array(np);
    this.plApi = new Uint8Array(np);
    this.plQmm = new Uint8Array(np);
    this.plAction = new Uint8Array(np);
    this.plActionCause = new Uint8Array(np);
    this.plUp = new Uint8Array(np).fill(1);
    this.plGen = new Int32Array(np);
    this.plLines = [];
    this.plForm = new Int8Array(np).fill(-1);
    m.plants.forEach((pl, i) => {
      const r = this.regionIndex.get(pl.region);
      if (r === undefined) throw new Error(`plant "${pl.id}": unknown region "${pl.region}"`);
      this.plRegion[i] = r;
      this.plFirm[i] = pl.firm;
      this.plApi[i] = pl.tier === 'api' ? 1 : 0;
      this.plQmm[i] = pl.qmm;
      this.plLines.push([]);
      this.regionPlants[r].push(i);
    });

    const nP = (this.nProducts = m.products.length);
    this.prForm = new Uint8Array(nP);
    this.prEssential = new Uint8Array(nP);
    this.prBaseD = new Float64Array(nP);
    this.prMult = new Float64Array(nP).fill(1);
    this.prSurges = new Int32Array(nP);
    this.prD = new Float64Array(nP);
    this.prS = new Float64Array(nP);
    this.prInv = new Float64Array(nP);
    this.prInv0 = new Float64Array(nP);
    this.prTargetDays = new Float64Array(nP);
    this.prTarget = new Float64Array(nP);
    this.prT = new Float64Array(nP).fill(sim.now);
    this.prGen = new Int32Array(nP);
    this.prSurging = new Uint8Array(nP);
    this.prHandle = new Float64Array(nP).fill(-1);
    this.prSurgeStart = new Float64Array(nP);
    this.prShort = new Uint8Array(nP);
    this.prPrice0 = new Float64Array(nP);
    this.prUnitCost = new Float64Array(nP);
    this.prActive = new Int32Array(nP);
    this.prLines = [];
    this.prCogsRate = new Float64Array(nP);
    this.prProduced = new Float64Array(nP);
    this.prDelivered = new Float64Array(nP);
    this.prWritten = new Float64Array(nP);
    this.prUnitsShort = new Float64Array(nP);
    this.prEpOpen = new Uint8Array(nP);
    this.prEpStart = new Float64Array(nP);
    this.prEpPendingEnd = new Float64Array(nP).fill(NaN);
    this.prEpCause = new Uint8Array(nP);
    this.prEpUnits = new Float64Array(nP);
    this.prEpGen = new Int32Array(nP);
    this.prEntryPending = new Uint8Array(nP);
    this.prMark = new Uint8Array(nP);
    this.touched = new Int32Array(nP);
    this.prDiscT = new Float64Array(nP).fill(NaN);
    this.prDiscV = new Float64Array(nP);
    m.products.forEach((pr, i) => {
      this.prForm[i] = FORM_INDEX[pr.form];
      this.prEssential[i] = pr.essential ? 1 : 0;
      const d = pr.annualDemand / DAYS_PER_YEAR;
      this.prBaseD[i] = d;
      this.prD[i] = d;
      this.prTargetDays[i] = pr.inventoryDays;
      this.prTarget[i] = pr.inventoryDays * d;
      this.prInv[i] = this.prTarget[i];
      this.prInv0[i] = this.prTarget[i];
      this.prPrice0[i] = pr.price;
      this.prUnitCost[i] = pr.unitCost;
      this.prLines.push([]);
    });

    // Lines: the market's lines, then reserved slots for entrants (newLineSlot grows the arrays
    // when they run out).
    const reserve = w.marketDynamics.entryEnabled ? Math.max(8, Math.ceil(m.lines.length * 0.1)) : 0;
    const nl = (this.nLines = m.lines.length + reserve);
    this.nLinesUsed = m.lines.length;
    this.lnProduct = new Int32Array(nl).fill(-1);
    this.lnPlant = new Int32Array(nl).fill(-1);
    this.lnFirm = new Int32Array(nl).fill(-1);
    this.lnTech = new Uint8Array(nl);
    this.lnCapacity = new Float64Array(nl);
    this.lnUtil = new Float64Array(nl).fill(1);
    this.lnShare = new Float64Array(nl);
    this.lnActive = new Uint8Array(nl);
    this.lnUp = new Uint8Array(nl).fill(1);
    this.lnGen = new Int32Array(nl);
    this.lnReady = new Uint8Array(nl);
    this.lnRate = new Float64Array(nl);
    this.lnShock = new Float64Array(nl).fill(1);
    this.lnTariff = new Float64Array(nl);
    this.lnHost = new Float64Array(nl).fill(1);
    this.lnApi = [];
    this.lnApiOK = new Uint8Array(nl).fill(1);
    this.lnApiLevel = new Float64Array(nl);
    this.lnApiTarget = new Float64Array(nl);
    this.lnProduced = new Float64Array(nl);
    this.lnExitGen = new Int32Array(nl);
    this.lnBaseCost = new Float64Array(nl);
    this.lnRng = new Array<Rng>(nl);
    this.priceUplift = new Float64Array(nl);
    const snap = placements.get(w);
    if (snap !== undefined && snap.market === m && snap.nLines === nl) {
      // The market's lines were placed before for these parameters (an earlier replication or
      // arm in this thread): copy the result instead of placing 7,000 lines one by one. Same
      // values (the snapshot holds what placeLine computed); only the streams are per replication.
      this.plForm.set(snap.plForm);
      for (let i = 0; i < np; i++) this.plLines[i] = snap.plLines[i].slice();
      for (let i = 0; i < nP; i++) this.prLines[i] = snap.prLines[i].slice();
      this.prActive.set(snap.prActive);
      this.lnProduct.set(snap.lnProduct);
      this.lnPlant.set(snap.lnPlant);
      this.lnFirm.set(snap.lnFirm);
      this.lnShare.set(snap.lnShare);
      this.lnUtil.set(snap.lnUtil);
      this.lnTech.set(snap.lnTech);
      this.lnCapacity.set(snap.lnCapacity);
      this.lnActive.set(snap.lnActive);
      this.lnApiTarget.set(snap.lnApiTarget);
      this.lnApiLevel.set(snap.lnApiLevel);
      this.lnBaseCost.set(snap.lnBaseCost);
      for (let l = 0; l < nl; l++) this.lnApi.push(snap.lnApi[l]);
      const names = snap.streamNames;
      for (let l = 0; l < this.nLinesUsed; l++) this.lnRng[l] = this.streams.create(names[l]);
      this.scratch = new Float64Array(snap.scratchLength);
      this.scratchC = new Float64Array(snap.scratchLength);
      this.scratchR = new Float64Array(snap.scratchLength);
    } else {
      for (let l = 0; l < nl; l++) this.lnApi.push([]);
      m.lines.forEach((ln, l) => this.placeLine(l, ln.product, ln.plant, ln.share, ln.utilization, ln.technology, ln.api));
      let maxLines = 0;
      for (const ls of this.prLines) if (ls.length > maxLines) maxLines = ls.length;
      this.scratch = new Float64Array(maxLines + reserve + 1);
      this.scratchC = new Float64Array(this.scratch.length);
      this.scratchR = new Float64Array(this.scratch.length);
      placements.set(w, {
        market: m, nLines: nl, scratchLength: this.scratch.length,
        plForm: this.plForm.slice(), plLines: this.plLines.map((a) => a.slice()), prLines: this.prLines.map((a) => a.slice()),
        prActive: this.prActive.slice(), lnProduct: this.lnProduct.slice(), lnPlant: this.lnPlant.slice(), lnFirm: this.lnFirm.slice(),
        lnShare: this.lnShare.slice(), lnUtil: this.lnUtil.slice(), lnTech: this.lnTech.slice(),
        lnCapacity: this.lnCapacity.slice(), lnActive: this.lnActive.slice(), lnApiTarget: this.lnApiTarget.slice(),
        lnApiLevel: this.lnApiLevel.slice(), lnBaseCost: this.lnBaseCost.slice(), lnApi: this.lnApi.slice(),
        streamNames: Array.from({ length: this.nLinesUsed }, (_, l) => `line:${l}`),
      });
    }

    this.kBoundary = sim.register('world:inventory-boundary', (p, g) => { if (g === this.prGen[p]) { this.prHandle[p] = -1; this.recompute(p); } });
    this.kClose = sim.register('world:shortage-close', (p, g) => { if (g === this.prEpGen[p]) this.closeEpisode(p); });
  }

  /**
   * A free line slot for an entrant; the per-line arrays grow by half when full (the processes grow
   * theirs through {@link onLinesGrown}; the adoption engine grows its own when the built line is
   * announced to it).
   */
  newLineSlot(): number {
    if (this.nLinesUsed >= this.nLines) {
      const n = Math.ceil(this.nLines * 1.5) + 8;
      const f64 = (a: Float64Array, fill = 0) => { const b = new Float64Array(n).fill(fill); b.set(a); return b; };
      const i32 = (a: Int32Array, fill = 0) => { const b = new Int32Array(n).fill(fill); b.set(a); return b; };
      const u8 = (a: Uint8Array, fill = 0) => { const b = new Uint8Array(n).fill(fill); b.set(a); return b; };
      this.lnProduct = i32(this.lnProduct, -1);
      this.lnPlant = i32(this.lnPlant, -1);
      this.lnFirm = i32(this.lnFirm, -1);
      this.lnTech = u8(this.lnTech);
      this.lnCapacity = f64(this.lnCapacity);
      this.lnUtil = f64(this.lnUtil, 1);
      this.lnShare = f64(this.lnShare);
      this.lnActive = u8(this.lnActive);
      this.lnUp = u8(this.lnUp, 1);
      this.lnGen = i32(this.lnGen);
      this.lnReady = u8(this.lnReady);
      this.lnRate = f64(this.lnRate);
      this.lnShock = f64(this.lnShock, 1);
      this.lnTariff = f64(this.lnTariff);
      this.lnHost = f64(this.lnHost, 1);
      this.lnApiOK = u8(this.lnApiOK, 1);
      this.lnApiLevel = f64(this.lnApiLevel);
      this.lnApiTarget = f64(this.lnApiTarget);
      this.lnProduced = f64(this.lnProduced);
      this.lnExitGen = i32(this.lnExitGen);
      this.lnBaseCost = f64(this.lnBaseCost);
      for (let l = this.nLines; l < n; l++) this.lnApi.push([]);
      this.lnRng.length = n;
      this.nLines = n;
      this.onLinesGrown?.(n);
    }
    return this.nLinesUsed++;
  }
  /** Called after the per-line arrays grew to `n` slots (processes grow theirs). */
  onLinesGrown?: (n: number) => void;

  /** Put a line into slot `l` (initial lines and entrants). Capacity is sized from the share. */
  placeLine(l: number, product: number, plant: number, share: number, util: number, tech: number, api: number[]): void {
    this.lnProduct[l] = product;
    this.lnPlant[l] = plant;
    this.lnFirm[l] = this.plFirm[plant];
    this.lnShare[l] = share;
    this.lnUtil[l] = util;
    this.lnTech[l] = tech;
    this.lnCapacity[l] = (share * this.prBaseD[product]) / util;
    this.lnActive[l] = 1;
    this.lnUp[l] = 1;
    this.lnApi[l] = api;
    if (this.lnRng[l] === undefined) this.lnRng[l] = this.streams.create(`line:${l}`);
    const bufferDays = api.length > 0 ? this.p.supply.apiBufferDays : 0;
    this.lnApiTarget[l] = bufferDays * share * this.prBaseD[product];
    this.lnApiLevel[l] = this.lnApiTarget[l];
    this.lnBaseCost[l] = this.prUnitCost[product] * this.regionCost[this.plRegion[plant]];
    this.prLines[product].push(l);
    this.prActive[product]++;
    this.plLines[plant].push(l);
    if (this.plForm[plant] < 0) this.plForm[plant] = this.prForm[product];
    for (const a of api) this.plLines[a].push(l);
  }

  /** Start: compute every product's rates and schedule its first boundary. */
  start(): void {
    for (let p = 0; p < this.nProducts; p++) this.recompute(p);
  }

  // ------------------------------------------------------------------ prices and costs

  /** Contract price of a product now (erodes with the number of active suppliers). */
  price(p: number): number {
    const e = this.erosion;
    const n = this.prActive[p];
    return this.prPrice0[p] * e[n < 1 ? 0 : n > e.length ? e.length - 1 : n - 1];
  }

  /** Payer-premium price uplift of line l (0 for lines the policy layer does not track). */
  uplift(l: number): number {
    return l < this.priceUplift.length ? this.priceUplift[l] : 0;
  }

  /** Unit cost of line l now ($/unit): product cost x region index x technology x (1 + tariff). */
  unitCost(l: number, tech = this.lnTech[l]): number {
    return this.lnBaseCost[l] * this.tech.unitCost[tech] * (1 + this.lnTariff[l]);
  }

  // ------------------------------------------------------------------ line availability

  /** Whether the line's API supply is available (or buffered). */
  apiAvailable(l: number): boolean {
    return this.lnApiOK[l] === 1 || this.lnApiLevel[l] > 1e-9 * (this.lnApiTarget[l] + 1);
  }

  /**
   * The most line l can produce now (units/day): planned capacity with its surge headroom scaled by
   * the technology, times plant (regulatory action), shock, changeover factors; 0 when down, exited
   * or out of API.
   */
  lineMax(l: number): number {
    if (this.lnActive[l] === 0 || this.lnUp[l] === 0) return 0;
    const pl = this.lnPlant[l];
    const plantF = this.plAction[pl] === 1 ? this.underAction : 1;
    if (plantF === 0) return 0;
    if (!this.apiAvailable(l)) return 0;
    const u = this.lnUtil[l];
    const cap = this.lnCapacity[l] * (u + (1 - u) * this.tech.headroom[this.lnTech[l]]);
    return cap * plantF * this.lnShock[l] * this.lnHost[l];
  }

  /** Why line l delivers less than its commitment (a cause code), or -1 if it does not. */
  lineCause(l: number): number {
    if (this.lnActive[l] === 0 || this.lnHost[l] < 1) return C_EXIT;
    const pl = this.lnPlant[l];
    if (this.plAction[pl] === 1) return this.plActionCause[pl];
    if (this.lnUp[l] === 0) return C_QUALITY;
    if (this.lnShock[l] < 1) return C_SHOCK;
    if (!this.apiAvailable(l)) return C_API;
    return -1;
  }

  // ------------------------------------------------------------------ the fluid core

  /** Bring product p's books (inventory, production, delivery, shortfall, API buffers, money) up to now. */
  accrue(p: number): void {
    const t = this.sim.now;
    // W0, W1 and rho from a Float64Array, not from fields: TurboFan kept the fields' values tagged
    // here, so the window phis below boxed t0 into a heap number on every call (~3 MB of garbage
    // per replication); typed-array loads are plain doubles.
    const cw = this.cw, W0 = cw[0], W1 = cw[1], rho = cw[2];
    const t0 = this.prT[p];
    if (!(t > t0)) return;
    const dt = t - t0;
    this.prT[p] = t;
    const D = this.prD[p], S = this.prS[p];
    const lines = this.prLines[p];
    // Helpers are inlined by hand here: this is the hottest function, and a double returned from a
    // call that is not inlined is boxed (a heap allocation per call).
    const e = this.erosion;
    const n = this.prActive[p];
    const price = this.prPrice0[p] * e[n < 1 ? 0 : n > e.length ? e.length - 1 : n - 1];
    // Overlap with the measured window and its present-value weight.
    const a = t0 > W0 ? t0 : W0, b = t < W1 ? t : W1;
    const win = b > a ? b - a : 0;
    let pv = 0;
    if (win > 0) {
      if (rho === 0) pv = win;
      else {
        // The discount factors at a and b, memoised: b is usually now (shared by every product
        // accrued at this event) and a is usually this product's previous b. Same arguments to
        // Math.exp as computing them afresh, so the same values.
        const da = this.prDiscT[p] === a ? this.prDiscV[p] : Math.exp(-rho * (a - W0));
        let db: number;
        if (this.discT === b) db = this.discV;
        else { db = Math.exp(-rho * (b - W0)); this.discT = b; this.discV = db; }
        this.prDiscT[p] = b;
        this.prDiscV[p] = db;
        pv = (da - db) / rho;
      }
    }
    const fl = this.flow;
    let delivered: number;
    if (this.prShort[p] === 1) {
      delivered = S * dt;
      const short = (D - S) * dt;
      this.prUnitsShort[p] += short;
      this.prEpUnits[p] += short;
      if (win > 0) {
        const ws = (D - S) * win;
        const cu = this.shortCost[this.prForm[p]];
        fl[F_UNITS_SHORT] += ws;
        fl[F_UNITS_SHORT_COST] += ws * cu;
        fl[F_PV] += (D - S) * cu * pv;
      }
    } else {
      let inv = this.prInv[p] + (S - D) * dt;
      delivered = D * dt;
      if (inv < 0) { delivered += inv; inv = 0; }
      this.prInv[p] = inv;
    }
    this.prDelivered[p] += delivered;
    this.prProduced[p] += S * dt;
    let cogsRate = 0;
    const up = this.priceUplift, nUp = up.length, unitCostF = this.tech.unitCost;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      const r = this.lnRate[l];
      // API buffers: drain at the line's rate while cut off; refill toward target while supplied.
      const target = this.lnApiTarget[l];
      if (target > 0) {
        if (this.lnApiOK[l] === 0) {
          const lv = this.lnApiLevel[l] - r * dt;
          this.lnApiLevel[l] = lv > 0 ? lv : 0;
        } else if (this.lnApiLevel[l] < target) {
          const lv = this.lnApiLevel[l] + (target / this.apiRefillDays) * dt;
          this.lnApiLevel[l] = lv < target ? lv : target;
        }
      }
      if (r === 0) continue;
      this.lnProduced[l] += r * dt;
      if (win > 0) {
        const firm = this.lnFirm[l];
        const c = this.lnBaseCost[l] * unitCostF[this.lnTech[l]] * (1 + this.lnTariff[l]);
        const u = l < nUp ? up[l] : 0;
        this.firmRevenue[firm] += r * win * price * (1 + u);
        // The payer premium actually paid: the uplift on the units this line makes in the window.
        if (u > 0) fl[F_PREMIUM] += r * win * price * u;
        this.firmCogs[firm] += r * win * c;
        cogsRate += r * c;
      }
    }
    if (win > 0) {
      fl[F_COGS] += cogsRate * win;
      fl[F_PV] += cogsRate * pv;
    }
  }

  /** Memo of accrue's discount factor exp(-rho (t - W0)): per product at its last accrual, and at the last t. */
  private readonly prDiscT: Float64Array;
  private readonly prDiscV: Float64Array;
  private discT = NaN;
  private discV = 0;

  /** ∫ discount factor over [a, b] (days), discounting from the start of the window. */
  pvFactor(a: number, b: number): number {
    const r = this.rho;
    if (r === 0) return b - a;
    return (Math.exp(-r * (a - this.W0)) - Math.exp(-r * (b - this.W0))) / r;
  }

  /** Book a lump-sum cost (capital or remediation) at now. */
  bookCost(kind: 'capital' | 'remediation', firm: number, amount: number): void {
    const t = this.sim.now;
    if (t < this.W0 || t > this.W1) return;
    if (kind === 'capital') { this.flow[F_CAPITAL] += amount; this.firmCapital[firm] += amount; } else { this.flow[F_REMEDIATION] += amount; this.firmRemediation[firm] += amount; }
    this.flow[F_PV] += amount * Math.exp(-this.rho * (t - this.W0));
  }

  /**
   * Recompute product p's line rates after any change (call `accrue(p)` BEFORE changing state;
   * this calls it again, harmlessly), update surge and shortage state and schedule its next boundary.
   */
  recompute(p: number): void {
    this.accrue(p);
    const D = this.prD[p];
    const target = this.prTarget[p];
    const tolD = 1e-9 * (D + 1e-12);
    const tolInv = 1e-9 * (target + D);
    const lines = this.prLines[p];
    let inv = this.prInv[p];
    if (inv <= tolInv && inv !== 0) { this.prDelivered[p] += inv; inv = 0; this.prInv[p] = 0; }
    const atTarget = inv >= target - tolInv;

    // Committed output; a surge (ramp-up of the other suppliers) is needed only while the
    // commitments cannot cover demand. Otherwise lines may use their headroom at once to refill.
    if (lines.length > this.scratch.length) {
      this.scratch = new Float64Array(lines.length * 2);
      this.scratchC = new Float64Array(lines.length * 2);
      this.scratchR = new Float64Array(lines.length * 2);
    }
    // Per line i: mx = lineMax, cs = commitment share·D, rt = the rate set below (kept here so the
    // later loops do not reload lnShare and lnRate; the same products and comparisons as before).
    const mx = this.scratch, cs = this.scratchC, rt = this.scratchR;
    let committed = 0;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      const c = this.lnShare[l] * D;
      const m = this.lineMax(l);
      mx[i] = m;
      cs[i] = c;
      committed += c < m ? c : m;
    }
    const needRamp = committed < D - tolD;
    let nextReady = Infinity;
    if (needRamp && this.prSurging[p] === 0) this.startSurge(p);
    else if (!needRamp && this.prSurging[p] === 1) {
      this.prSurging[p] = 0;
      for (let i = 0; i < lines.length; i++) this.lnReady[lines[i]] = 0;
    }
    if (this.prSurging[p] === 1) {
      // Lines become ready when their ramp delay has elapsed since the surge started; the earliest
      // pending one is folded into this product's next boundary (no separate ramp events).
      const elapsed = this.sim.now - this.prSurgeStart[p];
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        if (this.lnReady[l] === 1) continue;
        const d = this.lnTech[l] > 0 ? this.rampAmt[this.prForm[p]] : this.ramp[this.prForm[p]];
        if (elapsed >= d - 1e-9) this.lnReady[l] = 1;
        else if (d - elapsed < nextReady) nextReady = d - elapsed;
      }
    }

    // Rates: bounds are the commitment (ramping) or the maximum (ready, or no ramp needed).
    let P = 0;
    for (let i = 0; i < lines.length; i++) {
      const m = mx[i];
      const c = cs[i];
      const bound = !needRamp || this.lnReady[lines[i]] === 1 ? m : c < m ? c : m;
      rt[i] = bound;
      P += bound;
    }
    let S = P;
    if (atTarget && P > D) {
      // Throttle to demand: commitments first, then the spare of the others in proportion.
      let base = 0, spare = 0;
      for (let i = 0; i < lines.length; i++) {
        const m = mx[i];
        const c = cs[i];
        const cm = c < m ? c : m;
        base += cm;
        spare += rt[i] - cm;
      }
      const rem = D - base;
      const f = spare > 0 && rem > 0 ? rem / spare : 0;
      for (let i = 0; i < lines.length; i++) {
        const m = mx[i];
        const c = cs[i];
        const cm = c < m ? c : m;
        rt[i] = rem > 0 ? cm + (rt[i] - cm) * f : cm * (D / base);
      }
      S = D; // exact, so inventory stays at target
    }
    for (let i = 0; i < lines.length; i++) this.lnRate[lines[i]] = rt[i];
    this.prS[p] = S;

    // Next boundary: stock-out, refill to target, or an API buffer running dry.
    let next = nextReady;
    if (S < D - tolD && inv > 0) { const t = inv / (D - S); if (t < next) next = t; }
    else if (S > D + tolD && inv < target - tolInv) { const t = (target - inv) / (S - D); if (t < next) next = t; }
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      const r = rt[i];
      if (this.lnApiOK[l] === 0 && r > 0 && this.lnApiLevel[l] > 0) {
        const t = this.lnApiLevel[l] / r;
        if (t < next) next = t;
      }
    }
    // One pending boundary per product: cancel the previous one (a tombstone the kernel skips).
    const g = ++this.prGen[p];
    if (this.prHandle[p] >= 0) { this.sim.cancel(this.prHandle[p]); this.prHandle[p] = -1; }
    if (next < Infinity && this.sim.now + next <= this.W1) this.prHandle[p] = this.sim.schedule(this.kBoundary, next, p, g);

    // Shortage state.
    const short = inv === 0 && S < D - tolD;
    if (short && this.prShort[p] === 0) {
      this.prShort[p] = 1;
      this.shortageStarts(p);
    } else if (!short && this.prShort[p] === 1) {
      this.prShort[p] = 0;
      this.shortageEnds(p);
    }
  }

  /** A surge starts: every line ramps up after its delay (see recompute, which times the ramps). */
  private startSurge(p: number): void {
    this.prSurging[p] = 1;
    this.prSurgeStart[p] = this.sim.now;
    const lines = this.prLines[p];
    for (let i = 0; i < lines.length; i++) this.lnReady[lines[i]] = 0;
  }

  /** A newly built line (entrant) needs no ramp: it was built to supply. */
  rampNewLine(l: number): void {
    this.lnReady[l] = 1;
  }

  // ------------------------------------------------------------------ shortage episodes

  private shortageStarts(p: number): void {
    if (this.prEpOpen[p] === 1) {
      // Within the merge gap of the previous episode: it continues.
      this.prEpPendingEnd[p] = NaN;
      this.prEpGen[p]++;
      return;
    }
    this.prEpOpen[p] = 1;
    this.prEpStart[p] = this.sim.now;
    this.prEpPendingEnd[p] = NaN;
    this.prEpUnits[p] = 0;
    this.prEpGen[p]++;
    this.prEpCause[p] = this.attributeCause(p);
    this.onEpisodeStart?.(p);
  }

  private shortageEnds(p: number): void {
    this.prEpPendingEnd[p] = this.sim.now;
    const g = ++this.prEpGen[p];
    const gap = this.p.shortage.mergeGap;
    if (gap <= 0) this.closeEpisode(p);
    else if (this.sim.now + gap <= this.W1) this.sim.schedule(this.kClose, gap, p, g);
  }

  private closeEpisode(p: number): void {
    if (this.prEpOpen[p] === 0) return;
    this.prEpOpen[p] = 0;
    this.prEpGen[p]++;
    this.record(p, this.prEpPendingEnd[p], false);
  }

  private record(p: number, end: number, censored: boolean): void {
    const start = this.prEpStart[p];
    if (end - start < this.p.shortage.minDuration || end <= start) return;
    this.episodes.push({ product: p, start, end, censored, cause: this.prEpCause[p], unitsShort: this.prEpUnits[p] });
  }

  /** Whether product p is inside a shortage episode now (short, or within the merge gap). */
  inEpisode(p: number): boolean {
    return this.prEpOpen[p] === 1;
  }

  /** The largest contributor to product p's supply gap now (a cause code). */
  attributeCause(p: number): number {
    const by = this.causeCount;
    by.fill(0);
    const D = this.prD[p];
    const base = this.prBaseD[p] * this.trendFactor;
    if (D > base) by[C_DEMAND] += D - base;
    const lines = this.prLines[p];
    let shares = 0;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (this.lnActive[l] === 1) shares += this.lnShare[l];
      const c = this.lnShare[l] * D;
      const lost = c - this.lnRate[l];
      if (lost <= 0) continue;
      const cause = this.lineCause(l);
      by[cause < 0 ? C_DEMAND : cause] += lost;
    }
    // Shares left by exited suppliers and not yet reallocated.
    if (shares < 1 - 1e-9) by[C_EXIT] += (1 - shares) * D;
    let best = C_DEMAND, bv = 0;
    for (let c = 0; c < NC; c++) if (by[c] > bv) { bv = by[c]; best = c; }
    return best;
  }

  /** Demand trend factor (piecewise constant; set by the demand process). */
  trendFactor = 1;

  /** Close the books at the horizon: accrue every product and record open episodes (censored). */
  finish(): void {
    for (let p = 0; p < this.nProducts; p++) {
      this.accrue(p);
      if (this.prEpOpen[p] === 1) {
        const pend = this.prEpPendingEnd[p];
        this.record(p, Number.isNaN(pend) ? this.sim.now : pend, Number.isNaN(pend));
        this.prEpOpen[p] = 0;
      }
    }
  }

  // ------------------------------------------------------------------ helpers for processes

  /**
   * Accrue the products of `lines` up to now; call BEFORE changing the state of those lines (or
   * their plants), then call {@link endChange} to recompute the products. Not re-entrant.
   */
  beginChange(lines: readonly number[]): void {
    if (this.changing) throw new Error('World.beginChange: nested change');
    this.changing = true;
    for (let i = 0; i < lines.length; i++) this.touchProduct(this.lnProduct[lines[i]]);
  }

  /** {@link beginChange} for a single line. */
  beginLine(l: number): void {
    if (this.changing) throw new Error('World.beginLine: nested change');
    this.changing = true;
    this.touchProduct(this.lnProduct[l]);
  }

  /** Add product p to the current change (accrued now, recomputed at endChange). */
  touchProduct(p: number): void {
    if (p >= 0 && this.prMark[p] === 0) { this.prMark[p] = 1; this.touched[this.nTouched++] = p; this.accrue(p); }
  }

  /** Recompute the products touched since {@link beginChange}. */
  endChange(): void {
    const ps = this.touched;
    for (let i = 0; i < this.nTouched; i++) this.prMark[ps[i]] = 0;
    this.changing = false;
    // recompute() may schedule events but never starts another change.
    for (let i = 0; i < this.nTouched; i++) this.recompute(ps[i]);
    this.nTouched = 0;
  }
  private changing = false;
  /**
   * The products of the current change (the first `nTouched`; each at most once, by prMark). A typed
   * array with a count, not `number[]` emptied with `length = 0`: V8 drops an emptied array's backing
   * store, so every change allocated a new one (≈ 2 MB per replication).
   */
  private readonly touched: Int32Array;
  private nTouched = 0;

  /** Recompute whether each line fed by API plants has an available API source. */
  refreshApi(l: number, blocked: (apiPlant: number, line: number) => boolean): void {
    const api = this.lnApi[l];
    if (api.length === 0) { this.lnApiOK[l] = 1; return; }
    let ok = 0;
    for (let i = 0; i < api.length; i++) {
      const a = api[i];
      if (this.plUp[a] === 1 && this.plAction[a] === 0 && !blocked(a, l)) { ok = 1; break; }
    }
    this.lnApiOK[l] = ok;
  }

  /** Form code of a line's product. */
  lineFormCode(l: number): number {
    const p = this.lnProduct[l];
    return p >= 0 ? this.prForm[p] : FORM_INDEX.other;
  }
}
