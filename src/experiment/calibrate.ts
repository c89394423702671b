/**
 * `amtsim calibrate FILE`: run a scenario's reference arm and compare the model with the historical
 * targets of calibration.md §9 (src/model/calibration/targets.ts).
 *
 *   loadScenario(file) → reference arm → simulateWithTrace × N (common seed) → per target, the
 *   reported metric or one derived from the recorded episodes → mean and 95 % interval → verdict
 *   (mean inside the target band) → report → formatCalibration() table
 */
import { loadScenario } from '../scenario/index.js';
import { simulateWithTrace } from '../model/index.js';
import { DERIVED_METRICS } from '../model/calibration/derived.js';
import { buildMarket } from '../model/market/generate.js';
import type { RunSettings } from '../model/outputs.js';
import { Moments, momentsInterval } from '../stats/index.js';
import { INPUT_CHECKS, TARGETS, targetMet, type CalibrationTarget, type InputCheck } from '../model/calibration/targets.js';
import { marketStructure, STRUCTURE_TARGETS, type MarketStructure, type StructureTarget } from '../model/calibration/structure.js';
import { DAYS_PER_YEAR } from '../scenario/units.js';
import { UserError } from './errors.js';

/** Options of {@link calibrate}. */
export interface CalibrateOptions {
  /** Replications to run (default: the scenario's `run.replications`). */
  replications?: number;
  /** Override of the horizon in days (tests use short horizons; the verdict then means little). */
  horizonDays?: number;
  /** Override of the warm-up in days. */
  warmupDays?: number;
  /** Arm to calibrate (default: the scenario's reference arm). */
  arm?: string;
  /**
   * Accepted for symmetry with `amtsim run`; replications run in this thread, because some targets
   * (the age of active shortages) are computed from each replication's recorded episodes, which do
   * not cross worker threads. Forty replications of the baseline take seconds.
   */
  workers?: number;
  /** Called after each replication with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Targets to evaluate (default: {@link TARGETS}). */
  targets?: readonly CalibrationTarget[];
}

/** Verdict on one target. */
export type TargetStatus = 'met' | 'unmet' | 'not claimed' | 'not evaluated';

/** One row of the calibration table. */
export interface CalibrationRow {
  target: CalibrationTarget;
  /** Model mean in the target's unit (NaN when the metric is missing or never defined). */
  mean: number;
  /** 95 % interval of the mean, in the target's unit (NaN bounds with fewer than 2 values). */
  low: number;
  high: number;
  /** Replications in which the metric was defined. */
  n: number;
  /** Mean within [target.low, target.high]. */
  within: boolean;
  status: TargetStatus;
}

/** One structural check of the generated market (calibration.md §9.6–9.7). */
export interface StructureRow {
  target: StructureTarget;
  value: number;
  within: boolean;
}

/** What {@link calibrate} returns. */
export interface CalibrationReport {
  scenario: string;
  file: string;
  hash: string;
  arm: string;
  replications: number;
  run: RunSettings;
  rows: CalibrationRow[];
  /** The generated market's structure and its checks against §9.6–9.7. */
  structure: MarketStructure;
  structureRows: StructureRow[];
  inputs: readonly InputCheck[];
  /** True when every claimed target is met. */
  allClaimedMet: boolean;
  elapsedMs: number;
}

/**
 * Run `file`'s reference arm and compare its metrics with the calibration targets.
 *
 * Replication i uses the same streams as replication i of `amtsim run` (same seed), so the numbers
 * are those of the scenario's reference arm.
 * @example const r = await calibrate('scenarios/baseline.yaml', { replications: 20 }); console.log(formatCalibration(r));
 */
export async function calibrate(file: string, opts: CalibrateOptions = {}): Promise<CalibrationReport> {
  const started = Date.now();
  const scenario = loadScenario(file);
  const armName = opts.arm ?? scenario.referenceArm;
  const arm = scenario.arms.find((a) => a.name === armName);
  if (!arm) throw new UserError(`calibrate: ${file} has no arm "${armName}" (arms: ${scenario.arms.map((a) => a.name).join(', ')})`);
  const run: RunSettings = {
    seed: scenario.run.seed,
    horizonDays: opts.horizonDays ?? scenario.run.horizonDays,
    warmupDays: opts.warmupDays ?? scenario.run.warmupDays,
    seriesStepDays: scenario.run.seriesStepDays,
  };
  const replications = opts.replications ?? scenario.run.replications;
  if (!(Number.isInteger(replications) && replications >= 1)) throw new UserError(`calibrate: replications must be a whole number ≥ 1, found ${replications}`);
  const targets = opts.targets ?? TARGETS;
  const acc = targets.map(() => new Moments());
  for (let i = 0; i < replications; i++) {
    const { output, trace } = simulateWithTrace({ world: arm.world, policies: arm.policies, run, replication: i });
    const metrics = output.metrics as Record<string, number>;
    targets.forEach((t, k) => {
      const derived = DERIVED_METRICS[t.metric];
      const v = metrics[t.metric] ?? (derived ? derived(trace.world) : undefined);
      if (v !== undefined) acc[k].add(v);
    });
    opts.onProgress?.(i + 1, replications);
    // Let progress output and signals through between replications (never inside one).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const estimates = acc.map((m) => {
    const iv = momentsInterval(m);
    return { mean: iv.estimate, low: iv.low, high: iv.high, n: m.n };
  });

  const rows: CalibrationRow[] = targets.map((t, k) => {
    const e = estimates[k];
    const within = targetMet(t, e.mean);
    const evaluated = e.n > 0;
    const status: TargetStatus = !evaluated ? 'not evaluated' : !t.claimed ? 'not claimed' : within ? 'met' : 'unmet';
    return { target: t, mean: e.mean * t.scale, low: e.low * t.scale, high: e.high * t.scale, n: e.n, within, status };
  });
  const structure = marketStructure(buildMarket(arm.world), arm.world);
  const structureRows: StructureRow[] = STRUCTURE_TARGETS.map((t) => {
    const value = structure[t.field];
    return { target: t, value, within: value >= t.low && value <= t.high };
  });
  return {
    scenario: scenario.name,
    file: scenario.file,
    hash: scenario.hash,
    arm: armName,
    replications,
    run,
    rows,
    structure,
    structureRows,
    inputs: INPUT_CHECKS,
    allClaimedMet: rows.every((r) => !r.target.claimed || r.status === 'met') && structureRows.every((r) => r.within),
    elapsedMs: Date.now() - started,
  };
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function pad(s: string, w: number, right = false): string {
  return right ? s.padStart(w) : s.padEnd(w);
}

