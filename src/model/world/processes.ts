/**
 * The event processes of the world (MODEL.md §4): quality failures per line and per API plant, FDA
 * surveillance inspections and regulatory action with re-inspection through the regulator's queue,
 * regional shocks (random and scripted), demand trend and public-health-emergency surges, market exit
 * (background discontinuations and sustained negative margin) and entry (after an exit or during a
 * long shortage, through an ANDA and a build), and capacity reallocation after an exit through a
 * PAS or CBE-30 filing.
 *
 * Random streams (per replication; the same entity sees the same draws in every arm):
 * `line:<l>` (background-exit time first, then failure times), `line:<l>:outcome` (severity, downtime, write-off),
 * `plant:<i>:inspection`, `plant:<i>:remediation`, `plant:<i>:quality` (API plants),
 * `region:<name>:<kind>` (random shocks), `scripted-shock:<k>`, `demand:surges`,
 * `scripted-surge:<k>`, `product:<p>:entry`.
 */
import type { Rng } from '../../kernel/index.js';
import { DAYS_PER_YEAR } from '../../scenario/units.js';
import { DOSAGE_FORMS } from '../outputs.js';
import { SHOCK_KINDS, type ShockKind } from '../params.js';
import type { Regulator } from '../regulator/regulator.js';
import type { SubmitOptions } from '../regulator/regulator.js';
import { World, C_QUALITY, C_REGULATORY, expDays, sampleDuration, DurationSampler, FORM_INDEX, F_ENTRY_SKIPPED, F_EXITS, F_ENTRIES } from './world.js';

/** What the processes need from the policy layer (the adoption engine), all optional. */
export interface PolicyHooks {
  onMajorFailure?: (firm: number) => void;
  /** Filing for a later manufacturing change on a line (capacity expansion): 'pas' or 'cbe30'. */
  changeFilingType?: (line: number) => 'pas' | 'cbe30';
  changeSubmitOptions?: (line: number) => SubmitOptions;
  /** An entrant's line was built and placed (index `line`): the adoption engine starts offering it for conversion. */
  onLineBuilt?: (line: number) => void;
}

/**
 * Stream names by entity index, built once per thread: a template string per entity and
 * replication (then flattened for hashing) was about 0.5 MB of garbage per replication.
 */
class StreamNames {
  private readonly names: string[] = [];
  constructor(private readonly make: (i: number) => string) {}
  get(i: number): string {
    let s = this.names[i];
    if (s === undefined) {
      while (this.names.length < i) this.names.push(this.make(this.names.length));
      s = this.make(i);
      if (i === this.names.length) this.names.push(s);
    }
    return s;
  }
}
const INSPECTION_NAMES = new StreamNames((i) => `plant:${i}:inspection`);
const REMEDIATION_NAMES = new StreamNames((i) => `plant:${i}:remediation`);
const API_QUALITY_NAMES = new StreamNames((i) => `plant:${i}:quality`);
const OUTCOME_NAMES = new StreamNames((l) => `line:${l}:outcome`);
const ENTRY_NAMES = new StreamNames((p) => `product:${p}:entry`);

const TIER_API = 0, TIER_FDF = 1, TIER_BOTH = 2;
const TIER_CODE = { api: TIER_API, fdf: TIER_FDF, both: TIER_BOTH } as const;

interface Shock {
  kind: ShockKind;
  region: number;
  tier: number;
  loss: number;
  tariff: number;
  mask: Uint8Array | null;
  plant: number;
  active: boolean;
  fdfLines: number[];
  apiLines: number[];
}

/** Installs and runs all processes of one world. */
export class Processes {
  private readonly w: World;
  private readonly reg: Regulator;
  private readonly hooks: PolicyHooks;
  private readonly outcomeRng: (Rng | undefined)[];
  private readonly inspRng: Rng[];
  private readonly remRng: Rng[];
  private readonly apiRng: (Rng | undefined)[];
  private readonly shocks: Shock[] = [];
  private readonly active: Shock[] = [];
  private readonly fdfPlantsByForm: number[][] = [[], [], []];
  private lnExitPending: Uint8Array;
  private lnRealloc: Float64Array;
  private readonly prEntryRng: (Rng | undefined)[];
  /**
   * Failure hazard of each line per day before its technology's factor (form, QMM, utilization);
   * read-only outside this class (the host reads it directly in its per-line valuation loop).
   */
  baseHazard: Float64Array;
  // event kinds
  private readonly kFail: number;
  private readonly kRepair: number;
  private readonly kApiFail: number;
  private readonly kApiRepair: number;
  private readonly kInspect: number;
  private readonly kRemediated: number;
  private readonly kShockArrive: number;
  private readonly kShockEnd: number;
  private readonly kScriptedShock: number;
  private readonly kSurgeArrive: number;
  private readonly kSurgeEnd: number;
  private readonly kScriptedSurge: number;
  private readonly kTrend: number;
  private readonly kBgExit: number;
  private readonly kMarginExit: number;
  private readonly kRealloc: number;
  private readonly kEntryCheck: number;
  private readonly kBuilt: number;
  private readonly surges: { products: number[]; k: number }[] = [];
  private readonly entries: { p: number; plant: number }[] = [];
  private pendingEntries = 0;
  /** Downtime samplers of line failures (major, minor) and API-plant failures. */
  private readonly majorDown: DurationSampler;
  private readonly minorDown: DurationSampler;
  private readonly apiDown: DurationSampler;
  /** Called around capacity-mix changes of a line (series bookkeeping). */
  capacityHook?: { before(l: number): void; after(l: number): void; scaleAll(f: number): void };

