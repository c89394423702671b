/**
 * FDA as a review queue (MODEL.md §3, §4.2, §6): finite review slots working in parallel,
 * non-preemptive priorities (priority / expedited work first, then by type priority, then first come
 * first served), goal dates per application type, and statistics of time from submission to action.
 *
 * CBE-30: the change may be implemented `cbe30Wait` days (30) after receipt unless FDA objects; the
 * review itself still waits for and occupies a review slot, so CBE-30 filings load the queue without
 * delaying the applicant.
 */
import { normalQuantile, type Simulation, type Rng } from '../../kernel/index.js';
import { APPLICATION_TYPES, type ApplicationType } from '../outputs.js';
import { DAYS_PER_YEAR } from '../../scenario/units.js';
import type { RegulatorParams, ReviewTypeParams } from './params.js';

/** How an application is filed. */
export interface SubmitOptions {
  /** References an advanced manufacturing technology (statistics are split AMT vs other). */
  amt?: boolean;
  /** Priority review (e.g. a shortage drug): priority goal, served first. */
  priority?: boolean;
  /** Expedited designated-AMT work: priority review, times the expedite factor, may use dedicated slots. */
  expedited?: boolean;
  /** A pre-approval inspection is required (longer goal where the type defines one, e.g. PAS 10 months). */
  inspection?: boolean;
}

/** Callbacks of one application. Closures are fine: applications are rare events. */
export interface SubmitCallbacks {
  /** The applicant may implement the change / market the product (approval; CBE-30: after the wait). */
  onImplementable?: (id: number) => void;
  /** FDA acted (review finished). `approved` false means a complete response. */
  onAction?: (approved: boolean, id: number) => void;
}

/** Options set by policies (expedited-review program). */
export interface RegulatorOptions {
  /** Multiplier on the review time of expedited applications (beyond priority goals). Default 1. */
  expediteReviewFactor?: number;
  /** Extra review slots. Default 0. */
  extraSlots?: number;
  /** Extra slots serve only expedited applications. Default true. */
  dedicated?: boolean;
  /** Statistics count actions at or after this time (days); default 0. */
  statsFrom?: number;
}

/** Statistics of actions of one (type, AMT-or-other) group in the measured window. */
export interface GroupStats {
  count: number;
  /** Mean days from submission to action (NaN when none). */
  meanDays: number;
  /** Mean days waiting for a review slot (NaN when none). */
  meanWait: number;
  /** Share of actions by the goal date (NaN when none). */
  onTimeShare: number;
}

const TYPE_INDEX: Record<ApplicationType, number> = Object.fromEntries(APPLICATION_TYPES.map((t, i) => [t, i])) as Record<ApplicationType, number>;
const NT = APPLICATION_TYPES.length;
const CBE30 = TYPE_INDEX.cbe30;
const DESIGNATION = TYPE_INDEX.designation;
/** Capacity units per review slot: lets a work-conserving priority review take e.g. 1.5 slots (18 units). */
const UNITS = 12;
/** Application flags beyond amt (1), expedited (2), objected (4), dedicated slot (8). */
const F_WAITED = 16, F_ACTED = 32;
/** Half a 32-bit cell: keeps uniforms strictly inside (0, 1). */
const HALF_CELL = 1 / 8589934592;

/** A binary min-heap of application ids ordered by a numeric key array. */
class IdHeap {
  private ids: number[] = [];
  /** The regulator's key array (replaced when the regulator's per-application arrays grow). */
  constructor(public key: Float64Array) {}
  get size(): number { return this.ids.length; }
  peek(): number { return this.ids.length > 0 ? this.ids[0] : -1; }
  peekKey(): number { return this.ids.length > 0 ? this.key[this.ids[0]] : Infinity; }
  push(id: number): void {
    const ids = this.ids, key = this.key;
    let i = ids.length;
    ids.push(id);
    const k = key[id];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (key[ids[p]] <= k) break;
      ids[i] = ids[p];
      i = p;
    }
    ids[i] = id;
  }
  pop(): number {
    const ids = this.ids, key = this.key;
    const top = ids[0];
    const last = ids.pop()!;
    const n = ids.length;
    if (n > 0) {
      const k = key[last];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && key[ids[r]] < key[ids[l]] ? r : l;
        if (key[ids[m]] >= k) break;
        ids[i] = ids[m];
        i = m;
      }
      ids[i] = last;
    }
    return top;
  }
}

