/**
 * Calibration statistics that the replication output (src/model/outputs.ts) does not report but the
 * shortage record does, computed from a replication's recorded episodes (`simulateWithTrace`).
 */
import { DAYS_PER_YEAR } from '../../scenario/units.js';

/** The part of an episode these statistics need (`Episode` of src/model/world/world.ts). */
export interface EpisodeSpan {
  start: number;
  end: number;
}

/**
 * Share of active shortages older than `ageDays`, averaged over the window [w0, w1] and weighted by
 * the number active: (product-days in shortage at an age above `ageDays`) / (all product-days in
 * shortage), both within the window. This is what a count of "active shortages open more than two
 * years" at random dates estimates. NaN when no shortage is active in the window.
 * @example activeAgeShare([{ start: 0, end: 1000 }], 0, 1000, 730) // => 0.27
 */
export function activeAgeShare(episodes: readonly EpisodeSpan[], w0: number, w1: number, ageDays: number): number {
  let all = 0;
  let old = 0;
  for (const e of episodes) {
    const b = Math.min(e.end, w1);
    const a = Math.max(e.start, w0);
    if (b > a) all += b - a;
    const aOld = Math.max(e.start + ageDays, w0);
    if (b > aOld) old += b - aOld;
  }
  return all > 0 ? old / all : NaN;
}

/** What the derived statistics read from a replication's trace. */
export interface EpisodeTrace {
  episodes: readonly EpisodeSpan[];
  /** Start and end of the measured window, days. */
  W0: number;
  W1: number;
}

/** Derived metrics by name, each computed from one replication's episodes. */
export const DERIVED_METRICS: Record<string, (w: EpisodeTrace) => number> = {
  'shortage.active_over_2y_share': (w) => activeAgeShare(w.episodes, w.W0, w.W1, 2 * DAYS_PER_YEAR),
};
