/**
 * `writeReport(resultsDir)`: one self-contained `report.html` for a brief — summary tables, every
 * chart interactive (tooltips), the key assumptions, the scenario and the manifest. It works offline:
 * vega, vega-lite and vega-embed are inlined from node_modules and the chart font is embedded, so
 * the page needs no network. Print CSS lays it out for "Print to PDF".
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RESULT_FILES, type Summary } from '../experiment/results-format.js';
import type { MetricInfo } from '../model/outputs.js';
import { fontFiles } from './fonts.js';
import { readManifest, readReplications, readSummary, writeFileAtomic } from './io.js';
import { CHARTS, CHART_NAMES, buildChartSpecs } from './specs.js';
import { FONT_FAMILY, armColors, orderedArms } from './theme.js';

const require = createRequire(import.meta.url);

/**
 * Directory of an installed package. vega's packages do not export "./package.json", so walk up from
 * the resolved entry point to the folder whose package.json names the package.
 */
function packageDir(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === pkg) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot locate the installed package ${pkg}`);
    dir = up;
  }
}

/** The browser builds inlined into the report (UMD: they define globals vega, vegaLite, vegaEmbed). */
function libraries(): string[] {
  return [
    join(packageDir('vega'), 'build/vega.min.js'),
    join(packageDir('vega-lite'), 'build/vega-lite.min.js'),
    join(packageDir('vega-embed'), 'build/vega-embed.min.js'),
  ].map((f) => readFileSync(f, 'utf8'));
}

const esc = (s: unknown): string =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON safe to place inside a <script> element. */
const scriptJson = (v: unknown): string =>
  JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const en = (digits: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * Format a value for a table, by unit: shares as percentages, dollars in $M/$B, counts with
 * precision falling as magnitude grows. Non-finite values (undefined metrics) show as "–".
 */
export function formatValue(x: number | null | undefined, unit: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (unit === 'share') return `${en(1).format(x * 100)} %`;
  if (unit.startsWith('$')) {
    const a = Math.abs(x);
    const sign = x < 0 ? '\u2212' : '';
    if (a >= 1e9) return `${sign}$${en(2).format(a / 1e9)} B`;
    if (a >= 1e6) return `${sign}$${en(1).format(a / 1e6)} M`;
    return `${sign}$${en(0).format(a)}`;
  }
  const a = Math.abs(x);
  const s = a >= 1000 ? en(0).format(x) : a >= 10 ? en(1).format(x) : en(2).format(x);
  return s.replace('-', '\u2212');
}

function relPct(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const v = en(1).format(x * 100);
  return x > 0 ? `+${v} %` : `${v.replace('-', '\u2212')} %`;
}

function info(s: Summary, metric: string): MetricInfo {
  return s.metricInfo[metric] ?? { label: metric, unit: '', description: '', better: 'none' };
}

function headlineMetrics(s: Summary): string[] {
  const names = Object.keys(s.metricInfo).filter((m) => s.metricInfo[m].headline && s.metrics.some((r) => r.metric === m));
  return names.length > 0 ? names : [...new Set(s.metrics.map((m) => m.metric))].slice(0, 8);
}

function armHeader(arms: string[], colors: Record<string, string>, ref: string): string {
  return arms
    .map((a) => `<th scope="col"><span class="swatch" style="background:${colors[a]}"></span>${esc(a)}${a === ref ? ' <span class="ref">(reference)</span>' : ''}</th>`)
    .join('');
}

function metricsTable(s: Summary, metrics: string[], arms: string[], colors: Record<string, string>, ref: string): string {
  const level = Math.round(s.intervalLevel * 100);
  const rows = metrics.map((m) => {
    const i = info(s, m);
    const cells = arms.map((arm) => {
      const r = s.metrics.find((x) => x.metric === m && x.arm === arm);
      if (!r) return '<td>–</td>';
      return `<td><span class="v">${formatValue(r.mean, i.unit)}</span><br><span class="ci">${formatValue(r.ciLow, i.unit)} to ${formatValue(r.ciHigh, i.unit)}</span></td>`;
    });
    return `<tr><th scope="row" title="${esc(i.description)}">${esc(i.label)}<br><span class="unit">${esc(i.unit)}</span></th>${cells.join('')}</tr>`;
  });
  return `<table class="num"><caption>Mean over replications, with the ${level} % confidence interval of the mean below it.</caption>