  constructor(w: World, regulator: Regulator, hooks: PolicyHooks) {
    this.w = w;
    this.reg = regulator;
    this.hooks = hooks;
    const s = w.streams, sim = w.sim;
    this.outcomeRng = new Array(w.nLines);
    this.inspRng = [];
    this.remRng = [];
    this.apiRng = new Array(w.nPlants);
    for (let i = 0; i < w.nPlants; i++) {
      this.inspRng.push(s.create(INSPECTION_NAMES.get(i)));
      this.remRng.push(s.create(REMEDIATION_NAMES.get(i)));
      if (w.plApi[i] === 1) this.apiRng[i] = s.create(API_QUALITY_NAMES.get(i));
      if (w.plApi[i] === 0 && w.plForm[i] >= 0) this.fdfPlantsByForm[w.plForm[i]].push(i);
    }
    this.lnExitPending = new Uint8Array(w.nLines);
    this.lnRealloc = new Float64Array(w.nLines);
    this.prEntryRng = new Array(w.nProducts);
    this.baseHazard = new Float64Array(w.nLines);
    this.majorDown = new DurationSampler(w.p.quality.majorDowntime);
    this.minorDown = new DurationSampler(w.p.quality.minorDowntime);
    this.apiDown = new DurationSampler(w.p.quality.apiDowntime);

    this.kFail = sim.register('quality:failure', (l, g) => this.onFailure(l, g));
    this.kRepair = sim.register('quality:repair', (l, g) => {
      if (g !== w.lnGen[l] || w.lnActive[l] === 0) return;
      w.beginLine(l); w.lnUp[l] = 1; w.endChange();
      this.scheduleFailure(l);
    });
    this.kApiFail = sim.register('quality:api-failure', (a, g) => this.onApiFailure(a, g));
    this.kApiRepair = sim.register('quality:api-repair', (a, g) => {
      if (g !== w.plGen[a]) return;
      w.beginChange(w.plLines[a]); w.plUp[a] = 1; this.refreshApiOf(a); w.endChange();
      this.scheduleApiFailure(a);
    });
    this.kInspect = sim.register('oversight:inspection', (pl) => this.onInspection(pl));
    this.kRemediated = sim.register('oversight:remediated', (pl) => this.onRemediated(pl));
    this.kShockArrive = sim.register('shock:arrival', (code) => this.onShockArrival(code));
    this.kShockEnd = sim.register('shock:end', (id) => this.endShock(id));
    this.kScriptedShock = sim.register('shock:scripted', (k) => this.startScriptedShock(k));
    this.kSurgeArrive = sim.register('demand:surge-arrival', () => this.onSurgeArrival());
    this.kSurgeEnd = sim.register('demand:surge-end', (id) => this.endSurge(id));
    this.kScriptedSurge = sim.register('demand:scripted-surge', (k) => this.startScriptedSurge(k));
    this.kTrend = sim.register('demand:trend', () => this.onTrend());
    this.kBgExit = sim.register('market:background-exit', (l) => { if (w.lnActive[l] === 1) this.exitLine(l); });
    this.kMarginExit = sim.register('market:margin-exit', (l, g) => {
      if (g !== w.lnExitGen[l]) return;
      this.lnExitPending[l] = 0;
      if (w.lnActive[l] === 1 && this.margin(l) < 0) this.exitLine(l);
    });
    this.kRealloc = sim.register('market:reallocate', (p) => this.reallocate(p));
    this.kEntryCheck = sim.register('market:entry-check', (p, start) => {
      // A firm considers entering once the episode has lasted shortageEntryDelay; it considers again
      // every shortageEntryDelay only while the shortage is structural (the active suppliers could not
      // meet demand even when all are up, e.g. after exits), so a product is never left without a
      // path back to supply, while temporary outages do not attract entrant after entrant.
      if (w.prEpOpen[p] !== 1 || w.prEpStart[p] !== start) return;
      const d = w.p.marketDynamics;
      if (w.prShort[p] === 1 && w.prEntryPending[p] === 0 && this.entryRng(p)() < d.shortageEntryProbability) this.startEntry(p);
      if (this.structuralCapacity(p) < w.prD[p] * (1 - 1e-9) && w.sim.now + d.shortageEntryDelay <= w.W1) w.sim.schedule(this.kEntryCheck, d.shortageEntryDelay, p, start);
    });
    this.kBuilt = sim.register('market:entrant-built', (id) => this.entrantBuilt(id));

    w.onEpisodeStart = (p) => {
      const d = w.p.marketDynamics;
      if (!d.entryEnabled || d.shortageEntryProbability <= 0) return;
      if (w.sim.now + d.shortageEntryDelay <= w.W1) w.sim.schedule(this.kEntryCheck, d.shortageEntryDelay, p, w.prEpStart[p]);
    };
    w.onSuppliersChanged = (p) => this.checkMargins(p);
    w.onLinesGrown = (n) => {
      const u8 = new Uint8Array(n); u8.set(this.lnExitPending); this.lnExitPending = u8;
      const r = new Float64Array(n); r.set(this.lnRealloc); this.lnRealloc = r;
      const h = new Float64Array(n); h.set(this.baseHazard); this.baseHazard = h;
      this.outcomeRng.length = n;
    };
  }