/**
 * The regulator of one replication.
 *
 * @example
 * const fda = new Regulator(sim, regulatorSchema.parse({ reviewers: 10 }), streams.get('regulator'));
 * fda.submit('pas', { amt: true, inspection: true }, { onImplementable: () => switchLine() });
 */
export class Regulator {
  private readonly typeParams: ReviewTypeParams[];
  private readonly kindDone: number;
  private readonly kindCbe: number;
  // Per application (index = id < nApps). Typed arrays that double when full: their backing stores
  // are off the JS heap, so the young-generation collections that run during a replication do not
  // copy them (as `number[]` they were ≈ 0.5 MB of garbage and live data per replication).
  private nApps = 0;
  private aType = new Uint8Array(64);
  private aFlags = new Int32Array(64); // bit0 amt, bit1 expedited, bit2 objected, bit3 dedicated slot, bit4 CBE-30 wait over, bit5 acted
  private aSubmitted = new Float64Array(64);
  private aStarted = new Float64Array(64);
  private aGoal = new Float64Array(64);
  private aMean = new Float64Array(64);
  private aKey = new Float64Array(64);
  private aUnits = new Float64Array(64);
  private readonly aCallbacks: (SubmitCallbacks | undefined)[] = [];
  private readonly generalQueue: IdHeap;
  private readonly expeditedQueue: IdHeap;
  private seq = 0;
  /** Free general reviewer capacity (units; a slot is UNITS units). */
  private freeGeneral: number;
  /** Free dedicated (expedited-only) capacity (units). */
  private freeDedicated: number;
  /** General review slots. */
  generalSlots: number;
  /** Dedicated (expedited-only) review slots. */
  dedicatedSlots: number;
  private nInReview = 0;
  private busyUnits = 0;
  private amtApproved = 0;
  private readonly expediteFactor: number;
  private readonly statsFrom: number;
  // Statistics per (type, group) where group 0 = other, 1 = AMT.
  private readonly sCount = new Float64Array(NT * 2);
  private readonly sDays = new Float64Array(NT * 2);
  private readonly sWait = new Float64Array(NT * 2);
  private readonly sOnTime = new Float64Array(NT * 2);
  // Recent times to action per type (ring buffers) for firms' expectations.
  private readonly recent: Float64Array[];
  private readonly recentN = new Int32Array(NT);
  /** Memo of each type's window sum and the recentN it was taken at (-1: none). */
  private readonly recentSum = new Float64Array(NT);
  private readonly recentSumAt = new Int32Array(NT).fill(-1);
  private readonly window: number;
  // Slot-time integral for utilization.
  private busyIntegral = 0;
  private lastChange = 0;

  constructor(
    private readonly sim: Simulation,
    readonly params: RegulatorParams,
    private readonly rng: Rng,
    options: RegulatorOptions = {},
  ) {
    this.typeParams = APPLICATION_TYPES.map((t) => params.types[t]);
    const extra = options.extraSlots ?? 0;
    const dedicated = options.dedicated ?? true;
    this.generalSlots = params.reviewers + (dedicated ? 0 : extra);
    this.dedicatedSlots = dedicated ? extra : 0;
    this.freeGeneral = this.generalSlots * UNITS;
    this.freeDedicated = this.dedicatedSlots * UNITS;
    this.expediteFactor = options.expediteReviewFactor ?? 1;
    this.statsFrom = options.statsFrom ?? 0;
    this.window = params.expectationWindow;
    this.recent = APPLICATION_TYPES.map(() => new Float64Array(params.expectationWindow));
    this.generalQueue = new IdHeap(this.aKey);
    this.expeditedQueue = new IdHeap(this.aKey);
    this.lastChange = sim.now;
    this.kindDone = sim.register('regulator:action', (id) => this.finish(id));
    this.kindCbe = sim.register('regulator:cbe30-wait', (id) => {
      const cb = this.aCallbacks[id];
      this.aFlags[id] |= F_WAITED;
      if (this.aFlags[id] & F_ACTED) this.aCallbacks[id] = undefined;
      cb?.onImplementable?.(id);
    });
  }