<thead><tr><th scope="col">Metric</th>${armHeader(arms, colors, ref)}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function differencesTable(s: Summary, metrics: string[], arms: string[], colors: Record<string, string>, ref: string): string {
  const others = arms.filter((a) => a !== ref);
  if (others.length === 0) return '<p>Only one arm: no differences to show.</p>';
  const level = Math.round(s.intervalLevel * 100);
  const rows = metrics.map((m) => {
    const i = info(s, m);
    const cells = others.map((arm) => {
      const d = s.differences.find((x) => x.metric === m && x.arm === arm);
      if (!d) return '<td>–</td>';
      const excludesZero = Number.isFinite(d.ciLow) && Number.isFinite(d.ciHigh) && (d.ciLow > 0 || d.ciHigh < 0);
      return `<td${excludesZero ? ' class="sig"' : ''}><span class="v">${formatValue(d.mean, i.unit)}</span> <span class="rel">(${relPct(d.relative)})</span><br><span class="ci">${formatValue(d.ciLow, i.unit)} to ${formatValue(d.ciHigh, i.unit)}</span></td>`;
    });
    return `<tr><th scope="row">${esc(i.label)}<br><span class="unit">${esc(i.unit)}</span></th>${cells.join('')}</tr>`;
  });
  return `<table class="num"><caption>Paired difference (arm − ${esc(ref)}) over common-random-number replications, relative change in brackets, ${level} % CI below; bold: the interval excludes zero.</caption>
<thead><tr><th scope="col">Metric</th>${armHeader(others, colors, ref)}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function costEffectivenessTable(s: Summary, arms: string[], colors: Record<string, string>, ref: string): string {
  const rows = arms
    .filter((a) => a !== ref)
    .map((arm) => s.costEffectiveness.find((c) => c.arm === arm))
    .filter((c): c is NonNullable<typeof c> => c !== undefined)
    .map((c) => `<tr><th scope="row"><span class="swatch" style="background:${colors[c.arm]}"></span>${esc(c.arm)}</th>
<td>${formatValue(c.programCost, '$')}<br><span class="ci">${formatValue(c.programCostCiLow, '$')} to ${formatValue(c.programCostCiHigh, '$')}</span></td>
<td>${formatValue(c.shortageDaysAverted, '')}<br><span class="ci">${formatValue(c.shortageDaysAvertedCiLow, '')} to ${formatValue(c.shortageDaysAvertedCiHigh, '')}</span></td>
<td>${formatValue(c.perShortageDay, '$')}<br><span class="ci">${formatValue(c.perShortageDayCiLow, '$')} to ${formatValue(c.perShortageDayCiHigh, '$')}</span></td>
<td>${formatValue(c.perUnitShort, '$')}<br><span class="ci">${formatValue(c.perUnitShortCiLow, '$')} to ${formatValue(c.perUnitShortCiHigh, '$')}</span></td></tr>`);
  if (rows.length === 0) return '<p>No cost-effectiveness results (one arm only, or no program outlays).</p>';
  return `<table class="num"><caption>Against ${esc(ref)}, per year, with ${Math.round(s.intervalLevel * 100)} % intervals (“–”: undefined, e.g. when the interval of the days averted spans zero).</caption>
<thead><tr><th scope="col">Arm</th><th scope="col">Program cost</th><th scope="col">Shortage-days averted</th><th scope="col">$ per shortage-day averted</th><th scope="col">$ per unit short averted</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function expectationsList(s: Summary): string {
  if (!s.expectations || s.expectations.length === 0) return '';
  const items = s.expectations.map(
    (e) => `<li class="${e.passed ? 'pass' : 'fail'}"><strong>${e.passed ? 'PASS' : 'FAIL'}</strong> ${esc(e.description)} — ${esc(e.detail)}</li>`,
  );
  return `<section id="expectations"><h2>Expectations</h2><ul class="expect">${items.join('')}</ul></section>`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function kvTable(obj: Record<string, unknown>): string {
  const rows = Object.entries(obj)
    .filter(([, v]) => !isObj(v) && !Array.isArray(v))
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`);
  return `<table class="kv"><tbody>${rows.join('')}</tbody></table>`;
}

/** Leaves of a nested object as [dotted path, value] pairs (arrays are leaves). */
function flatten(v: unknown, prefix = ''): [string, unknown][] {
  if (!isObj(v)) return prefix ? [[prefix, v]] : [];
  return Object.entries(v).flatMap(([k, x]) => flatten(x, prefix ? `${prefix}.${k}` : k));
}

/** Run settings for the assumptions table; day counts also shown in years. */
function runSettings(s: Summary, resolved: Record<string, unknown> | undefined, manifest: Record<string, unknown> | undefined): Record<string, unknown> {
  const base = isObj(resolved?.run) ? resolved.run : isObj(manifest?.run) ? manifest.run : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) {
    out[k] = typeof v === 'number' && /Days$/.test(k) ? `${formatValue(v, 'days')} days (${en(2).format(v / 365.25)} years)` : v;
  }
  // The run as performed (the command line may override the file's seed and replications).
  out.seed = s.seed;
  out.replications = s.replications;
  out.measuredYears = s.measuredYears;
  out.referenceArm = s.referenceArm;
  if (manifest?.model) out.model = manifest.model;
  return out;
}

function assumptionsSection(s: Summary, manifest: Record<string, unknown> | undefined, resolved: Record<string, unknown> | undefined, arms: string[]): string {
  const parts: string[] = [];
  parts.push(`<h3>Run settings</h3>${kvTable(runSettings(s, resolved, manifest))}`);
  const notes = manifest?.assumptions;
  if (Array.isArray(notes) && notes.length > 0) {
    parts.push(`<h3>Stated assumptions</h3><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  }
  const overrides = isObj(manifest?.overrides) ? manifest.overrides : isObj(resolved?.arms) ? resolved.arms : undefined;
  if (overrides) {
    const items = arms
      .filter((a) => a in overrides)
      .map((a) => {
        const o = overrides[a];
        const leaves = flatten(o);
        const body = leaves.length === 0
          ? 'No changes: the scenario’s base settings.'
          : `<ul class="leaves">${leaves.map(([k, v]) => `<li><code>${esc(k)}</code> = ${esc(JSON.stringify(v))}</li>`).join('')}</ul>`;
        return `<dt>${esc(a)}</dt><dd>${body}</dd>`;
      });
    parts.push(`<h3>What each arm changes (over the scenario’s base settings)</h3><dl class="arms">${items.join('')}</dl>`);
  }
  const defaulted = manifest?.defaulted;
  if (Array.isArray(defaulted)) {
    parts.push(`<h3>Parameters left at their documented defaults</h3>
<details class="print-open"><summary>${defaulted.length} parameter${defaulted.length === 1 ? '' : 's'} (each default’s source is in the scenario reference)</summary>
<ul class="paths">${defaulted.map((p) => `<li><code>${esc(p)}</code></li>`).join('')}</ul></details>`);
  }
  parts.push(`<p class="note">Flows are per simulated year over the ${esc(s.measuredYears)} measured years (warm-up discarded). Arms share common random numbers, so differences are paired by replication. Bands on time series hold ${Math.round(s.bandLevel * 100)} % of replications (p5–p95); intervals are ${Math.round(s.intervalLevel * 100)} % confidence intervals of the mean.</p>`);
  return `<section id="assumptions"><h2>Key assumptions</h2>${parts.join('\n')}</section>`;
}

const CSS = `
:root { --fg: #1a1a1a; --muted: #555; --line: #d9d9d9; --bg-alt: #f6f6f6; }
* { box-sizing: border-box; }
body { font-family: "${FONT_FAMILY}", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); margin: 0; line-height: 1.45; font-size: 15px; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
.meta { color: var(--muted); margin: 0 0 6px; }
nav.toc { columns: 2; font-size: 14px; margin: 12px 0; }
nav.toc a { color: #0b5394; text-decoration: none; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; width: 100%; }
caption { caption-side: bottom; text-align: left; color: var(--muted); font-size: 13px; padding-top: 6px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
thead th { text-align: left; border-bottom: 2px solid #999; white-space: nowrap; }
table.num td { text-align: right; font-variant-numeric: tabular-nums; }
tbody th { text-align: left; font-weight: 600; }
.unit, .ci, .ref { color: var(--muted); font-weight: normal; font-size: 12px; }
.rel { color: var(--muted); }
td.sig .v { font-weight: 700; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
table.kv { width: auto; } table.kv th { font-weight: 600; padding-right: 24px; }
figure.chart-figure { margin: 18px 0 28px; break-inside: avoid; page-break-inside: avoid; }
figure.chart-figure figcaption { color: var(--muted); font-size: 14px; margin-top: 4px; }
.chart { min-height: 120px; overflow-x: auto; }
.chart svg { max-width: 100%; height: auto; }
ul.expect { list-style: none; padding: 0; } ul.expect li { padding: 4px 0; }
ul.expect .pass strong { color: #1b7837; } ul.expect .fail strong { color: #b2182b; }
details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
pre { background: var(--bg-alt); padding: 10px; overflow-x: auto; font-size: 12px; line-height: 1.35; white-space: pre-wrap; word-break: break-word; }
dl.arms dt { font-weight: 700; margin-top: 8px; } dl.arms dd { margin: 2px 0 0 0; }
ul.leaves { margin: 2px 0; padding-left: 20px; }
ul.paths { columns: 2; font-size: 12px; }
.note { color: var(--muted); font-size: 13px; }
footer { color: var(--muted); font-size: 12px; margin-top: 40px; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc, .vega-embed > details, .vega-embed .vega-actions { display: none !important; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, figure { break-inside: avoid; page-break-inside: avoid; }
  .chart { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Client-side: wait for the embedded font, then render each chart with vega-embed (SVG renderer). */
const BOOT = `
(function () {
  var specs = JSON.parse(document.getElementById('amtsim-specs').textContent);
  var fontsReady = document.fonts && document.fonts.load
    ? Promise.all([document.fonts.load('12px "${FONT_FAMILY}"'), document.fonts.load('bold 12px "${FONT_FAMILY}"')]).catch(function () {})
    : Promise.resolve();
  var opts = { renderer: 'svg', actions: { export: true, source: true, compiled: false, editor: false }, tooltip: { theme: 'light' } };
  fontsReady.then(function () {
    return Promise.all(Object.keys(specs).map(function (name) {
      var el = document.getElementById('chart-' + name);
      return vegaEmbed(el, specs[name], opts).then(function () { el.setAttribute('data-rendered', 'true'); })
        .catch(function (err) { el.setAttribute('data-rendered', 'error'); el.textContent = 'This chart could not be drawn: ' + err; console.error(err); });
    }));
  }).then(function () { document.body.setAttribute('data-charts', 'done'); });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details.print-open').forEach(function (d) { d.open = true; });
  });
})();
`;

/** Options of {@link buildReportHtml}. */
export interface ReportInput {
  summary: Summary;
  manifest?: Record<string, unknown>;
  replications?: import('./specs.js').ReplicationValue[];
}

/**
 * The report as one HTML string (pure: no file access beyond the bundled libraries and font).
 * @example writeFileSync('report.html', buildReportHtml({ summary }))
 */
export function buildReportHtml(input: ReportInput): string {
  const s = input.summary;
  const ref = s.arms.includes(s.referenceArm) ? s.referenceArm : s.arms[0];
  const arms = orderedArms(s.arms, ref);
  const colors = armColors(s.arms, ref);
  const specs = buildChartSpecs(s, { replications: input.replications });
  const headline = headlineMetrics(s);
  const allMetrics = [...new Set(s.metrics.map((m) => m.metric))];
  const names = CHART_NAMES.filter((n) => specs[n]);

  const files = fontFiles();
  const fontFace = (file: string, weight: number) =>
    `@font-face { font-family: "${FONT_FAMILY}"; font-weight: ${weight}; font-style: normal; src: url(data:font/ttf;base64,${readFileSync(file).toString('base64')}) format("truetype"); }`;

  const charts = names
    .map((n) => `<figure class="chart-figure" id="fig-${n}">
