/**
 * The AMT adoption engine (MODEL.md §5–6): adoption paths, firms' conversion decisions, the conversion
 * pipeline (implementation → regulatory filing → changeover), and the incentive programs (grants,
 * expedited review, CBE-30 flexibility, payer premium, Centers of Excellence, designation).
 *
 * The world implements {@link AdoptionHost}; this engine never touches world state directly.
 * Adoption events are rare (a few per firm-year), so closures and small objects are fine here.
 */
import type { Simulation, Rng } from '../../kernel/index.js';
import type { ApplicationType, MetricName } from '../outputs.js';
import { DAYS_PER_YEAR } from '../../scenario/units.js';
import type { Regulator, SubmitOptions } from '../regulator/regulator.js';
import { AMT_TYPES, techCode, type AmtType, type EligibilityParams, type PolicyParams, type TechnologyParams } from '../policy/params.js';
import { OutlayLedger } from '../policy/ledger.js';
import type { AdoptionHost, LineEconomics } from './host.js';

const NK = AMT_TYPES.length;

/** A uniform in (0, 1) from a 32-bit seed and three small integers (murmur3 finalizer). */
function hashUniform(seed: number, i: number, j: number, k: number): number {
  let x = (seed ^ Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(j + 1, 0x85ebca77) ^ Math.imul(k + 1, 0xc2b2ae3d)) >>> 0;
  x ^= x >>> 16; x = Math.imul(x, 0x85ebca6b); x ^= x >>> 13; x = Math.imul(x, 0xc2b2ae35); x ^= x >>> 16;
  return ((x >>> 0) + 0.5) / 4294967296;
}

/** Present value of 1 $/year received continuously from year `from` to year `to` at rate r. */
function annuity(r: number, from: number, to: number): number {
  if (!(to > from)) return 0;
  return r > 0 ? (Math.exp(-r * from) - Math.exp(-r * to)) / r : to - from;
}
/** Days between payer-premium audits (exited lines stop being paid; volumes re-rated). */
const PREMIUM_AUDIT = DAYS_PER_YEAR / 4;

/** Designation state of a (firm, AMT type). */
const D_NONE = 0, D_PENDING = 1, D_GRANTED = 2;

/** Line pipeline state. */
const L_IDLE = 0, L_CONVERTING = 1;

/** Run settings the engine needs (days). */
export interface EngineRun {
  warmupDays: number;
  horizonDays: number;
}

/** The NPV of one candidate project and its parts (all $, present value at the decision). */
export interface ProjectValuation {
  line: number;
  type: AmtType;
  /** Capital cost before subsidy (learning curve, scale and CoE applied). */
  capital: number;
  /** Grant available for it now (0 if ineligible or no budget). */
  grant: number;
  /** Days from decision until the line runs the new technology at full capacity. */
  timeToBenefit: number;
  /** Filing it would use. */
  filing: ApplicationType;
  expedited: boolean;
  /** Present values of the parts (capital net of grant is negative). */
  pvCapital: number;
  pvChangeover: number;
  pvSavings: number;
  pvFailures: number;
  pvPremium: number;
  pvSurge: number;
  npv: number;
  /** NPV / net capital (the logit's utility). */
  profitabilityIndex: number;
}

/** The timeline of one conversion project (days since the start; NaN until reached). */
export interface ProjectRecord {
  line: number;
  type: AmtType;
  capital: number;
  grant: number;
  begun: number;
  filed: number;
  /** Filing used (the last one if resubmitted). */
  filing: ApplicationType;
  /** When the filing allowed the change (approval, or the CBE-30 wait). */
  implementable: number;
  completed: number;
}

/** Counts the engine reports (inside the measured window). */
export interface AdoptionCounts {
  conversions: number;
  designations: number;
  techTransfers: number;
  conversionsStarted: number;
}

/**
 * Adoption and policies of one replication.
 *
 * @example
 * const engine = new AdoptionEngine(sim, host, policies, regulator, (n) => streams.get(n), run);
 * engine.start(); // after the world is built
 * sim.run(run.horizonDays);
 * Object.assign(metrics, engine.metrics());
 */
export class AdoptionEngine {
  /**
   * Fractional price uplift per line from the payer premium (read by the world when pricing). A new
   * array replaces it when {@link addLine} grows the per-line arrays: re-read it after addLine.
   */
  priceUplift: Float64Array;
  readonly ledger: OutlayLedger;
  private readonly p: PolicyParams;
  private readonly techs: TechnologyParams[];
  private readonly kFixed: Float64Array;
  private readonly kCapital: Float64Array;
  private readonly kRefUnits: Float64Array;
  private readonly kScaleExp: Float64Array;
  private readonly kHeadroomUB: Float64Array;
  private readonly kSavingUB: Float64Array;
  private readonly policyStart: number;
  private readonly linesOfFirm: number[][] = [];
  private lineState: Uint8Array;
  private premiumStart: Float64Array;
  private premiumRate: Float64Array;
  private premiumExpired: Uint8Array;
  private premiumSince: Float64Array;
  private readonly hurdle: Float64Array;
  private readonly lastEpoch: Float64Array;
  private readonly budgetYearStart: Float64Array;
  private readonly budgetSpent: Float64Array;
  private readonly designation: Uint8Array;
  private readonly coeParticipant: Uint8Array;
  private readonly graduated = new Uint8Array(NK);
  private readonly designatedApprovals = new Float64Array(NK);
  private readonly cumulative = new Float64Array(NK);
  private readonly econ0: LineEconomics = { annualUnits: 0, price: 0, unitCost: 0, failureCostPerYear: 0, surgeUnitsPerYear: 0 };
  private readonly econ1: LineEconomics = { annualUnits: 0, price: 0, unitCost: 0, failureCostPerYear: 0, surgeUnitsPerYear: 0 };
  private readonly choiceSeed: number;
  private readonly epochCount: Int32Array;
  private readonly designationSeed: number;
  private readonly designationAttempts: Uint16Array;
  private readonly rngCoe: Rng;
  private readonly rngMandate: Rng;
  private readonly rngFirm: Rng;
  private grantYear = -1;
  private grantSpentYear = 0;
  private grantSpentTotal = 0;
  private coeSpent = 0;
  private started = false;
  private mandateOrder: number[] = [];
  private mandateNext = 0;
  // Event kinds.
  private readonly kEpoch: number;
  private readonly kFailureEpoch: number;
  private readonly kImplemented: number;
  private readonly kChangeoverDone: number;
  private readonly kMandate: number;
  private readonly kPolicyStart: number;
  private readonly kCoeYear: number;
  private readonly kPremiumEnd: number;
  private readonly kResubmit: number;
  private readonly kPremiumAudit: number;
  // Window counts.
  private nConversions = 0;
  private nStarted = 0;
  private nDesignations = 0;
  private nTransfers = 0;
  /** Per project (index = project id): line, type index, firm. */
  private readonly projLine: number[] = [];
  private readonly projType: number[] = [];
  /** Timeline of each project (days; NaN until reached), for diagnostics and tests. */
  private readonly projLog: ProjectRecord[] = [];
  /** Optional observer for tests and traces. */
  onTrace?: (event: string, detail: Record<string, number | string | boolean>) => void;

