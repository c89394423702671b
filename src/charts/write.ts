/**
 * `writeCharts(resultsDir)`: every chart of a results directory as `charts/<name>.vl.json` (a complete
 * Vega-Lite spec with its data inlined, openable in the Vega editor), `<name>.svg` and `<name>.png`.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_FILES } from '../experiment/results-format.js';
import { readReplications, readSummary, writeFileAtomic } from './io.js';
import { renderSvg, svgToPng, type ChartWarning } from './render.js';
import { CHART_NAMES, buildChartSpecs, type ChartName } from './specs.js';

export type ChartFormat = 'vl.json' | 'svg' | 'png';

export interface WriteChartsOptions {
  /** Which files to write per chart. Default: all three. */
  formats?: ChartFormat[];
  /** PNG pixel density (1 = the SVG's size). Default 2. */
  pngScale?: number;
}

export interface WrittenChart {
  name: ChartName;
  /** Absolute or resultsDir-relative paths, as joined from `resultsDir`. */
  files: string[];
  /** Vega-Lite/Vega warnings met while compiling and rendering (none for amtsim's own specs). */
  warnings: ChartWarning[];
}

/** Metrics the charts read from replications.csv. */
const REPLICATION_METRICS = ['shortage.days'];

/** The Vega-Lite spec as written to disk: stable 2-space JSON with a trailing newline. */
export function specToJson(spec: unknown): string {
  return JSON.stringify(spec, null, 2) + '\n';
}

/**
 * Write every chart the summary has data for into `<resultsDir>/charts/`.
 * Files of charts that no longer have data are removed, so the folder matches the summary.
 *
 * @param resultsDir a results directory holding `summary.json` (and optionally `replications.csv`).
 * @returns the charts written, in report order.
 * @throws ChartsError when summary.json is missing or not an amtsim summary.
 * @example
 * await writeCharts('results/policy-comparison'); // => [{ name: 'active-shortages', files: [...] }, ...]
 */
export async function writeCharts(resultsDir: string, opts: WriteChartsOptions = {}): Promise<WrittenChart[]> {
  const formats = opts.formats ?? ['vl.json', 'svg', 'png'];
  const summary = readSummary(resultsDir);
  const specs = buildChartSpecs(summary, { replications: readReplications(resultsDir, REPLICATION_METRICS) });
  const dir = join(resultsDir, RESULT_FILES.chartsDir);
  mkdirSync(dir, { recursive: true });
  const written: WrittenChart[] = [];
  for (const name of CHART_NAMES) {
    const spec = specs[name];
    if (!spec) {
      for (const ext of ['vl.json', 'svg', 'png']) {
        const stale = join(dir, `${name}.${ext}`);
        if (existsSync(stale)) rmSync(stale);
      }
      continue;
    }
    const files: string[] = [];
    let warnings: ChartWarning[] = [];
    if (formats.includes('vl.json')) {
      const file = join(dir, `${name}.vl.json`);
      writeFileAtomic(file, specToJson(spec));
      files.push(file);
    }
    if (formats.includes('svg') || formats.includes('png')) {
      const rendered = await renderSvg(spec);
      warnings = rendered.warnings;
      if (formats.includes('svg')) {
        const file = join(dir, `${name}.svg`);
        writeFileAtomic(file, rendered.svg + '\n');
        files.push(file);
      }
      if (formats.includes('png')) {
        const file = join(dir, `${name}.png`);
        writeFileAtomic(file, svgToPng(rendered.svg, opts.pngScale ?? 2));
        files.push(file);
      }
    }
    written.push({ name, files, warnings });
  }
  return written;
}