  /** Goal (days after submission) of an application filed with these options. */
  goalFor(type: ApplicationType, opts: SubmitOptions = {}): number {
    return goalOf(this.params.types[type], opts);
  }

  /** Mean review work (days of a review slot, excluding queueing) of an application filed with these options. */
  meanReview(type: ApplicationType, opts: SubmitOptions = {}): number {
    return this.meanOf(this.params.types[type], opts);
  }

  /** {@link meanReview} for a type's parameters (by index in `typeParams`, no string lookup). */
  private meanOf(p: ReviewTypeParams, opts: SubmitOptions): number {
    return p.workShare * goalOf(p, opts) * (opts.expedited ? this.expediteFactor : 1);
  }

  /**
   * {@link meanReview} of the standard filing of a type (no priority, not expedited) with or without
   * a pre-approval inspection: the same value as `meanReview(type, { inspection })` without
   * allocating the options object (this runs for every firm-epoch and type, and every submission).
   */
  private standardReview(ti: number, inspection: unknown): number {
    const p = this.typeParams[ti];
    return p.workShare * (inspection ? p.goalWithInspection : p.goal);
  }

  /**
   * Submit an application now. Returns its id. `onImplementable` fires at approval, or for CBE-30
   * `cbe30Wait` days after receipt (unless FDA objects, then at approval); `onAction` fires when the
   * review finishes.
   */
  submit(type: ApplicationType, opts: SubmitOptions = {}, callbacks?: SubmitCallbacks): number {
    const ti = TYPE_INDEX[type];
    const p = this.typeParams[ti];
    const id = this.nApps;
    if (id === this.aType.length) this.grow();
    this.nApps = id + 1;
    const now = this.sim.now;
    let flags = (opts.amt ? 1 : 0) | (opts.expedited ? 2 : 0);
    if (ti === CBE30 && this.params.cbe30ObjectionProbability > 0 && this.rng() < this.params.cbe30ObjectionProbability) flags |= 4;
    const fast = opts.priority === true || opts.expedited === true;
    this.aType[id] = ti;
    this.aFlags[id] = flags;
    this.aSubmitted[id] = now;
    this.aStarted[id] = NaN;
    this.aGoal[id] = goalOf(p, opts);
    const mean = this.meanOf(p, opts);
    this.aMean[id] = mean;
    // Work-conserving priority: the same reviewer work done in a shorter time takes more capacity.
    const standard = this.standardReview(ti, opts.inspection);
    const units = this.params.priorityWorkConserved && mean > 0 && mean < standard ? Math.round((UNITS * standard) / mean) : UNITS;
    this.aUnits[id] = Math.max(1, Math.min(units, this.params.reviewers * UNITS));
    // Priority class 0 for priority/expedited work, else the type's priority; FIFO within a class.
    this.aKey[id] = (fast ? 0 : p.priority) * 1e12 + this.seq++;
    this.aCallbacks.push(callbacks);
    if (ti === CBE30 && (flags & 4) === 0) this.sim.schedule(this.kindCbe, this.params.cbe30Wait, id);
    if (opts.expedited) this.expeditedQueue.push(id);
    else this.generalQueue.push(id);
    this.dispatch();
    return id;
  }

  /** Double the per-application arrays (contents copied; the queues get the new key array). */
  private grow(): void {
    const n = this.aType.length * 2;
    const g = <T extends Uint8Array | Int32Array | Float64Array>(a: T, b: T): T => { b.set(a); return b; };
    this.aType = g(this.aType, new Uint8Array(n));
    this.aFlags = g(this.aFlags, new Int32Array(n));
    this.aSubmitted = g(this.aSubmitted, new Float64Array(n));
    this.aStarted = g(this.aStarted, new Float64Array(n));
    this.aGoal = g(this.aGoal, new Float64Array(n));
    this.aMean = g(this.aMean, new Float64Array(n));
    this.aKey = g(this.aKey, new Float64Array(n));
    this.aUnits = g(this.aUnits, new Float64Array(n));
    this.generalQueue.key = this.aKey;
    this.expeditedQueue.key = this.aKey;
  }