  constructor(
    private readonly sim: Simulation,
    readonly host: AdoptionHost,
    policies: PolicyParams,
    private readonly regulator: Regulator,
    stream: (name: string) => Rng,
    private readonly run: EngineRun,
  ) {
    this.p = policies;
    this.techs = AMT_TYPES.map((t) => policies.adoption.technologies[t]);
    // Per-type numbers read for every idle line at every epoch, out of the parameter objects (whose
    // shapes differ by type, which made those reads polymorphic).
    this.kFixed = Float64Array.from(this.techs, (t) => t.fixedCost);
    this.kCapital = Float64Array.from(this.techs, (t) => t.capitalCost);
    this.kRefUnits = Float64Array.from(this.techs, (t) => t.referenceAnnualUnits);
    this.kScaleExp = Float64Array.from(this.techs, (t) => t.scaleExponent);
    this.kHeadroomUB = Float64Array.from(this.techs, (t) => Math.max(0, t.surgeHeadroomFactor - 1));
    this.kSavingUB = Float64Array.from(this.techs, (t) => Math.max(0, 1 - t.unitCostFactor));
    this.policyStart = run.warmupDays + policies.start;
    this.ledger = new OutlayLedger(run.warmupDays, run.horizonDays);
    const nl = host.lineCount, nf = host.firmCount;
    this.nLines = nl;
    this.priceUplift = new Float64Array(nl);
    this.lineTypes = new Uint16Array(nl);
    this.scaleCap = new Float64Array(nl * NK).fill(NaN);
    this.scaleVal = new Float64Array(nl * NK);
    this.lineState = new Uint8Array(nl);
    this.premiumStart = new Float64Array(nl).fill(NaN);
    this.premiumRate = new Float64Array(nl);
    this.premiumExpired = new Uint8Array(nl);
    this.premiumSince = new Float64Array(nl);
    this.hurdle = new Float64Array(nf);
    this.lastEpoch = new Float64Array(nf).fill(-Infinity);
    this.budgetYearStart = new Float64Array(nf).fill(-Infinity);
    this.budgetSpent = new Float64Array(nf);
    this.designation = new Uint8Array(nf * NK);
    this.coeParticipant = new Uint8Array(nf * NK);
    this.cumulative.fill(policies.adoption.initialCumulative);
    this.choiceSeed = Math.floor(stream('adoption:choice')() * 4294967296) >>> 0;
    this.epochCount = new Int32Array(nf);
    this.designationSeed = Math.floor(stream('policy:designation')() * 4294967296) >>> 0;
    this.designationAttempts = new Uint16Array(nf * NK);
    this.rngCoe = stream('policy:coe');
    this.rngMandate = stream('adoption:mandate');
    this.rngFirm = stream('adoption:firms');
    this.kEpoch = sim.register('adoption:epoch', (f) => this.epoch(f, true));
    this.kFailureEpoch = sim.register('adoption:failure-epoch', (f) => this.epoch(f, false));
    this.kImplemented = sim.register('adoption:implemented', (id) => this.file(id));
    this.kChangeoverDone = sim.register('adoption:changeover-done', (id) => this.complete(id));
    this.kMandate = sim.register('adoption:mandate', () => this.mandateCheck());
    this.kPolicyStart = sim.register('policy:start', () => this.startPolicies());
    this.kCoeYear = sim.register('policy:coe-year', (year) => this.coeYear(year));
    this.kPremiumEnd = sim.register('policy:premium-end', (line) => this.endPremium(line));
    this.kResubmit = sim.register('adoption:resubmit', (id) => this.file(id));
    this.kPremiumAudit = sim.register('policy:premium-audit', () => this.premiumAudit());
  }

  /** Schedule epochs, the mandate and the policies. Call once, after the world is built. */
  start(): void {
    if (this.started) throw new Error('AdoptionEngine.start() called twice');
    this.started = true;
    const h = this.host;
    for (let f = 0; f < h.firmCount; f++) this.linesOfFirm.push([]);
    for (let l = 0; l < this.nLines; l++) this.linesOfFirm[h.lineFirm(l)].push(l);
    // Per-firm draws in a fixed order (hurdle premium, then epoch offset) so they are common to all arms.
    const a = this.p.adoption;
    const offsets = new Float64Array(h.firmCount);
    for (let f = 0; f < h.firmCount; f++) {
      this.hurdle[f] = this.rngFirm() * a.hurdleSpread;
      offsets[f] = this.rngFirm() * a.epochInterval;
    }
    if (a.path === 'endogenous') {
      for (let f = 0; f < h.firmCount; f++) this.sim.schedule(this.kEpoch, offsets[f], f);
    } else if (a.path === 'mandated') {
      this.prepareMandate();
      this.sim.schedule(this.kMandate, 0);
    }
    if (this.policyStart <= this.run.horizonDays) this.sim.scheduleAt(this.kPolicyStart, Math.max(this.sim.now, this.policyStart));
  }

