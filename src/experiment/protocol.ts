/**
 * Messages between the runner and its worker threads. Results travel as typed arrays whose buffers
 * are transferred (not copied): metrics in {@link METRIC_NAMES} order, and all series of a
 * replication concatenated (series k occupies [k·count, (k+1)·count)).
 */
import { METRIC_NAMES, type ReplicationOutput, type RunSettings, type SeriesGrid } from '../model/outputs.js';

export interface WorkerInit {
  /** URL of the model module (exports `simulateReplication`). */
  modelUrl: string;
  arms: { name: string; world: unknown; policies: unknown }[];
  run: RunSettings;
}

export interface TaskMessage {
  /** Sequence number of the task in the run (results are re-ordered by it). */
  seq: number;
  arm: number;
  replication: number;
}

export interface PackedResult {
  type: 'result';
  seq: number;
  arm: number;
  replication: number;
  metrics: Float64Array;
  seriesNames: string[];
  series: Float64Array;
  grid: SeriesGrid;
  events: number;
}

export interface WorkerFailure {
  type: 'error';
  seq: number;
  arm: number;
  replication: number;
  name: string;
  message: string;
  stack?: string;
}

export type WorkerReply = PackedResult | WorkerFailure;

/** Pack a model output into transferable arrays (missing metrics become NaN). */
export function pack(seq: number, arm: number, replication: number, out: ReplicationOutput): PackedResult {
  const metrics = new Float64Array(METRIC_NAMES.length);
  const m = out.metrics as Record<string, number | undefined>;
  for (let i = 0; i < METRIC_NAMES.length; i++) {
    const v = m[METRIC_NAMES[i]];
    metrics[i] = typeof v === 'number' ? v : NaN;
  }
  const seriesNames = Object.keys(out.series);
  const count = out.grid.count;
  const series = new Float64Array(seriesNames.length * count);
  seriesNames.forEach((name, k) => {
    const s = out.series[name];
    if (s.length !== count) throw new RangeError(`series "${name}" has ${s.length} buckets, grid says ${count}`);
    series.set(s, k * count);
  });
  return { type: 'result', seq, arm, replication, metrics, seriesNames, series, grid: { ...out.grid }, events: out.events };
}