  /** Schedule the first events of every process. Call after `world.start()`. */
  start(): void {
    const w = this.w, p = w.p, sim = w.sim;
    for (let l = 0; l < w.nLinesUsed; l++) {
      this.computeHazard(l);
      this.scheduleBackgroundExit(l);
      this.scheduleFailure(l);
    }
    for (let i = 0; i < w.nPlants; i++) {
      if (w.plApi[i] === 1) this.scheduleApiFailure(i);
      this.scheduleInspection(i);
    }
    // Random shocks: one arrival process per (region, kind) with a positive rate.
    w.regionNames.forEach((name, r) => {
      SHOCK_KINDS.forEach((kind, k) => {
        if (p.regions[name].shocks[kind].rate > 0) this.scheduleShockArrival(r * SHOCK_KINDS.length + k);
      });
    });
    p.scriptedShocks.forEach((s, k) => { if (s.at <= w.W1) sim.scheduleAt(this.kScriptedShock, Math.max(s.at, sim.now), k); });
    if (p.demand.surges.rate > 0) this.scheduleSurgeArrival();
    p.demand.scriptedSurges.forEach((s, k) => { if (s.at <= w.W1) sim.scheduleAt(this.kScriptedSurge, Math.max(s.at, sim.now), k); });
    if (p.demand.trend !== 0 && p.demand.trendStep > 0 && p.demand.trendStep <= w.W1) sim.schedule(this.kTrend, p.demand.trendStep);
    for (let pr = 0; pr < w.nProducts; pr++) this.checkMargins(pr);
  }

  // ------------------------------------------------------------------ quality failures (lines)

  /** Failure hazard of line l per day for its technology. */
  hazardPerDay(l: number, tech = this.w.lnTech[l]): number {
    return this.baseHazard[l] * this.w.tech.hazard[tech];
  }

  private computeHazard(l: number): void {
    const w = this.w, q = w.p.quality;
    const form = DOSAGE_FORMS[w.lineFormCode(l)];
    const qmm = w.plQmm[w.lnPlant[l]];
    const util = w.lnUtil[l] / q.referenceUtilization;
    this.baseHazard[l] = (q.hazard[form] / DAYS_PER_YEAR) * q.qmmFactor[qmm - 1] * Math.pow(util, q.utilizationElasticity);
  }

  /** (Re)draw the next failure of line l from now (memoryless; stale events are ignored). */
  scheduleFailure(l: number): void {
    const w = this.w;
    const g = ++w.lnGen[l];
    // hazardPerDay(l), inlined: the double it returned was boxed (a heap number per call).
    const h = this.baseHazard[l] * w.tech.hazard[w.lnTech[l]];
    if (!(h > 0)) return;
    const t = -Math.log(1 - w.lnRng[l]()) / h;
    if (w.sim.now + t <= w.W1) w.sim.schedule(this.kFail, t, l, g);
  }

  /** After a technology change: redraw the failure time if the line is up. */
  retime(l: number): void {
    if (this.w.lnUp[l] === 1) this.scheduleFailure(l);
  }

  private outcome(l: number): Rng {
    let r = this.outcomeRng[l];
    if (r === undefined) r = this.outcomeRng[l] = this.w.streams.create(OUTCOME_NAMES.get(l));
    return r;
  }

  private onFailure(l: number, g: number): void {
    const w = this.w;
    if (g !== w.lnGen[l] || w.lnActive[l] === 0) return;
    // A line that is not producing (plant stopped, shock, no API, changeover to zero) cannot fail.
    if (w.lineMax(l) === 0) { this.scheduleFailure(l); return; }
    const q = w.p.quality;
    const p = w.lnProduct[l];
    const form = DOSAGE_FORMS[w.prForm[p]];
    const tech = w.lnTech[l];
    const rng = this.outcome(l);
    const esc = w.tech.escalation[tech];
    const pc = Math.min(1, q.severity[form].critical * esc);
    const pm = Math.min(1 - pc, q.severity[form].major * esc);
    const u = rng();
    const firm = w.plFirm[w.lnPlant[l]];
    const lead = w.regionLead[w.plRegion[w.lnPlant[l]]];
    if (u < pc) {
      this.hooks.onMajorFailure?.(firm);
      this.regulatoryAction(w.lnPlant[l], C_QUALITY);
      this.scheduleFailure(l);
      return;
    }
    const major = u < pc + pm;
    const down = (major ? this.majorDown : this.minorDown).sample(rng, w.tech.downtime[tech]) + lead;
    w.bookCost('remediation', firm, major ? q.remediationCostMajor : q.remediationCostMinor);
    if (major) this.hooks.onMajorFailure?.(firm);
    w.beginLine(l);
    if (!major) {
      // A rejected or recalled batch: written off from downstream inventory.
      const loss = Math.min(w.prInv[p], q.batchLossDays * w.lnShare[l] * w.prD[p]);
      if (loss > 0) { w.prInv[p] -= loss; w.prWritten[p] += loss; }
    }
    w.lnUp[l] = down > 0 ? 0 : 1;
    w.endChange();
    const g2 = ++w.lnGen[l];
    if (down > 0) {
      if (w.sim.now + down <= w.W1) w.sim.schedule(this.kRepair, down, l, g2);
    } else this.scheduleFailure(l);
  }