  // ---------------------------------------------------------------- policy state

  private policyActive(): boolean {
    return this.sim.now >= this.policyStart;
  }

  /** Whether (firm, type) counts as designated for the other policies (always, when designation is off). */
  isDesignated(firm: number, k: number): boolean {
    if (this.graduated[k]) return false;
    if (!this.p.designation.enabled) return true;
    return this.designation[firm * NK + k] === D_GRANTED;
  }

  private eligible(e: EligibilityParams, line: number): boolean {
    const h = this.host;
    if (e.essentialOnly && !h.lineEssential(line)) return false;
    if (e.domesticOnly && !h.lineDomestic(line)) return false;
    if (h.lineSuppliers(line) > e.maxSuppliers) return false;
    return true;
  }

  /** Probability that (firm, type) has designation benefits when its filing goes in: 1 if designated, the approval odds if not yet, 0 once graduated. */
  private designationOdds(firm: number, k: number): number {
    if (!this.p.designation.enabled) return 1;
    if (this.graduated[k]) return 0;
    return this.isDesignated(firm, k) ? 1 : this.p.designation.approvalProbability;
  }

  private expeditedFor(firm: number, k: number): boolean {
    return this.p.expeditedReview.enabled && this.policyActive() && this.isDesignated(firm, k);
  }

  private cbe30For(firm: number, k: number): boolean {
    const c = this.p.cbe30;
    return c.enabled && this.policyActive() && (!c.requiresDesignation || this.isDesignated(firm, k));
  }

  /** Filing type for a later manufacturing change on this line (CBE-30 on AMT lines under CBE-30 flexibility). */
  changeFilingType(line: number): 'pas' | 'cbe30' {
    const tech = this.host.lineTech(line);
    return tech > 0 && this.cbe30For(this.host.lineFirm(line), tech - 1) ? 'cbe30' : 'pas';
  }

  /** Submit options for a later change on this line (AMT flag; expedited if designated under the program). */
  changeSubmitOptions(line: number): SubmitOptions {
    const tech = this.host.lineTech(line);
    if (tech === 0) return { amt: false };
    return { amt: true, expedited: this.expeditedFor(this.host.lineFirm(line), tech - 1) };
  }

  /** Whether a line is in a conversion pipeline. */
  isConverting(line: number): boolean {
    return this.lineState[line] === L_CONVERTING;
  }

  /** Tell the engine a firm had a major or critical quality failure: it reconsiders AMT soon. */
  onMajorFailure(firm: number): void {
    if (this.p.adoption.path !== 'endogenous' || !this.started) return;
    if (this.sim.now - this.lastEpoch[firm] < this.p.adoption.failureEpochCooldown) return;
    this.lastEpoch[firm] = this.sim.now; // claim the slot so repeated failures do not queue epochs
    this.sim.schedule(this.kFailureEpoch, 0, firm);
  }

  /**
   * Offer a line built during the run (an entrant's) to the engine: its firm values converting it
   * at later epochs like any other idle traditional line, the payer premium and the mandate see it.
   * Call once the line is placed (its firm, form and capacity are known). Lines are added in
   * increasing index order; the per-line arrays grow by half when full.
   */
  addLine(line: number): void {
    if (line < this.nLines) throw new RangeError(`addLine: line ${line} is already known to the adoption engine`);
    if (line >= this.lineState.length) this.growLines(Math.max(line + 1, Math.ceil(this.lineState.length * 1.5) + 8));
    this.nLines = line + 1;
    if (!this.started) return; // start() files every line then
    this.linesOfFirm[this.host.lineFirm(line)].push(line);
    // The mandate converts entrants' lines after the initial lines, in order of entry.
    if (this.p.adoption.path === 'mandated' && this.mandateFits(line)) this.mandateOrder.push(line);
  }

  /** Lines known to the engine: the initial market's, then those given to {@link addLine}. */
  get lineCount(): number {
    return this.nLines;
  }
  private nLines: number;

  private growLines(n: number): void {
    const f64 = (a: Float64Array, per = 1, fill = 0) => { const b = new Float64Array(n * per).fill(fill); b.set(a); return b; };
    const u8 = (a: Uint8Array) => { const b = new Uint8Array(n); b.set(a); return b; };
    this.priceUplift = f64(this.priceUplift);
    this.lineTypes = (() => { const b = new Uint16Array(n); b.set(this.lineTypes); return b; })();
    this.scaleCap = f64(this.scaleCap, NK, NaN);
    this.scaleVal = f64(this.scaleVal, NK);
    this.lineState = u8(this.lineState);
    this.premiumStart = f64(this.premiumStart, 1, NaN);
    this.premiumRate = f64(this.premiumRate);
    this.premiumExpired = u8(this.premiumExpired);
    this.premiumSince = f64(this.premiumSince);
  }

  // ---------------------------------------------------------------- valuation

