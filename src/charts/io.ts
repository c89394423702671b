/**
 * Reading a results directory (summary.json, manifest.json, replications.csv) for the charts and the
 * report, and writing files atomically. User mistakes (missing directory, unreadable or foreign JSON)
 * raise {@link ChartsError} with a message naming the file, what was expected and what was found.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../experiment/csv.js';
import { RESULTS_SCHEMA_VERSION, RESULT_FILES, type Summary } from '../experiment/results-format.js';
import type { ReplicationValue } from './specs.js';

/** A user-facing error about a results directory (no stack trace needed). */
export class ChartsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartsError';
  }
}

function readJson(file: string, what: string): unknown {
  if (!existsSync(file)) throw new ChartsError(`${file}: not found (expected the ${what} written by \`amtsim run\`).`);
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ChartsError(`${file}: not valid JSON (${(e as Error).message}).`);
  }
}

/**
 * Read and sanity-check `summary.json` of a results directory.
 * @throws ChartsError when the file is missing, not JSON, or not an amtsim summary of this version.
 */
export function readSummary(resultsDir: string): Summary {
  const file = join(resultsDir, RESULT_FILES.summary);
  const data = readJson(file, 'results summary') as Partial<Summary> | null;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ChartsError(`${file}: expected a JSON object, found ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}.`);
  }
  if (data.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    throw new ChartsError(
      `${file}: field "schemaVersion": expected ${RESULTS_SCHEMA_VERSION}, found ${JSON.stringify(data.schemaVersion)} ` +
        '(re-run the scenario with this version of amtsim).',
    );
  }
  for (const key of ['arms', 'metrics', 'differences', 'series', 'costEffectiveness'] as const) {
    if (!Array.isArray(data[key])) throw new ChartsError(`${file}: field "${key}": expected an array, found ${JSON.stringify(data[key])?.slice(0, 40) ?? 'nothing'}.`);
  }
  for (const key of ['scenario', 'metricInfo', 'goalDates'] as const) {
    if (typeof data[key] !== 'object' || data[key] === null) throw new ChartsError(`${file}: field "${key}": expected an object.`);
  }
  return data as Summary;
}

/** Read `manifest.json` when present (the report shows it); undefined when absent. */
export function readManifest(resultsDir: string): Record<string, unknown> | undefined {
  const file = join(resultsDir, RESULT_FILES.manifest);
  if (!existsSync(file)) return undefined;
  const data = readJson(file, 'run manifest');
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new ChartsError(`${file}: expected a JSON object.`);
  return data as Record<string, unknown>;
}

/**
 * Parse `replications.csv`, keeping only `metrics` (all when omitted). Accepts the tidy layout
 * (`arm,replication,metric,value`) and the wide one (`arm,replication,<metric>,<metric>,…`).
 * Returns undefined when the layout is neither (the charts then fall back to summary quantiles).
 */
export function parseReplicationsCsv(text: string, metrics?: string[]): ReplicationValue[] | undefined {
  const { header, rows: all } = parseCsv(text);
  if (header.length === 0) return undefined;
  const head = header.map((h) => h.trim());
  const rows = all.filter((f) => !(f.length === 1 && f[0] === ''));
  const armCol = head.indexOf('arm');
  const repCol = head.indexOf('replication');
  if (armCol < 0 || repCol < 0) return undefined;
  const keep = (m: string) => !metrics || metrics.includes(m);
  const out: ReplicationValue[] = [];
  const metricCol = head.indexOf('metric');
  const valueCol = head.indexOf('value');
  if (metricCol >= 0 && valueCol >= 0) {
    for (const f of rows) {
      if (!keep(f[metricCol])) continue;
      out.push({ arm: f[armCol], replication: Number(f[repCol]), metric: f[metricCol], value: f[valueCol] === '' ? NaN : Number(f[valueCol]) });
    }
    return out;
  }
  const cols = head.map((h, i) => ({ h, i })).filter(({ h, i }) => i !== armCol && i !== repCol && keep(h));
  for (const f of rows) {
    for (const { h, i } of cols) {
      out.push({ arm: f[armCol], replication: Number(f[repCol]), metric: h, value: f[i] === '' ? NaN : Number(f[i]) });
    }
  }
  return out;
}

/** Per-replication values of `metrics` from `replications.csv`, when the file exists and parses. */
export function readReplications(resultsDir: string, metrics?: string[]): ReplicationValue[] | undefined {
  const file = join(resultsDir, RESULT_FILES.replicationsCsv);
  if (!existsSync(file)) return undefined;
  return parseReplicationsCsv(readFileSync(file, 'utf8'), metrics);
}

let tmpCounter = 0;

/** Write a file atomically: a temporary file in the same directory, then rename over the target. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}-${tmpCounter++}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