  // ------------------------------------------------------------------ API plants

  private scheduleApiFailure(a: number): void {
    const w = this.w, q = w.p.quality;
    const g = ++w.plGen[a];
    const rate = q.apiHazard * q.qmmFactor[w.plQmm[a] - 1];
    const t = expDays(rate, this.apiRng[a]!);
    if (w.sim.now + t <= w.W1) w.sim.schedule(this.kApiFail, t, a, g);
  }

  private onApiFailure(a: number, g: number): void {
    const w = this.w, q = w.p.quality;
    if (g !== w.plGen[a]) return;
    if (w.plAction[a] === 1) { this.scheduleApiFailure(a); return; }
    const rng = this.apiRng[a]!;
    if (rng() < q.apiCriticalProbability) {
      this.regulatoryAction(a, C_QUALITY);
      this.scheduleApiFailure(a);
      return;
    }
    w.bookCost('remediation', w.plFirm[a], q.remediationCostMajor);
    const down = this.apiDown.sample(rng) + w.regionLead[w.plRegion[a]];
    w.beginChange(w.plLines[a]); w.plUp[a] = 0; this.refreshApiOf(a); w.endChange();
    const g2 = ++w.plGen[a];
    if (w.sim.now + down <= w.W1) w.sim.schedule(this.kApiRepair, down, a, g2);
  }

  private refreshApiOf(a: number): void {
    const lines = this.w.plLines[a];
    for (let i = 0; i < lines.length; i++) this.w.refreshApi(lines[i], this.blocked);
  }

  // ------------------------------------------------------------------ FDA oversight

  private scheduleInspection(pl: number): void {
    const w = this.w;
    if (!w.p.oversight.enabled) return;
    const rate = w.p.regions[w.regionNames[w.plRegion[pl]]].inspectionRate;
    const t = expDays(rate, this.inspRng[pl]);
    if (w.sim.now + t <= w.W1) w.sim.schedule(this.kInspect, t, pl);
  }

  private onInspection(pl: number): void {
    const w = this.w;
    const rng = this.inspRng[pl];
    const u = rng();
    this.scheduleInspection(pl);
    if (w.plAction[pl] === 1) return;
    const region = w.p.regions[w.regionNames[w.plRegion[pl]]];
    const pOai = Math.min(1, region.oaiProbability * w.p.oversight.qmmOaiFactor[w.plQmm[pl] - 1]);
    if (u < pOai) this.regulatoryAction(pl, C_REGULATORY);
  }

  /** A warning letter or import alert: the plant stops (or runs at capacityUnderAction) until cleared. */
  regulatoryAction(pl: number, cause: number): void {
    const w = this.w;
    if (w.plAction[pl] === 1) return;
    w.bookCost('remediation', w.plFirm[pl], w.p.oversight.remediationCost);
    w.beginChange(w.plLines[pl]);
    w.plAction[pl] = 1;
    w.plActionCause[pl] = cause;
    if (w.plApi[pl] === 1) this.refreshApiOf(pl);
    w.endChange();
    this.scheduleRemediation(pl);
  }

  private scheduleRemediation(pl: number): void {
    const w = this.w;
    const t = sampleDuration(w.p.oversight.remediation, this.remRng[pl]) + w.regionLead[w.plRegion[pl]];
    if (w.sim.now + t <= w.W1) w.sim.schedule(this.kRemediated, t, pl);
  }

  private onRemediated(pl: number): void {
    const w = this.w;
    this.reg.submit('reinspection', {}, {
      onAction: (approved) => {
        const fail = this.remRng[pl]() < w.p.oversight.reinspectionFailProbability;
        if (!approved || fail) { this.scheduleRemediation(pl); return; }
        w.beginChange(w.plLines[pl]);
        w.plAction[pl] = 0;
        if (w.plApi[pl] === 1) this.refreshApiOf(pl);
        w.endChange();
      },
    });
  }

  // ------------------------------------------------------------------ shocks

  /** Whether API plant a's supply to line l is blocked by an active shock. */
  readonly blocked = (a: number, l: number): boolean => {
    const w = this.w;
    for (let i = 0; i < this.active.length; i++) {
      const s = this.active[i];
      if (s.tier === TIER_FDF || s.loss < 0.5) continue;
      if (s.plant >= 0 ? s.plant !== a : w.plRegion[a] !== s.region) continue;
      if (s.mask !== null && s.mask[w.lnProduct[l]] === 0) continue;
      return true;
    }
    return false;
  };