/**
 * The calibration report as a plain-text table (what `amtsim calibrate` prints).
 * Columns: target, unit, historical value and band, model mean with its 95 % interval, verdict.
 */
export function formatCalibration(report: CalibrationReport): string {
  const head = ['ref', 'target', 'unit', 'history', 'band', 'model mean', '95% CI', 'n', 'verdict'];
  const body = report.rows.map((r) => [
    r.target.ref,
    r.target.label,
    r.target.unit,
    fmt(r.target.value),
    `${fmt(r.target.low)}–${fmt(r.target.high)}`,
    fmt(r.mean),
    Number.isFinite(r.low) ? `${fmt(r.low)}–${fmt(r.high)}` : '—',
    String(r.n),
    r.status === 'met' ? 'MET' : r.status === 'unmet' ? 'UNMET' : r.status === 'not claimed' ? (r.within ? 'not claimed (in band)' : 'not claimed') : 'not evaluated',
  ]);
  const numeric = new Set([3, 5, 7]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((s, c) => pad(s, widths[c], numeric.has(c))).join('  ').trimEnd();
  const out: string[] = [];
  const years = (d: number) => +(d / DAYS_PER_YEAR).toFixed(2);
  out.push(
    `Calibration of ${report.scenario} (arm "${report.arm}"): ${report.replications} replications, seed ${report.run.seed}, ` +
      `horizon ${years(report.run.horizonDays)} y, warm-up ${years(report.run.warmupDays)} y`,
  );
  out.push('');
  out.push(line(head));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) out.push(line(row));
  out.push('');
  const unclaimed = report.rows.filter((r) => r.status !== 'met' && r.status !== 'unmet');
  for (const r of unclaimed) {
    const why = r.status === 'not evaluated' ? `the model does not report ${r.target.metric}` : r.target.reason ?? '';
    out.push(`${r.target.label}: ${r.status} — ${why}`);
  }
  if (unclaimed.length) out.push('');
  const st = report.structure;
  out.push(
    `Generated market: ${st.products} products (${Object.entries(st.productsByForm).map(([f, n]) => `${n} ${f}`).join(', ')}), ` +
      `${st.lines} supplier lines, ${st.fdfPlants} finished-dose and ${st.apiPlants} API plants, ${st.firms} firms.`,
  );
  out.push('');
  const sHead = ['ref', 'market structure (input)', 'history', 'band', 'generated', 'verdict'];
  const sBody = report.structureRows.map((r) => [
    r.target.ref, r.target.label, fmt(r.target.value), `${fmt(r.target.low)}–${fmt(r.target.high)}`, fmt(r.value), r.within ? 'MET' : 'UNMET',
  ]);
  const sw = sHead.map((h, c) => Math.max(h.length, ...sBody.map((row) => row[c].length)));
  const sLine = (cells: string[]) => cells.map((x, c) => pad(x, sw[c], c === 2 || c === 4)).join('  ').trimEnd();
  out.push(sLine(sHead));
  out.push(sw.map((w) => '-'.repeat(w)).join('  '));
  for (const row of sBody) out.push(sLine(row));
  out.push('');
  out.push('Also from calibration.md §9, used as inputs or exercised elsewhere:');
  for (const c of report.inputs.filter((x) => x.item > 7)) out.push(`  §9.${c.item} ${c.label}: ${c.howUsed}`);
  out.push('');
  const claimed = report.rows.filter((r) => r.target.claimed);
  const met = claimed.filter((r) => r.status === 'met').length;
  const sMet = report.structureRows.filter((r) => r.within).length;
  out.push(
    `${met} of ${claimed.length} claimed output targets and ${sMet} of ${report.structureRows.length} structure targets met` +
      `${report.allClaimedMet ? '' : ' — CALIBRATION FAILS'} (${(report.elapsedMs / 1000).toFixed(1)} s).`,
  );
  return out.join('\n');
}