  /** Capital cost of converting `line` to type index k now: (fixed + scaled cost) x learning curve x CoE. */
  capitalCost(line: number, k: number): number {
    this.computeCapital(line, k);
    return this.capitalOut[0];
  }
  /**
   * {@link capitalCost} into `capitalOut[0]`: valueLine calls this form, because a double returned
   * from a call that is not inlined is boxed (a heap number per call, ≈ 0.6 MB per replication).
   */
  private computeCapital(line: number, k: number): void {
    // The two powers dominated the engine's time (every idle line x type at every epoch), so both
    // are memoised: the scale factor per (line, type) keyed on the capacity it was computed from,
    // the learning factor per type keyed on the cumulative count. Same inputs, same results.
    const cap = this.host.lineCapacity(line);
    const i = line * NK + k;
    let scale: number;
    if (i < this.scaleCap.length && this.scaleCap[i] === cap) scale = this.scaleVal[i];
    else {
      const annual = Math.max(cap, 0) * DAYS_PER_YEAR;
      scale = Math.pow(annual / this.kRefUnits[k], this.kScaleExp[k]);
      if (i < this.scaleCap.length) { this.scaleCap[i] = cap; this.scaleVal[i] = scale; }
    }
    const learning = this.learningFactor(k);
    const coe = this.coeParticipant[this.host.lineFirm(line) * NK + k] ? 1 - this.p.coe.capitalCostReduction : 1;
    this.capitalOut[0] = (this.kFixed[k] + this.kCapital[k] * scale) * learning * coe;
  }
  private readonly capitalOut = new Float64Array(1);
  /**
   * Bit k set if AMT type index k can be used on the line's dosage form (a line's product, hence its
   * form, never changes; memoised per line, computed on first use).
   */
  private typeMask(line: number): number {
    if (line < this.lineTypes.length && this.lineTypes[line] !== 0) return this.lineTypes[line] & 0xff;
    const form = this.host.lineForm(line);
    let m = 0;
    for (let k = 0; k < NK; k++) if (this.techs[k].forms.includes(form)) m |= 1 << k;
    if (line < this.lineTypes.length) this.lineTypes[line] = m | 0x100;
    return m;
  }
  /** typeMask memo: 0 = not computed, else 0x100 | mask. */
  private lineTypes: Uint16Array;

  /** Learning-curve factor of type index k now (memoised on the cumulative count). */
  private learningFactor(k: number): number {
    if (this.learnCum[k] === this.cumulative[k]) return this.learnVal[k];
    const a = this.p.adoption;
    const learning = Math.pow(this.cumulative[k] / a.initialCumulative, -a.learningExponent);
    this.learnCum[k] = this.cumulative[k];
    this.learnVal[k] = learning;
    return learning;
  }

  /**
   * A lower bound on the net capital (capital - grant) of converting any line of `firm` to type k
   * now (computed once per firm-epoch in prepareFirm): the fixed cost alone (scaled cost >= 0), less
   * the largest share a grant could pay, less a 1e-9 margin that covers rounding. Lets the NPV
   * screen drop a line without the scale power when even the fixed cost exceeds its best case;
   * lines it keeps get the exact test, so decisions are unchanged.
   */
  private firmCapitalFloor(firm: number, k: number): number {
    const coe = this.coeParticipant[firm * NK + k] ? 1 - this.p.coe.capitalCostReduction : 1;
    let f = this.kFixed[k] * this.learningFactor(k) * coe;
    const g = this.p.grants;
    if (g.enabled) f *= Math.max(0, 1 - g.shareOfCapital);
    return f > 0 ? f * (1 - 1e-9) : -Infinity;
  }

  /** Memo of capitalCost's scale factor per (line, type): the capacity it was computed at (NaN: none) and the value. */
  private scaleCap: Float64Array;
  private scaleVal: Float64Array;
  /** Memo of the learning factor per type: the cumulative count it was computed at (NaN: none) and the value. */
  private readonly learnCum = new Float64Array(NK).fill(NaN);
  private readonly learnVal = new Float64Array(NK);

  private implementationTime(firm: number, k: number): number {
    const coe = this.coeParticipant[firm * NK + k] ? 1 - this.p.coe.implementationReduction : 1;
    return this.techs[k].implementation * coe;
  }

  /** Grant the program would pay for this project now (first come, first served against the budgets). */
  grantFor(line: number, capital: number): number {
    const g = this.p.grants;
    if (!g.enabled || !this.policyActive() || !this.eligible(g.eligibility, line)) return 0;
    this.rollGrantYear();
    const left = Math.min(g.annualBudget - this.grantSpentYear, g.totalBudget - this.grantSpentTotal);
    return Math.max(0, Math.min(g.shareOfCapital * capital, g.perProjectCap, left));
  }

  private rollGrantYear(): void {
    const y = Math.floor((this.sim.now - this.policyStart) / DAYS_PER_YEAR);
    if (y !== this.grantYear) { this.grantYear = y; this.grantSpentYear = 0; }
  }

  private filingFor(firm: number, k: number): { type: ApplicationType; opts: SubmitOptions } {
    const expedited = this.expeditedFor(firm, k);
    if (this.cbe30For(firm, k)) return { type: 'cbe30', opts: { amt: true, expedited } };
    return { type: 'pas', opts: { amt: true, expedited, inspection: this.techs[k].preApprovalInspection } };
  }