  private refreshShock(l: number): void {
    const w = this.w;
    const pl = w.lnPlant[l];
    let f = 1, tariff = 0;
    for (let i = 0; i < this.active.length; i++) {
      const s = this.active[i];
      if (s.tier === TIER_API) continue;
      if (s.plant >= 0 ? s.plant !== pl : w.plRegion[pl] !== s.region) continue;
      if (s.mask !== null && s.mask[w.lnProduct[l]] === 0) continue;
      f *= 1 - s.loss;
      tariff += s.tariff;
    }
    w.lnShock[l] = f;
    w.lnTariff[l] = tariff;
  }

  private scheduleShockArrival(code: number): void {
    const w = this.w;
    const r = Math.floor(code / SHOCK_KINDS.length), kind = SHOCK_KINDS[code % SHOCK_KINDS.length];
    const rng = w.streams.get(`region:${w.regionNames[r]}:${kind}`);
    const t = expDays(w.p.regions[w.regionNames[r]].shocks[kind].rate, rng);
    if (w.sim.now + t <= w.W1) w.sim.schedule(this.kShockArrive, t, code);
  }

  private onShockArrival(code: number): void {
    const w = this.w;
    const r = Math.floor(code / SHOCK_KINDS.length), kind = SHOCK_KINDS[code % SHOCK_KINDS.length];
    const name = w.regionNames[r];
    const sp = w.p.regions[name].shocks[kind];
    const rng = w.streams.get(`region:${name}:${kind}`);
    const dur = sampleDuration(sp.duration, rng);
    let plant = -1;
    if (kind === 'disaster') {
      const plants = w.regionPlants[r];
      if (plants.length === 0) { this.scheduleShockArrival(code); return; }
      plant = plants[Math.floor(rng() * plants.length)];
    }
    const mask = sp.productFraction < 1 ? this.drawMask(rng, sp.productFraction, null) : null;
    this.startShock({ kind, region: r, tier: TIER_CODE[sp.tier], loss: sp.capacityLoss, tariff: sp.tariff, mask, plant, active: true, fdfLines: [], apiLines: [] }, dur);
    this.scheduleShockArrival(code);
  }

  private drawMask(rng: Rng, fraction: number, forms: readonly number[] | null): Uint8Array {
    const w = this.w;
    const m = new Uint8Array(w.nProducts);
    for (let p = 0; p < w.nProducts; p++) {
      const u = rng();
      if ((forms === null || forms.includes(w.prForm[p])) && u < fraction) m[p] = 1;
    }
    return m;
  }

  private productIndex(id: string): number {
    const i = this.w.market.products.findIndex((p) => p.id === id);
    if (i < 0) throw new Error(`unknown product "${id}"`);
    return i;
  }

  private startScriptedShock(k: number): void {
    const w = this.w;
    const s = w.p.scriptedShocks[k];
    const r = w.regionIndex.get(s.region)!;
    const rng = w.streams.get(`scripted-shock:${k}`);
    let mask: Uint8Array | null = null;
    if (s.products) {
      mask = new Uint8Array(w.nProducts);
      for (const id of s.products) mask[this.productIndex(id)] = 1;
    } else if (s.productFraction < 1) mask = this.drawMask(rng, s.productFraction, null);
    let plant = -1;
    if (s.plant !== undefined) {
      plant = w.market.plants.findIndex((x) => x.id === s.plant);
      if (plant < 0) throw new Error(`scriptedShocks[${k}].plant: unknown plant "${s.plant}"`);
    } else if (s.supplierOf !== undefined) {
      const p = this.productIndex(s.supplierOf);
      let best = -1;
      for (const l of w.prLines[p]) if (w.lnActive[l] === 1 && (best < 0 || w.lnShare[l] > w.lnShare[best])) best = l;
      if (best < 0) return;
      plant = w.lnPlant[best];
    } else if (s.kind === 'disaster') {
      const plants = w.regionPlants[r];
      if (plants.length === 0) return;
      plant = plants[Math.floor(rng() * plants.length)];
    }
    const region = plant >= 0 ? w.plRegion[plant] : r;
    this.startShock({ kind: s.kind, region, tier: TIER_CODE[s.tier], loss: s.capacityLoss, tariff: s.tariff, mask, plant, active: true, fdfLines: [], apiLines: [] }, s.duration);
  }

  private startShock(s: Shock, duration: number): void {
    const w = this.w;
    const plants = s.plant >= 0 ? [s.plant] : w.regionPlants[s.region];
    for (const pl of plants) {
      const isApi = w.plApi[pl] === 1;
      if (isApi ? s.tier === TIER_FDF : s.tier === TIER_API) continue;
      for (const l of w.plLines[pl]) {
        if (s.mask !== null && s.mask[w.lnProduct[l]] === 0) continue;
        (isApi ? s.apiLines : s.fdfLines).push(l);
      }
    }
    const id = this.shocks.length;
    this.shocks.push(s);
    this.active.push(s);
    this.applyShock(s);
    if (w.sim.now + duration <= w.W1) w.sim.schedule(this.kShockEnd, duration, id);
  }