<div class="chart" id="chart-${n}" data-chart="${n}" role="img" aria-label="${esc(CHARTS[n].heading)}"></div>
<figcaption>${esc(CHARTS[n].caption)}</figcaption></figure>`)
    .join('\n');

  const manifest = input.manifest;
  const resolvedRaw = manifest?.resolved ?? (isObj(manifest?.scenario) ? manifest.scenario.resolved : undefined);
  const resolved = isObj(resolvedRaw) ? resolvedRaw : undefined;
  const description = resolved?.description ?? (isObj(manifest?.scenario) ? manifest.scenario.description : undefined);
  const scenarioDesc = typeof description === 'string' ? description : '';

  const body = `<main>
<header>
<h1>${esc(s.scenario.title)}</h1>
<p class="meta">Scenario <code>${esc(s.scenario.name)}</code> (${esc(s.scenario.file)}) · ${s.replications} replications · seed ${esc(s.seed)} · ${esc(s.measuredYears)} measured years · reference arm <strong>${esc(ref)}</strong> · amtsim ${esc(s.amtsimVersion)}</p>
${scenarioDesc ? `<p>${esc(scenarioDesc)}</p>` : ''}
<p class="meta">Scenario hash <code>${esc(s.scenario.hash)}</code></p>
</header>
<nav class="toc"><a href="#headline">Headline results</a><br><a href="#differences">Differences vs ${esc(ref)}</a><br><a href="#cost-effectiveness">Cost-effectiveness</a><br><a href="#charts">Charts</a><br><a href="#assumptions">Key assumptions</a><br><a href="#appendix">Scenario and manifest</a></nav>
${expectationsList(s)}
<section id="headline"><h2>Headline results by arm</h2>${metricsTable(s, headline, arms, colors, ref)}</section>
<section id="differences"><h2>Differences against ${esc(ref)}</h2>${differencesTable(s, headline, arms, colors, ref)}</section>
<section id="cost-effectiveness"><h2>Cost-effectiveness</h2>${costEffectivenessTable(s, arms, colors, ref)}</section>
<section id="charts"><h2>Charts</h2><p class="note">Hover for values; each chart’s menu exports SVG or PNG.</p>${charts}</section>
${assumptionsSection(s, manifest, resolved, arms)}
<section id="appendix"><h2>Scenario and manifest</h2>
<details class="appendix"><summary>All metrics by arm (${allMetrics.length})</summary>${metricsTable(s, allMetrics, arms, colors, ref)}</details>
${resolved !== undefined ? `<details class="appendix"><summary>Resolved scenario (every parameter, defaults filled in)</summary><pre>${esc(JSON.stringify(resolved, null, 2))}</pre></details>` : ''}
${manifest ? `<details class="appendix"><summary>Run manifest</summary><pre>${esc(JSON.stringify(manifest, null, 2))}</pre></details>` : '<p>No manifest.json in the results directory.</p>'}
</section>
<footer>Generated by amtsim ${esc(s.amtsimVersion)} from ${esc(RESULT_FILES.summary)}. Charts: Vega-Lite, rendered in the page; the same specs are in <code>charts/*.vl.json</code>.</footer>
</main>`;

  const scripts = libraries().map((js) => `<script>${js.replace(/<\/script/gi, '<\\/script')}</script>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="amtsim ${esc(s.amtsimVersion)}">
<title>${esc(s.scenario.title)} — amtsim report</title>
<style>${fontFace(files.regular, 400)}
${fontFace(files.bold, 700)}
${CSS}</style>
</head>
<body>
${body}
${scripts}
<script type="application/json" id="amtsim-specs">${scriptJson(specs)}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}

/**
 * Write `<resultsDir>/report.html` from `summary.json` (+ `manifest.json` and `replications.csv` when
 * present). Atomic: readers never see a half-written page.
 * @returns the path written.
 * @throws ChartsError when summary.json is missing or not an amtsim summary.
 */
export function writeReport(resultsDir: string): string {
  const summary = readSummary(resultsDir);
  const html = buildReportHtml({
    summary,
    manifest: readManifest(resultsDir),
    replications: readReplications(resultsDir, ['shortage.days']),
  });
  const file = join(resultsDir, RESULT_FILES.report);
  writeFileAtomic(file, html);
  return file;
}