  /**
   * Per-firm, per-type timing and discount factors of a valuation now (the regulator's expectations and
   * the policies do not change within an epoch, so they are computed once per firm and type).
   */
  private prepareFirm(firm: number): void {
    const a = this.p.adoption, c = this.ctx;
    const base = this.host.firmDiscountRate(firm) + this.hurdle[firm];
    const e = this.p.expeditedReview;
    const cutOn = e.enabled && this.policyActive() && e.riskPremiumReduction > 0;
    const H = a.horizon / DAYS_PER_YEAR;
    const pp = this.p.payerPremium;
    const premiumOn = pp.enabled && this.policyActive();
    for (let k = 0; k < NK; k++) {
      const t = this.techs[k];
      // Under the expedited-review program, designation (expected with its approval probability when
      // not yet granted) removes part of the regulatory risk premium: uncertainty is the barrier GAO
      // names, and designation with early FDA engagement is the program's answer to it.
      const r = base + a.regulatoryRiskPremium * (cutOn ? 1 - e.riskPremiumReduction * this.designationOdds(firm, k) : 1);
      // filingFor without its two allocations (this runs for every firm-epoch and type).
      const expedited = this.expeditedFor(firm, k);
      const cbe30 = this.cbe30For(firm, k);
      const opts = cbe30 ? this.optsCbe30 : this.optsPas;
      opts.expedited = expedited;
      if (!cbe30) opts.inspection = t.preApprovalInspection;
      const type: ApplicationType = cbe30 ? 'cbe30' : 'pas';
      const tReg = this.regulator.expectedTimeToImplement(type, opts);
      const tSwitch = (this.implementationTime(firm, k) + tReg) / DAYS_PER_YEAR;
      const tBenefit = tSwitch + t.changeover / DAYS_PER_YEAR;
      c.filing[k] = type;
      c.expedited[k] = expedited === true;
      c.tBenefit[k] = tBenefit;
      c.changeoverAnnuity[k] = annuity(r, tSwitch, Math.min(tBenefit, H));
      c.flowAnnuity[k] = annuity(r, tBenefit, H);
      // The screen's capital floor for any line of this firm: it depends on the line only through
      // its firm (CoE participation), and nothing it reads changes within an epoch.
      c.floor[k] = this.firmCapitalFloor(firm, k);
      c.premiumAnnuity[k] = premiumOn && !this.graduated[k]
        ? (this.isDesignated(firm, k) ? 1 : this.p.designation.approvalProbability) * annuity(r, tBenefit, Math.min(tBenefit + pp.duration / DAYS_PER_YEAR, H))
        : 0;
    }
  }
  /** Scratch filing options of prepareFirm (the shapes filingFor returns). */
  private readonly optsPas: SubmitOptions = { amt: true, expedited: false, inspection: false };
  private readonly optsCbe30: SubmitOptions = { amt: true, expedited: false };
  private readonly ctx = {
    filing: new Array<ApplicationType>(NK).fill('pas'),
    expedited: new Array<boolean>(NK).fill(false),
    tBenefit: new Float64Array(NK),
    changeoverAnnuity: new Float64Array(NK),
    flowAnnuity: new Float64Array(NK),
    premiumAnnuity: new Float64Array(NK),
    floor: new Float64Array(NK),
  };

  /**
   * Value the eligible AMT types of one idle traditional line (after `prepareFirm` for its firm) and
   * append the valuations to `out` — only those with positive NPV when `positiveOnly`, after a cheap
   * upper bound screens out lines whose best case cannot repay the capital.
   *
   * NPV = -(capital - grant) - changeover loss + PV(savings + avoided failures + premium + surge),
   * benefits from implementation + expected regulatory time + changeover until the valuation horizon,
   * discounted continuously at discount rate + firm hurdle premium + regulatory risk premium.
   */
  private valueLine(line: number, positiveOnly: boolean, out: ProjectValuation[]): void {
    const h = this.host, a = this.p.adoption, c = this.ctx;
    const e0 = this.econ0, e1 = this.econ1;
    let haveE0 = false;
    const pp = this.p.payerPremium;
    const premiumEligible = pp.enabled && this.eligible(pp.eligibility, line);
    const mask = this.typeMask(line);
    // Parts of the screen's bound that do not depend on the type, computed once per line: the same
    // operations on the same operands as the per-type expression (evaluated left to right), so the
    // same values. Set when e0 is filled.
    let unitsCost = 0, failRecognised = 0, spare = 0, upliftPrice = 0;
    for (let k = 0; k < NK; k++) {
      if ((mask & (1 << k)) === 0) continue;
      if (!haveE0) {
        h.lineEconomics(line, h.lineTech(line), e0);
        haveE0 = true;
        unitsCost = e0.annualUnits * e0.unitCost;
        failRecognised = a.failureLossRecognition * e0.failureCostPerYear;
        spare = Math.max(0, h.lineCapacity(line) * DAYS_PER_YEAR - e0.annualUnits);
        upliftPrice = pp.uplift * e0.price;
      }
      const unitMargin0 = e0.price - e0.unitCost;
      const premiumA = premiumEligible ? c.premiumAnnuity[k] : 0;
      let capital: number, grant: number;
      if (!positiveOnly) {
        capital = this.capitalCost(line, k);
        grant = this.grantFor(line, capital);
      } else {
        // Best case: all of the unit-cost saving, all avoided failure cost, and all spare capacity
        // (times the extra headroom) sold at full price in surges.
        const surgeUnitsUB = this.kHeadroomUB[k] * spare + e0.surgeUnitsPerYear;
        const ub = (unitsCost * this.kSavingUB[k] + failRecognised + surgeUnitsUB * e0.price) * c.flowAnnuity[k]
          + upliftPrice * (e0.annualUnits + surgeUnitsUB) * premiumA;
        if (ub <= c.floor[k]) continue;
        this.computeCapital(line, k);
        capital = this.capitalOut[0];
        grant = this.grantFor(line, capital);
        if (ub <= capital - grant) continue;
      }
      h.lineEconomics(line, techCode(AMT_TYPES[k]), e1);
      const pvChangeover = -Math.max(0, this.techs[k].changeoverCapacityLoss * e0.annualUnits * unitMargin0) * c.changeoverAnnuity[k];
      const savings = e1.annualUnits * (e0.unitCost - e1.unitCost) + (e1.annualUnits - e0.annualUnits) * unitMargin0;
      const failures = a.failureLossRecognition * (e0.failureCostPerYear - e1.failureCostPerYear);
      const surge = e1.surgeUnitsPerYear * (e1.price - e1.unitCost) - e0.surgeUnitsPerYear * unitMargin0;
      const pvPremium = premiumA > 0 ? pp.uplift * e1.price * (e1.annualUnits + e1.surgeUnitsPerYear) * premiumA : 0;
      const flow = c.flowAnnuity[k];
      const pvCapital = -(capital - grant);
      const pvSavings = savings * flow, pvFailures = failures * flow, pvSurge = surge * flow;
      const npv = pvCapital + pvChangeover + pvSavings + pvFailures + pvPremium + pvSurge;
      if (positiveOnly && !(npv > 0)) continue;
      const net = capital - grant;
      out.push({
        line, type: AMT_TYPES[k], capital, grant, timeToBenefit: c.tBenefit[k] * DAYS_PER_YEAR,
        filing: c.filing[k], expedited: c.expedited[k],
        pvCapital, pvChangeover, pvSavings, pvFailures, pvPremium, pvSurge, npv,
        profitabilityIndex: net > 1 ? npv / net : npv > 0 ? Infinity : -Infinity,
      });
    }
  }