  private applyShock(s: Shock): void {
    const w = this.w;
    w.beginChange(s.fdfLines);
    for (const l of s.apiLines) w.touchProduct(w.lnProduct[l]);
    for (const l of s.fdfLines) this.refreshShock(l);
    for (const l of s.apiLines) w.refreshApi(l, this.blocked);
    w.endChange();
    for (const l of s.fdfLines) if (s.tariff > 0) this.checkMargins(this.w.lnProduct[l]);
  }

  private endShock(id: number): void {
    const s = this.shocks[id];
    if (!s.active) return;
    s.active = false;
    this.active.splice(this.active.indexOf(s), 1);
    this.applyShock(s);
  }

  // ------------------------------------------------------------------ demand

  private setMultiplier(p: number, f: number, start: boolean): void {
    const w = this.w;
    w.accrue(p);
    if (start) { w.prMult[p] *= f; w.prSurges[p]++; } else if (--w.prSurges[p] <= 0) { w.prSurges[p] = 0; w.prMult[p] = 1; } else w.prMult[p] /= f;
    w.prD[p] = w.prBaseD[p] * w.trendFactor * w.prMult[p];
    w.recompute(p);
  }

  private scheduleSurgeArrival(): void {
    const w = this.w;
    const t = expDays(w.p.demand.surges.rate, w.streams.get('demand:surges'));
    if (w.sim.now + t <= w.W1) w.sim.schedule(this.kSurgeArrive, t);
  }

  private onSurgeArrival(): void {
    const w = this.w, sp = w.p.demand.surges;
    const rng = w.streams.get('demand:surges');
    const dur = sampleDuration(sp.duration, rng);
    const mask = this.drawMask(rng, sp.productFraction, sp.forms.map((f) => FORM_INDEX[f]));
    this.startSurge(mask, sp.multiplier, dur);
    this.scheduleSurgeArrival();
  }

  private startScriptedSurge(k: number): void {
    const w = this.w, s = w.p.demand.scriptedSurges[k];
    let mask: Uint8Array;
    if (s.products) {
      mask = new Uint8Array(w.nProducts);
      for (const id of s.products) mask[this.productIndex(id)] = 1;
    } else mask = this.drawMask(w.streams.get(`scripted-surge:${k}`), s.productFraction, s.forms.map((f) => FORM_INDEX[f]));
    this.startSurge(mask, s.multiplier, s.duration);
  }

  private startSurge(mask: Uint8Array, k: number, duration: number): void {
    const w = this.w;
    if (!(k > 0)) k = 1e-9;
    const products: number[] = [];
    for (let p = 0; p < w.nProducts; p++) if (mask[p] === 1) products.push(p);
    const id = this.surges.length;
    this.surges.push({ products, k });
    for (const p of products) this.setMultiplier(p, k, true);
    if (w.sim.now + duration <= w.W1) w.sim.schedule(this.kSurgeEnd, duration, id);
  }

  private endSurge(id: number): void {
    const s = this.surges[id];
    for (const p of s.products) this.setMultiplier(p, s.k, false);
  }

  /**
   * Piecewise-constant trend: demand, inventory targets, API buffers and capacity are re-rated
   * together every `trendStep`. A product whose inventory is at its target keeps it at the new target:
   * the stock growth that in reality accumulates over the step is booked as production of its active
   * lines (pro rata share) at the re-rate, so the books stay balanced without a refill event per
   * product and year.
   */
  private onTrend(): void {
    const w = this.w, d = w.p.demand;
    const f = Math.pow(1 + d.trend, d.trendStep / DAYS_PER_YEAR);
    // One pass per product (accrue, re-rate its lines, recompute) instead of an accrue pass over all
    // products followed by a re-rate pass: the product's lines are then still in cache when
    // recomputed. Same results bit for bit: accrue reads neither trendFactor nor another product's
    // lines, recompute adds nothing to the shared accumulators, so every float operation and every
    // accumulation into shared sums happens in the same order, and events are scheduled in the
    // same order. Active lines are exactly those in their product's list; exited lines are re-rated
    // after the loop (their capacity still enters the series).
    w.trendFactor *= f;
    this.capacityHook?.scaleAll(f);
    // The per-product work is a method of its own: as a loop body here it ran in on-stack-replaced
    // code that deoptimised at the end of every trend event (the code after the loop had no type
    // feedback yet), so part of the 2,000 re-rates ran in the interpreter each time.
    for (let p = 0; p < w.nProducts; p++) this.rerate(p, f);
    const cap = w.lnCapacity, apiT = w.lnApiTarget, apiL = w.lnApiLevel;
    for (let l = 0; l < w.nLinesUsed; l++) if (w.lnActive[l] === 0) { cap[l] *= f; apiT[l] *= f; apiL[l] *= f; }
    if (w.sim.now + d.trendStep <= w.W1) w.sim.schedule(this.kTrend, d.trendStep);
  }

