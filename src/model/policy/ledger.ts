/**
 * Program outlays (MODEL.md §4.8, §6): lump sums at a time and constant-rate flows over intervals,
 * counted only inside the measured window [windowStart, windowEnd].
 */
import { PROGRAMS, type Program } from '../outputs.js';

const PROGRAM_INDEX = Object.fromEntries(PROGRAMS.map((p, i) => [p, i])) as Record<Program, number>;

/** Outlays per program inside a measured window. */
export class OutlayLedger {
  private readonly totals = new Float64Array(PROGRAMS.length);
  /** Lifetime totals (warm-up included), e.g. for budget checks in tests. */
  private readonly lifetime = new Float64Array(PROGRAMS.length);

  constructor(readonly windowStart: number, readonly windowEnd: number) {}

  /** A payment of `amount` dollars at time `t` (days). */
  add(program: Program, t: number, amount: number): void {
    const i = PROGRAM_INDEX[program];
    this.lifetime[i] += amount;
    if (t >= this.windowStart && t <= this.windowEnd) this.totals[i] += amount;
  }

  /** A flow of `ratePerDay` dollars/day from `t0` to `t1` (days); only the part inside the window counts. */
  addFlow(program: Program, t0: number, t1: number, ratePerDay: number): void {
    if (!(t1 > t0)) return;
    const i = PROGRAM_INDEX[program];
    this.lifetime[i] += ratePerDay * (t1 - t0);
    const a = Math.max(t0, this.windowStart), b = Math.min(t1, this.windowEnd);
    if (b > a) this.totals[i] += ratePerDay * (b - a);
  }

  /** Dollars of a program inside the window. */
  total(program: Program): number {
    return this.totals[PROGRAM_INDEX[program]];
  }

  /** Dollars of a program over the whole run. */
  lifetimeTotal(program: Program): number {
    return this.lifetime[PROGRAM_INDEX[program]];
  }
}