  /** Value converting `line` to AMT type index `k` for its firm now (all parts; see `valueLine`). */
  value(line: number, k: number): ProjectValuation {
    this.prepareFirm(this.host.lineFirm(line));
    const all: ProjectValuation[] = [];
    this.valueLine(line, false, all);
    const v = all.find((x) => x.type === AMT_TYPES[k]);
    if (v === undefined) throw new RangeError(`value: AMT type ${AMT_TYPES[k]} is not eligible for line ${line} (${this.host.lineForm(line)})`);
    return v;
  }

  /**
   * Candidate projects of a firm now: idle traditional active lines × eligible AMT types, every one
   * (default) or only those with positive NPV.
   */
  candidates(firm: number, positiveOnly = false): ProjectValuation[] {
    const out: ProjectValuation[] = [];
    const h = this.host;
    // prepareFirm is pure and only needed once a line will be valued: firms with no idle
    // traditional line of an eligible form skip it.
    let prepared = false;
    for (const l of this.linesOfFirm[firm]) {
      if (this.lineState[l] !== L_IDLE || h.lineTech(l) !== 0 || !h.lineActive(l) || this.typeMask(l) === 0) continue;
      if (!prepared) { this.prepareFirm(firm); prepared = true; }
      this.valueLine(l, positiveOnly, out);
    }
    return out;
  }

  // ---------------------------------------------------------------- decisions

  private epoch(firm: number, regular: boolean): void {
    const a = this.p.adoption, h = this.host;
    const now = this.sim.now;
    if (regular) {
      this.sim.schedule(this.kEpoch, a.epochInterval, firm);
      if (now - this.budgetYearStart[firm] >= DAYS_PER_YEAR - 1e-9) { this.budgetYearStart[firm] = now; this.budgetSpent[firm] = 0; }
    } else if (this.budgetYearStart[firm] === -Infinity) {
      this.budgetYearStart[firm] = now; this.budgetSpent[firm] = 0;
    }
    this.lastEpoch[firm] = now;
    this.onTrace?.('epoch', { t: now, firm, regular });
    const epochIndex = this.epochCount[firm]++;
    for (let n = 0; n < a.maxProjectsPerEpoch; n++) {
      const budgetLeft = h.firmCapitalBudget(firm) - this.budgetSpent[firm];
      const options = this.candidates(firm, true).filter((v) => v.capital - v.grant <= budgetLeft + 1e-6);
      if (options.length === 0) return;
      const pick = this.choose(options, this.choiceUniform(firm, epochIndex, n));
      if (pick === undefined) return;
      this.begin(firm, pick);
    }
  }

  /**
   * The uniform of choice n at a firm's epoch: a hash of (replication base seed, firm, epoch, n), so
   * the draw a firm sees does not depend on how many draws other firms made — common random numbers
   * for decisions across arms.
   */
  private choiceUniform(firm: number, epoch: number, n: number): number {
    return hashUniform(this.choiceSeed, firm, epoch, n);
  }

  /**
   * Bounded rationality: a logit over "invest in project j" (utility PI_j / s) and "wait" (utility 0);
   * s = 0 picks the highest NPV.
   */
  private choose(options: ProjectValuation[], uniform: number): ProjectValuation | undefined {
    const s = this.p.adoption.logitScale;
    if (s === 0) return options.reduce((b, v) => (v.npv > b.npv ? v : b));
    const w = options.map((v) => Math.exp(Math.min(v.profitabilityIndex / s, 50)));
    const total = 1 + w.reduce((x, y) => x + y, 0);
    let u = uniform * total - 1; // the first unit of weight is "wait"
    if (u < 0) return undefined;
    for (let i = 0; i < options.length; i++) { u -= w[i]; if (u < 0) return options[i]; }
    return options[options.length - 1];
  }

  /** Commit a project: spend capital, take the grant, request designation, start implementation. */
  private begin(firm: number, v: ProjectValuation): void {
    const k = AMT_TYPES.indexOf(v.type);
    const now = this.sim.now;
    const id = this.projLine.length;
    this.projLine.push(v.line);
    this.projType.push(k);
    this.projLog.push({ line: v.line, type: v.type, capital: v.capital, grant: v.grant, begun: now, filed: NaN, filing: v.filing, implementable: NaN, completed: NaN });
    this.lineState[v.line] = L_CONVERTING;
    if (v.grant > 0) {
      this.rollGrantYear();
      this.grantSpentYear += v.grant;
      this.grantSpentTotal += v.grant;
      this.ledger.add('grants', now, v.grant);
    }
    this.budgetSpent[firm] += v.capital - v.grant;
    this.host.spendCapital(firm, v.line, v.capital - v.grant, v.grant);
    if (now >= this.run.warmupDays) this.nStarted++;
    this.requestDesignation(firm, k);
    this.onTrace?.('begin', { t: now, firm, line: v.line, type: v.type, npv: v.npv, capital: v.capital, grant: v.grant });
    this.sim.schedule(this.kImplemented, this.implementationTime(firm, k), id);
  }

  private requestDesignation(firm: number, k: number): void {
    if (!this.p.designation.enabled || !this.policyActive() || this.graduated[k]) return;
    const i = firm * NK + k;
    if (this.designation[i] !== D_NONE) return;
    this.designation[i] = D_PENDING;
    // The outcome's uniform depends only on (firm, type, attempt): common to every arm.
    const u = hashUniform(this.designationSeed, firm, k, this.designationAttempts[i]++);
    this.regulator.submit('designation', { amt: true }, {
      onAction: (approved) => {
        const granted = approved && u < this.p.designation.approvalProbability;
        this.designation[i] = granted ? D_GRANTED : D_NONE;
        if (granted) {
          if (this.sim.now >= this.run.warmupDays) this.nDesignations++;
          for (const l of this.linesOfFirm[firm]) this.refreshPremium(l);
        }
        this.onTrace?.('designation', { t: this.sim.now, firm, type: AMT_TYPES[k], granted });
      },
    });
  }