  /** The trend re-rate of product p by factor f (after `trendFactor` was updated; see onTrend). */
  private rerate(p: number, f: number): void {
    const w = this.w;
    const cap = w.lnCapacity, apiT = w.lnApiTarget, apiL = w.lnApiLevel;
    w.accrue(p);
    const ls = w.prLines[p];
    for (let i = 0; i < ls.length; i++) { const l = ls[i]; cap[l] *= f; apiT[l] *= f; apiL[l] *= f; }
    const oldTarget = w.prTarget[p];
    const atTarget = w.prInv[p] >= oldTarget * (1 - 1e-9) && oldTarget > 0;
    w.prD[p] = w.prBaseD[p] * w.trendFactor * w.prMult[p];
    w.prTarget[p] = w.prTargetDays[p] * w.prBaseD[p] * w.trendFactor;
    const delta = w.prTarget[p] - w.prInv[p];
    if (atTarget && delta > 0) {
      let shares = 0;
      for (let i = 0; i < ls.length; i++) if (w.lnActive[ls[i]] === 1) shares += w.lnShare[ls[i]];
      if (shares > 0) {
        for (let i = 0; i < ls.length; i++) { const l = ls[i]; if (w.lnActive[l] === 1) w.lnProduced[l] += (delta * w.lnShare[l]) / shares; }
        w.prProduced[p] += delta;
        w.prInv[p] = w.prTarget[p];
      }
    }
    w.recompute(p);
  }

  // ------------------------------------------------------------------ exit

  /** Unit margin of line l now ($/unit): price (with any payer premium) minus unit cost. */
  margin(l: number): number {
    const w = this.w;
    return w.price(w.lnProduct[l]) * (1 + w.uplift(l)) - w.unitCost(l);
  }

  /** Schedule (or cancel) margin-exit checks of product p's lines after a price or cost change. */
  checkMargins(p: number): void {
    const w = this.w, d = w.p.marketDynamics;
    if (!d.exitEnabled) return;
    const ls = w.prLines[p];
    for (let i = 0; i < ls.length; i++) {
      const l = ls[i];
      if (w.lnActive[l] === 0) continue;
      const neg = this.margin(l) < 0;
      if (neg && this.lnExitPending[l] === 0) {
        this.lnExitPending[l] = 1;
        const g = ++w.lnExitGen[l];
        if (w.sim.now + d.exitPatience <= w.W1) w.sim.schedule(this.kMarginExit, d.exitPatience, l, g);
      } else if (!neg && this.lnExitPending[l] === 1) {
        this.lnExitPending[l] = 0;
        w.lnExitGen[l]++;
      }
    }
  }

  /** The line's background-exit time: always the FIRST draw of its stream (so arms stay aligned). */
  private scheduleBackgroundExit(l: number): void {
    const w = this.w, d = w.p.marketDynamics;
    const u = w.lnRng[l]();
    if (!d.exitEnabled || !(d.backgroundExitRate > 0)) return;
    const t = (-Math.log(1 - u) * DAYS_PER_YEAR) / d.backgroundExitRate;
    if (w.sim.now + t <= w.W1) w.sim.schedule(this.kBgExit, t, l);
  }

  /** Supplier l leaves its product for good. */
  exitLine(l: number): void {
    const w = this.w, d = w.p.marketDynamics;
    const p = w.lnProduct[l];
    this.capacityHook?.before(l);
    w.beginLine(l);
    w.lnActive[l] = 0;
    w.prActive[p]--;
    w.lnGen[l]++;
    w.lnExitGen[l]++;
    w.lnRate[l] = 0;
    // The exited line leaves the product's list (its books stay in lnProduced).
    const ls = w.prLines[p];
    ls.splice(ls.indexOf(l), 1);
    w.endChange();
    this.capacityHook?.after(l);
    if (w.sim.now >= w.W0) w.flow[F_EXITS]++;
    this.checkMargins(p);
    if (w.prActive[p] > 0 && w.sim.now + d.reallocationDelay <= w.W1) w.sim.schedule(this.kRealloc, d.reallocationDelay, p);
    if (d.entryEnabled && this.entryRng(p)() < d.replacementEntryProbability) this.startEntry(p);
  }

  /** Remaining suppliers file a manufacturing change (PAS or CBE-30) to take over the exited share. */
  private reallocate(p: number): void {
    const w = this.w;
    let total = 0;
    for (const l of w.prLines[p]) if (w.lnActive[l] === 1) total += w.lnShare[l];
    if (!(total > 0) || total >= 1 - 1e-9) return;
    for (const l of w.prLines[p]) {
      if (w.lnActive[l] === 0) continue;
      this.lnRealloc[l] = 1 / total;
      const type = this.hooks.changeFilingType?.(l) ?? 'pas';
      const opts = this.hooks.changeSubmitOptions?.(l) ?? {};
      this.reg.submit(type, { ...opts, amt: opts.amt ?? w.lnTech[l] > 0 }, {
        onImplementable: () => this.applyRealloc(l),
      });
    }
  }