  /**
   * Expected days from submission until the change may be implemented, as an applicant sees it: the
   * mean of the last `expectationWindow` actions of this type if that many exist, else the mean review
   * time; for CBE-30 the wait (or, with objection probability q, (1-q) wait + q x time to action).
   */
  expectedTimeToImplement(type: ApplicationType, opts: SubmitOptions = {}): number {
    const ti = TYPE_INDEX[type];
    const n = this.recentN[ti];
    const p = this.typeParams[ti];
    let toAction = this.meanOf(p, opts);
    if (n >= this.window) {
      // The window's sum, memoised until the next action of this type (recentN changes exactly
      // when the ring buffer does; same summation order, so the same value).
      let s: number;
      if (this.recentSumAt[ti] === n) s = this.recentSum[ti];
      else {
        s = 0;
        for (const v of this.recent[ti]) s += v;
        this.recentSum[ti] = s;
        this.recentSumAt[ti] = n;
      }
      // Observed means mix standard and fast filings; scale by this filing's work relative to standard.
      const standard = this.standardReview(ti, opts.inspection);
      toAction = (s / this.window) * (standard > 0 ? this.meanOf(p, opts) / standard : 1);
    }
    if (ti === CBE30) {
      const q = this.params.cbe30ObjectionProbability;
      return (1 - q) * this.params.cbe30Wait + q * toAction;
    }
    return toAction;
  }

  /**
   * Add review slots now (e.g. when an expedited-review program funding extra reviewers starts).
   * Dedicated slots review expedited applications only.
   */
  addSlots(n: number, dedicated: boolean): void {
    if (n <= 0) return;
    this.markBusy();
    if (dedicated) { this.dedicatedSlots += n; this.freeDedicated += n * UNITS; } else { this.generalSlots += n; this.freeGeneral += n * UNITS; }
    this.dispatch();
  }

  /** Approvals of applications referencing an AMT (designation requests excluded) at or after `statsFrom`. */
  get amtApprovals(): number { return this.amtApproved; }

  /** Applications waiting for a slot. */
  get queued(): number { return this.generalQueue.size + this.expeditedQueue.size; }
  /** Applications in review. */
  get inReview(): number { return this.nInReview; }

  /** Time-average share of review slots busy from time 0 (or construction) to now. */
  utilization(): number {
    const span = this.sim.now - 0;
    const integral = this.busyIntegral + this.busyUnits * (this.sim.now - this.lastChange);
    const units = (this.generalSlots + this.dedicatedSlots) * UNITS;
    return span > 0 ? integral / (span * units) : 0;
  }

  /** Statistics of actions at or after `statsFrom`, for one type and group. */
  stats(type: ApplicationType, amt: boolean): GroupStats {
    const g = TYPE_INDEX[type] * 2 + (amt ? 1 : 0);
    const n = this.sCount[g];
    return {
      count: n,
      meanDays: n > 0 ? this.sDays[g] / n : NaN,
      meanWait: n > 0 ? this.sWait[g] / n : NaN,
      onTimeShare: n > 0 ? this.sOnTime[g] / n : NaN,
    };
  }