  /** Implementation done: file with FDA (filing chosen now, with the policies in force now). */
  private file(id: number): void {
    const line = this.projLine[id], k = this.projType[id];
    const firm = this.host.lineFirm(line);
    const { type, opts } = this.filingFor(firm, k);
    const designatedAtFiling = this.isDesignated(firm, k) && this.p.designation.enabled;
    this.onTrace?.('file', { t: this.sim.now, line, filing: type, expedited: opts.expedited === true });
    const rec = this.projLog[id];
    rec.filed = this.sim.now;
    rec.filing = type;
    this.regulator.submit(type, opts, {
      onImplementable: () => {
        rec.implementable = this.sim.now;
        this.host.startChangeover(line, 1 - this.techs[k].changeoverCapacityLoss);
        this.sim.schedule(this.kChangeoverDone, this.techs[k].changeover, id);
      },
      onAction: (approved) => {
        if (approved && designatedAtFiling) this.countDesignatedApproval(k);
        // A complete response on a PAS: fix and resubmit after a quarter (assumption).
        if (!approved && type !== 'cbe30') this.sim.schedule(this.kResubmit, 91.3125, id);
      },
    });
  }

  private countDesignatedApproval(k: number): void {
    this.designatedApprovals[k]++;
    const d = this.p.designation;
    if (d.enabled && d.graduation && !this.graduated[k] && this.designatedApprovals[k] >= d.graduateAfter) {
      this.graduated[k] = 1;
      for (let l = 0; l < this.nLines; l++) this.refreshPremium(l);
      this.onTrace?.('graduation', { t: this.sim.now, type: AMT_TYPES[k] });
    }
  }

  private complete(id: number): void {
    const line = this.projLine[id], k = this.projType[id];
    this.lineState[line] = L_IDLE;
    this.projLog[id].completed = this.sim.now;
    this.host.completeConversion(line, techCode(AMT_TYPES[k]));
    this.cumulative[k]++;
    if (this.sim.now >= this.run.warmupDays) this.nConversions++;
    this.onTrace?.('complete', { t: this.sim.now, line, type: AMT_TYPES[k] });
    this.refreshPremium(line);
  }

  // ---------------------------------------------------------------- mandated path