  private applyRealloc(l: number): void {
    const w = this.w;
    const f = this.lnRealloc[l];
    this.lnRealloc[l] = 0;
    if (w.lnActive[l] === 0 || !(f > 1)) return;
    const p = w.lnProduct[l];
    this.capacityHook?.before(l);
    w.beginLine(l);
    w.lnShare[l] *= f;
    w.lnCapacity[l] *= f;
    w.lnApiTarget[l] *= f;
    let total = 0;
    for (const m of w.prLines[p]) if (w.lnActive[m] === 1) total += w.lnShare[m];
    if (total > 1) for (const m of w.prLines[p]) w.lnShare[m] /= total;
    w.endChange();
    this.capacityHook?.after(l);
  }

  // ------------------------------------------------------------------ entry

  /** Output product p's active lines could reach with every line up (units/day), incl. headroom. */
  structuralCapacity(p: number): number {
    const w = this.w;
    let cap = 0;
    for (const l of w.prLines[p]) {
      if (w.lnActive[l] === 0) continue;
      const u = w.lnUtil[l];
      cap += w.lnCapacity[l] * (u + (1 - u) * w.tech.headroom[w.lnTech[l]]);
    }
    return cap;
  }

  private entryRng(p: number): Rng {
    let r = this.prEntryRng[p];
    if (r === undefined) r = this.prEntryRng[p] = this.w.streams.create(ENTRY_NAMES.get(p));
    return r;
  }

  /** A firm files an ANDA for product p at one of its plants (priority review during a shortage). */
  startEntry(p: number): void {
    const w = this.w;
    if (w.prEntryPending[p] === 1) return;
    const candidates = this.fdfPlantsByForm[w.prForm[p]];
    if (candidates.length === 0) { w.flow[F_ENTRY_SKIPPED]++; return; }
    // An entrant is a firm with a plant of the product's form that does not make it yet and would
    // earn a positive unit margin at the price with one more supplier (up to 10 random tries).
    const rng = this.entryRng(p);
    const e = w.p.prices.bySupplierCount;
    const n = w.prActive[p] + 1;
    const priceAfter = w.prPrice0[p] * e[Math.min(n, e.length) - 1];
    let plant = -1;
    for (let tries = 0; tries < 10 && plant < 0; tries++) {
      const c = candidates[Math.floor(rng() * candidates.length)];
      if (w.prLines[p].some((l) => w.lnActive[l] === 1 && w.lnPlant[l] === c)) continue;
      if (priceAfter - w.prUnitCost[p] * w.regionCost[w.plRegion[c]] <= 0) continue;
      plant = c;
    }
    if (plant < 0) { w.flow[F_ENTRY_SKIPPED]++; return; }
    w.prEntryPending[p] = 1;
    this.pendingEntries++;
    const id = this.entries.length;
    this.entries.push({ p, plant });
    this.reg.submit('anda', { priority: w.prShort[p] === 1 }, {
      onImplementable: () => {
        const t = sampleDuration(w.p.marketDynamics.build, rng);
        if (w.sim.now + t <= w.W1) w.sim.schedule(this.kBuilt, t, id);
        else { w.prEntryPending[p] = 0; this.pendingEntries--; }
      },
      onAction: (approved) => { if (!approved) { w.prEntryPending[p] = 0; this.entries[id].plant = -1; this.pendingEntries--; } },
    });
  }

  private entrantBuilt(id: number): void {
    const w = this.w, d = w.p.marketDynamics;
    const { p, plant } = this.entries[id];
    w.prEntryPending[p] = 0;
    this.entries[id].plant = -1;
    this.pendingEntries--;
    const l = w.newLineSlot();
    let total = 0;
    let api: number[] = [];
    for (const m of w.prLines[p]) {
      if (w.lnActive[m] === 1) total += w.lnShare[m];
      if (api.length === 0 && w.lnApi[m].length > 0) api = w.lnApi[m].slice();
    }
    const share = Math.max(d.entrantShare, 1 - total);
    const form = DOSAGE_FORMS[w.prForm[p]];
    w.beginChange(w.prLines[p]);
    w.touchProduct(p);
    if (total > 1 - share) for (const m of w.prLines[p]) if (w.lnActive[m] === 1) w.lnShare[m] *= (1 - share) / total;
    w.placeLine(l, p, plant, share, w.p.supply.utilization[form], 0, api);
    w.lnCapacity[l] *= w.trendFactor;
    w.lnApiTarget[l] *= w.trendFactor;
    w.lnApiLevel[l] = w.lnApiTarget[l];
    this.w.refreshApi(l, this.blocked);
    this.refreshShock(l);
    w.rampNewLine(l);
    w.endChange();
    this.capacityHook?.after(l);
    const firm = w.plFirm[plant];
    w.bookCost('capital', firm, d.buildCapital + d.capitalPerAnnualUnit * w.lnCapacity[l] * DAYS_PER_YEAR);
    if (w.sim.now >= w.W0) w.flow[F_ENTRIES]++;
    this.computeHazard(l);
    this.scheduleBackgroundExit(l);
    this.scheduleFailure(l);
    this.hooks.onLineBuilt?.(l);
    this.checkMargins(p);
  }
}