  /**
   * The `reg.*` metrics of outputs.ts over a window of `years` (counts per year; means and on-time
   * shares NaN when no action).
   */
  metrics(years: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of APPLICATION_TYPES) {
      for (const amt of [true, false]) {
        const s = this.stats(t, amt);
        const g = amt ? 'amt' : 'other';
        out[`reg.${t}.${g}.days_mean`] = s.meanDays;
        out[`reg.${t}.${g}.on_time`] = s.onTimeShare;
        out[`reg.${t}.${g}.count`] = years > 0 ? s.count / years : NaN;
      }
    }
    return out;
  }

  private sample(mean: number, ti: number): number {
    const p = this.typeParams[ti];
    switch (p.distribution) {
      case 'fixed':
        return mean;
      // Inversion with one uniform per draw (cell midpoint, as the kernel's distributions do), so the
      // regulator stream stays aligned across arms whatever the parameters.
      case 'exponential':
        return -mean * Math.log(1 - (this.rng() + HALF_CELL));
      case 'lognormal': {
        if (p.cv === 0) return mean;
        const s2 = Math.log(1 + p.cv * p.cv);
        const z = normalQuantile(this.rng() + HALF_CELL);
        return mean * Math.exp(-s2 / 2 + Math.sqrt(s2) * z);
      }
    }
  }

  private markBusy(): void {
    const now = this.sim.now;
    this.busyIntegral += this.busyUnits * (now - this.lastChange);
    this.lastChange = now;
  }

  private start(id: number, dedicated: boolean): void {
    this.markBusy();
    const u = this.aUnits[id];
    if (dedicated) { this.freeDedicated -= u; this.aFlags[id] |= 8; } else this.freeGeneral -= u;
    this.busyUnits += u;
    this.nInReview++;
    this.aStarted[id] = this.sim.now;
    this.sim.schedule(this.kindDone, this.sample(this.aMean[id], this.aType[id]), id);
  }

  /** Fill free slots: dedicated slots take expedited work only; general slots take the best key. */
  private dispatch(): void {
    const eq = this.expeditedQueue, gq = this.generalQueue;
    while (eq.size > 0 && this.aUnits[eq.peek()] <= this.freeDedicated) this.start(eq.pop(), true);
    // Strict priority: the best waiting application is served first; if it does not fit, all wait.
    while (this.queued > 0) {
      const q = eq.peekKey() < gq.peekKey() ? eq : gq;
      if (this.aUnits[q.peek()] > this.freeGeneral) break;
      this.start(q.pop(), false);
    }
  }

  private finish(id: number): void {
    this.markBusy();
    const u = this.aUnits[id];
    if (this.aFlags[id] & 8) this.freeDedicated += u; else this.freeGeneral += u;
    this.busyUnits -= u;
    this.nInReview--;
    const now = this.sim.now;
    const ti = this.aType[id];
    const days = now - this.aSubmitted[id];
    // Firms' expectations: ring buffer of recent times to action.
    this.recent[ti][this.recentN[ti] % this.window] = days;
    this.recentN[ti]++;
    if (now >= this.statsFrom) {
      const g = ti * 2 + (this.aFlags[id] & 1);
      this.sCount[g]++;
      this.sDays[g] += days;
      this.sWait[g] += this.aStarted[id] - this.aSubmitted[id];
      if (days <= this.aGoal[id] + 1e-9) this.sOnTime[g]++;
    }
    const approved = this.typeParams[ti].approvalProbability >= 1 || this.rng() < this.typeParams[ti].approvalProbability;
    if (approved && (this.aFlags[id] & 1) && ti !== DESIGNATION && now >= this.statsFrom) this.amtApproved++;
    const cb = this.aCallbacks[id];
    // A CBE-30 without objection becomes implementable at the end of its wait (its own event), whenever
    // the review finishes, so its callbacks are kept for that event.
    const waitsSeparately = ti === CBE30 && (this.aFlags[id] & 4) === 0;
    this.aFlags[id] |= F_ACTED;
    if (!waitsSeparately || (this.aFlags[id] & F_WAITED)) this.aCallbacks[id] = undefined;
    this.dispatch();
    if (cb) {
      if (approved && !waitsSeparately) cb.onImplementable?.(id);
      cb.onAction?.(approved, id);
    }
  }
}

/** Goal (days after submission) of an application with these options, for a type's parameters. */
function goalOf(p: ReviewTypeParams, opts: SubmitOptions): number {
  const fast = opts.priority === true || opts.expedited === true;
  if (opts.inspection) return fast ? p.priorityGoalWithInspection : p.goalWithInspection;
  return fast ? p.priorityGoal : p.goal;
}

/** Convert a window in days to years (for per-year counts). */
export function windowYears(days: number): number {
  return days / DAYS_PER_YEAR;
}