  private prepareMandate(): void {
    const order: number[] = [];
    for (let l = 0; l < this.nLines; l++) if (this.mandateFits(l)) order.push(l);
    // Fisher–Yates from the mandate stream: which lines convert is fixed per replication.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.rngMandate() * (i + 1));
      const x = order[i]; order[i] = order[j]; order[j] = x;
    }
    this.mandateOrder = order;
  }

  /** Whether the mandate's technology for the line's dosage form can be used on that form. */
  private mandateFits(line: number): boolean {
    const form = this.host.lineForm(line);
    return this.techs[AMT_TYPES.indexOf(this.p.adoption.mandate.technology[form])].forms.includes(form);
  }

  /** Target AMT share of capacity under the mandate at time t (days). */
  mandateTarget(t: number): number {
    const m = this.p.adoption.mandate;
    return m.targetShare / (1 + Math.exp(-m.steepness * ((t - m.midpoint) / DAYS_PER_YEAR)));
  }

  /** Share of finished-dose capacity on AMT now (the host's measure if it has one). */
  amtCapacityShare(): number {
    const own = this.host.amtCapacityShare?.();
    if (own !== undefined) return own;
    const h = this.host;
    let amt = 0, all = 0;
    for (let l = 0; l < this.nLines; l++) {
      if (!h.lineActive(l)) continue;
      const c = h.lineCapacity(l);
      all += c;
      if (h.lineTech(l) !== 0) amt += c;
    }
    return all > 0 ? amt / all : 0;
  }

  private mandateCheck(): void {
    const h = this.host, m = this.p.adoption.mandate;
    const target = this.mandateTarget(this.sim.now);
    // Convert the next lines of the fixed random order until the share reaches the curve. The share
    // is recomputed after each conversion (conversions are rare: this is not a hot path).
    while (this.mandateNext < this.mandateOrder.length && this.amtCapacityShare() < target) {
      const l = this.mandateOrder[this.mandateNext++];
      if (!h.lineActive(l) || h.lineTech(l) !== 0 || this.lineState[l] !== L_IDLE) continue;
      const k = AMT_TYPES.indexOf(m.technology[h.lineForm(l)]);
      if (m.chargeCapital) h.spendCapital(h.lineFirm(l), l, this.capitalCost(l, k), 0);
      h.completeConversion(l, techCode(AMT_TYPES[k]));
      this.cumulative[k]++;
      if (this.sim.now >= this.run.warmupDays) this.nConversions++;
      this.refreshPremium(l);
    }
    if (this.sim.now + m.checkInterval <= this.run.horizonDays) this.sim.schedule(this.kMandate, m.checkInterval);
  }

  // ---------------------------------------------------------------- programs

  private startPolicies(): void {
    const now = this.sim.now, end = this.run.horizonDays;
    const e = this.p.expeditedReview;
    if (e.enabled && e.extraReviewers > 0) {
      this.regulator.addSlots(e.extraReviewers, e.dedicated);
      this.ledger.addFlow('expedited_review', now, end, (e.extraReviewers * this.regulator.params.reviewSlotCostPerYear) / DAYS_PER_YEAR);
    }
    if (this.p.cbe30.enabled && this.p.cbe30.annualCost > 0) this.ledger.addFlow('cbe30', now, end, this.p.cbe30.annualCost / DAYS_PER_YEAR);
    if (this.p.coe.enabled) this.coeYear(0);
    if (this.p.payerPremium.enabled) {
      for (let l = 0; l < this.nLines; l++) this.refreshPremium(l);
      this.premiumAudit();
    }
  }

  /** Award this program year's technology transfers (random eligible firm × type without one yet). */
  private coeYear(year: number): void {
    const c = this.p.coe, h = this.host;
    if (year >= c.years) return;
    const costEach = c.transfersPerYear > 0 ? c.budget / (c.years * c.transfersPerYear) : 0;
    for (let n = 0; n < c.transfersPerYear; n++) {
      if (this.coeSpent + costEach > c.budget * (1 + 1e-9)) break;
      const pool: number[] = [];
      for (let f = 0; f < h.firmCount; f++) {
        for (let k = 0; k < NK; k++) {
          if (this.coeParticipant[f * NK + k]) continue;
          if (this.linesOfFirm[f].some((l) => h.lineActive(l) && h.lineTech(l) === 0 && this.techs[k].forms.includes(h.lineForm(l)))) pool.push(f * NK + k);
        }
      }
      if (pool.length === 0) break;
      const pick = pool[Math.floor(this.rngCoe() * pool.length)];
      this.coeParticipant[pick] = 1;
      this.coeSpent += costEach;
      this.ledger.add('coe', this.sim.now, costEach);
      if (this.sim.now >= this.run.warmupDays) this.nTransfers++;
      this.onTrace?.('transfer', { t: this.sim.now, firm: Math.floor(pick / NK), type: AMT_TYPES[pick % NK] });
    }
    if (this.sim.now + DAYS_PER_YEAR <= this.run.horizonDays) this.sim.schedule(this.kCoeYear, DAYS_PER_YEAR, year + 1);
  }

  /** Set or clear the payer premium of a line; accrue its outlay as a flow (expected units x uplift x price). */
  private refreshPremium(line: number): void {
    const pp = this.p.payerPremium, h = this.host;
    if (!pp.enabled || !this.policyActive() || this.premiumExpired[line]) return;
    const tech = h.lineTech(line);
    const qualifies = tech > 0 && h.lineActive(line) && this.eligible(pp.eligibility, line) && this.isDesignated(h.lineFirm(line), tech - 1);
    const now = this.sim.now;
    if (qualifies) {
      if (this.priceUplift[line] > 0) {
        // Still paid: close the flow so far and re-rate it at the line's current volume and price.
        this.ledger.addFlow('payer_premium', this.premiumSince[line], now, this.premiumRate[line]);
      } else if (Number.isNaN(this.premiumStart[line])) {
        this.premiumStart[line] = now;
        const endAt = now + pp.duration;
        if (endAt <= this.run.horizonDays) this.sim.scheduleAt(this.kPremiumEnd, endAt, line);
      }
      h.lineEconomics(line, tech, this.econ0);
      this.premiumRate[line] = (pp.uplift * this.econ0.price * this.econ0.annualUnits) / DAYS_PER_YEAR;
      if (this.priceUplift[line] === 0) {
        this.priceUplift[line] = pp.uplift;
        this.host.setPriceUplift?.(line, pp.uplift);
      }
      this.premiumSince[line] = now;
    } else if (this.priceUplift[line] > 0) {
      this.stopPremium(line);
    }
  }

  /** Quarterly: stop the premium of lines that exited and re-rate the others at current volumes. */
  private premiumAudit(): void {
    for (let l = 0; l < this.priceUplift.length; l++) if (this.priceUplift[l] > 0) this.refreshPremium(l);
    if (this.sim.now + PREMIUM_AUDIT <= this.run.horizonDays) this.sim.schedule(this.kPremiumAudit, PREMIUM_AUDIT);
  }

  private stopPremium(line: number): void {
    this.ledger.addFlow('payer_premium', this.premiumSince[line], this.sim.now, this.premiumRate[line]);
    this.priceUplift[line] = 0;
    this.host.setPriceUplift?.(line, 0);
    this.premiumRate[line] = 0;
  }

  private endPremium(line: number): void {
    if (this.priceUplift[line] > 0) this.stopPremium(line);
    this.premiumExpired[line] = 1;
  }

  // ---------------------------------------------------------------- results

  /** Every endogenous conversion project so far, in the order committed (copies). */
  projects(): ProjectRecord[] {
    return this.projLog.map((r) => ({ ...r }));
  }

  /** Counts inside the measured window. */
  counts(): AdoptionCounts {
    return { conversions: this.nConversions, designations: this.nDesignations, techTransfers: this.nTransfers, conversionsStarted: this.nStarted };
  }

  /**
   * The metrics this engine owns (outputs.ts): adoption.conversions, adoption.designations,
   * adoption.amt_approvals (from the regulator), adoption.tech_transfers, cost.program.* and
   * cost.program_outlays — per year over the measured window. Call once, at the horizon.
   */
  metrics(): Partial<Record<MetricName, number>> {
    const now = this.sim.now;
    // Close open premium flows at the end of the run.
    for (let l = 0; l < this.priceUplift.length; l++) {
      if (this.priceUplift[l] > 0) {
        this.ledger.addFlow('payer_premium', this.premiumSince[l], now, this.premiumRate[l]);
        this.premiumSince[l] = now;
      }
    }
    const years = (this.run.horizonDays - this.run.warmupDays) / DAYS_PER_YEAR;
    const per = (x: number) => (years > 0 ? x / years : NaN);
    const grants = per(this.ledger.total('grants'));
    const expedited = per(this.ledger.total('expedited_review'));
    const cbe30 = per(this.ledger.total('cbe30'));
    // Paid on actual volume when the host measures it (the world does); else the ledger's estimate.
    const premium = per(this.host.premiumPaid?.() ?? this.ledger.total('payer_premium'));
    const coe = per(this.ledger.total('coe'));
    return {
      'adoption.conversions': per(this.nConversions),
      'adoption.designations': per(this.nDesignations),
      'adoption.amt_approvals': per(this.regulator.amtApprovals),
      'adoption.tech_transfers': per(this.nTransfers),
      'cost.program.grants': grants,
      'cost.program.expedited_review': expedited,
      'cost.program.cbe30': cbe30,
      'cost.program.payer_premium': premium,
      'cost.program.coe': coe,
      'cost.program_outlays': grants + expedited + cbe30 + premium + coe,
    };
  }
}
