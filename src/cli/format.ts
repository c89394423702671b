/**
 * Human-readable renderings of a run: the stdout table and the Markdown summary for CI jobs.
 */
import path from 'node:path';
import fs from 'node:fs';
import type { Summary, MetricSummary, DifferenceSummary } from '../experiment/results-format.js';
import { HEADLINE_METRICS } from '../experiment/reduce.js';

/** Compact number: 4 significant digits, k/M/B suffixes for large magnitudes, '–' for NaN. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  const trim = (s: string) => (s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s);
  if (a >= 1e9) return `${trim((x / 1e9).toPrecision(4))}B`;
  if (a >= 1e6) return `${trim((x / 1e6).toPrecision(4))}M`;
  if (a >= 1e4) return `${trim((x / 1e3).toPrecision(4))}k`;
  if (a === 0) return '0';
  if (a < 1e-3) return x.toExponential(2);
  return trim(x.toPrecision(4));
}

const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%` : '–');
const ci = (lo: number, hi: number) => `[${fmt(lo)}, ${fmt(hi)}]`;

interface Row {
  metric: string;
  arm: string;
  mean: string;
  diff: string;
  rel: string;
}

function rows(s: Summary): Row[] {
  const byKey = new Map<string, MetricSummary>(s.metrics.map((m) => [`${m.arm}|${m.metric}`, m]));
  const diffs = new Map<string, DifferenceSummary>(s.differences.map((d) => [`${d.arm}|${d.metric}`, d]));
  const out: Row[] = [];
  for (const metric of HEADLINE_METRICS) {
    for (const arm of s.arms) {
      const m = byKey.get(`${arm}|${metric}`);
      if (!m) continue;
      const d = diffs.get(`${arm}|${metric}`);
      out.push({
        metric: `${s.metricInfo[metric]?.label ?? metric}`,
        arm: arm === s.referenceArm ? `${arm} (ref)` : arm,
        mean: `${fmt(m.mean)} ${ci(m.ciLow, m.ciHigh)}`,
        diff: d ? `${fmt(d.mean)} ${ci(d.ciLow, d.ciHigh)}` : '',
        rel: d ? `${pct(d.relative)} [${pct(d.relCiLow)}, ${pct(d.relCiHigh)}]` : '',
      });
    }
  }
  return out;
}

/** Plain-text table: headline metrics × arms, mean with 95 % CI and paired difference vs reference. */
export function summaryTable(s: Summary): string {
  const header: Row = { metric: 'metric', arm: 'arm', mean: 'mean [95% CI]', diff: `Δ vs ${s.referenceArm} [95% CI]`, rel: 'relative Δ [95% CI]' };
  const all = [header, ...rows(s)];
  const keys = Object.keys(header) as (keyof Row)[];
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...all.map((r) => [...r[k]].length))])) as Record<keyof Row, number>;
  const line = (r: Row) => keys.map((k) => r[k] + ' '.repeat(width[k] - [...r[k]].length)).join('  ').trimEnd();
  const sep = keys.map((k) => '─'.repeat(width[k])).join('  ');
  let last = '';
  const body = rows(s).map((r) => {
    const shown = r.metric === last ? { ...r, metric: '' } : r;
    last = r.metric;
    return line(shown);
  });
  return [`${s.scenario.title} — ${s.replications} replications per arm, seed ${s.seed}, ${fmt(s.measuredYears)} measured years`, line(header), sep, ...body].join('\n');
}

/** Markdown summary for a CI job summary: headline table, expectations, links to charts. */
export function summaryMarkdown(s: Summary, resultsDir: string | undefined, mdFile: string): string {
  const out: string[] = [`## ${s.scenario.title}`, '', `${s.replications} replications per arm · seed \`${s.seed}\` · ${fmt(s.measuredYears)} measured years · reference arm \`${s.referenceArm}\``, ''];
  out.push(`| metric | arm | mean [95% CI] | Δ vs ${s.referenceArm} [95% CI] | relative Δ [95% CI] |`, '| --- | --- | --- | --- | --- |');
  for (const r of rows(s)) out.push(`| ${r.metric} | ${r.arm} | ${r.mean} | ${r.diff} | ${r.rel} |`);
  out.push('');
  if (s.expectations.length) {
    out.push('### Expectations', '', '| | expectation | numbers |', '| --- | --- | --- |');
    for (const e of s.expectations) out.push(`| ${e.passed ? '✅' : '❌'} | ${e.description} | ${e.detail} |`);
    out.push('');
  }
  if (resultsDir) {
    const rel = (p: string) => path.relative(path.dirname(path.resolve(mdFile)), p).split(path.sep).join('/');
    const chartsDir = path.join(resultsDir, 'charts');
    const charts = fs.existsSync(chartsDir) ? fs.readdirSync(chartsDir).filter((f) => f.endsWith('.svg')).sort() : [];
    out.push(`Results: [${path.basename(resultsDir)}](${rel(resultsDir)})`, '');
    if (charts.length) {
      out.push('### Charts', '');
      for (const c of charts) out.push(`- [${c}](${rel(path.join(chartsDir, c))})`);
      out.push('');
    }
  }
  return out.join('\n');
}
