import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../src/experiment/results-format.js';
import {
  CHART_NAMES,
  ChartsError,
  REFERENCE_COLOR,
  armColors,
  buildChartSpecs,
  compileSpec,
  parseReplicationsCsv,
  renderSvg,
  specToJson,
  svgToPng,
  writeCharts,
} from '../src/charts/index.js';
import { bundledFontMetrics } from '../src/charts/fonts.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'summary-small');
const summary = JSON.parse(readFileSync(join(FIXTURE, 'summary.json'), 'utf8')) as Summary;
const replications = parseReplicationsCsv(readFileSync(join(FIXTURE, 'replications.csv'), 'utf8'), ['shortage.days']);
const specs = buildChartSpecs(summary, { replications });

const require = createRequire(import.meta.url);
const vlSchema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
// The schema uses a few string formats Ajv does not ship; check them loosely rather than ignore them.
ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:/i);
ajv.addFormat('uri-reference', /^\S*$/);
ajv.addFormat('color-hex', /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i);
const validateVl = ajv.compile(vlSchema);

const temps: string[] = [];
function fixtureCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amtsim-charts-'));
  temps.push(dir);
  for (const f of ['summary.json', 'manifest.json', 'replications.csv']) cpSync(join(FIXTURE, f), join(dir, f));
  return dir;
}
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every color scale on the `arm` field anywhere in a spec, as arm → colour pairs. */
function armScales(node: unknown, out: Record<string, string>[] = []): Record<string, string>[] {
  if (Array.isArray(node)) node.forEach((n) => armScales(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const scale = o.scale as { domain?: string[]; range?: string[] } | undefined;
    if (o.field === 'arm' && scale?.domain && scale.range) {
      out.push(Object.fromEntries(scale.domain.map((a, i) => [a, scale.range![i]])));
    }
    Object.values(o).forEach((v) => armScales(v, out));
  }
  return out;
}

describe('buildChartSpecs(summary)', () => {
  it('builds every chart for the fixture, in CHART_NAMES order', () => {
    expect(Object.keys(specs)).toEqual([...CHART_NAMES]);
  });

  it.each(CHART_NAMES)('%s validates against the Vega-Lite JSON Schema', (name) => {
    const ok = validateVl(specs[name]);
    expect(validateVl.errors ?? [], JSON.stringify(validateVl.errors?.slice(0, 5), null, 1)).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each(CHART_NAMES)('%s compiles with no warnings', (name) => {
    expect(compileSpec(specs[name]!).warnings).toEqual([]);
  });

  it.each(CHART_NAMES)('%s matches its golden spec', async (name) => {
    await expect(specToJson(specs[name])).toMatchFileSnapshot(join('golden', 'charts', `${name}.vl.json`));
  });

  it('has a title, a subtitle naming scenario, replications and interval level, and data inlined', () => {
    for (const name of CHART_NAMES) {
      const spec = specs[name] as { title: { text: string; subtitle: string[] }; data: { values: unknown[] }; $schema: string };
      expect(spec.title.text.length, name).toBeGreaterThan(5);
      expect(spec.title.subtitle[0], name).toContain(summary.scenario.title);
      expect(spec.title.subtitle[0], name).toContain(`${summary.replications} replications`);
      expect(spec.data.values.length, name).toBeGreaterThan(0);
      expect(spec.$schema).toMatch(/vega-lite\/v6\.json$/);
    }
    const withIntervals = CHART_NAMES.filter((n) => n !== 'tornado');
    for (const name of withIntervals) {
      const sub = (specs[name] as { title: { subtitle: string[] } }).title.subtitle.join(' ');
      expect(sub, name).toMatch(/95 %|90 %/);
    }
  });

  it('gives every arm the same colour in every chart, the reference arm grey and first', () => {
    const expected = armColors(summary.arms, summary.referenceArm);
    expect(expected[summary.referenceArm]).toBe(REFERENCE_COLOR);
    let scales = 0;
    for (const name of CHART_NAMES) {
      for (const scale of armScales(specs[name])) {
        scales++;
        for (const [arm, colour] of Object.entries(scale)) expect(colour, `${name}: ${arm}`).toBe(expected[arm]);
      }
    }
    expect(scales).toBeGreaterThan(10);
    const lineScale = armScales(specs['active-shortages'])[0];
    expect(Object.keys(lineScale)[0]).toBe(summary.referenceArm);
  });

  it('armColors() uses distinct Okabe–Ito colours for up to 8 other arms', () => {
    const arms = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'ref'];
    const colours = Object.values(armColors(arms, 'ref'));
    expect(new Set(colours).size).toBe(9);
  });

  it('skips charts whose data is absent instead of drawing them empty', () => {
    const bare: Summary = { ...summary, series: [], tornado: undefined, costEffectiveness: [] };
    const got = buildChartSpecs(bare);
    for (const n of ['active-shortages', 'amt-adoption', 'domestic-share', 'tornado', 'cost-effectiveness'] as const) {
      expect(got[n], n).toBeUndefined();
    }
    expect(got['shortage-days']).toBeDefined();
    const none = buildChartSpecs({ ...bare, metrics: [], differences: [] });
    expect(Object.keys(none)).toEqual([]);
  });

  it('drops undefined (null in JSON) values rather than plotting them as zero', () => {
    const reg = specs['regulatory-timelines'] as { data: { values: { arm: string; type: string; group: string; days: number | null }[] } };
    const cbe30Amt = reg.data.values.filter((r) => r.type === 'CBE-30 supplement' && r.group.includes('AMT'));
    expect(cbe30Amt.map((r) => r.arm).sort()).toEqual(['expedited-review', 'grants-plus-review']);
    expect(reg.data.values.every((r) => r.days !== null)).toBe(true);
  });

  it('adds one tick per replication to the distribution chart when replications are given', () => {
    const layers = (specs['shortage-days-distribution'] as { layer: { data?: { values: unknown[] } }[] }).layer;
    const strip = layers.find((l) => l.data);
    expect(strip?.data?.values.length).toBe(4 * summary.replications);
    const without = buildChartSpecs(summary)['shortage-days-distribution'] as { layer: { data?: unknown }[] };
    expect(without.layer.some((l) => l.data)).toBe(false);
  });
});

describe('rendering', () => {
  it.each(CHART_NAMES)('%s renders to SVG with no runtime warnings', async (name) => {
    const { svg, warnings } = await renderSvg(specs[name]!);
    expect(warnings).toEqual([]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Source Sans 3');
    expect(svg.length).toBeGreaterThan(2000);
    // Axis titles are written out, never Vega-Lite's default of joined field names.
    const titles = [...svg.matchAll(/aria-label="[XY]-axis titled '([^']*)'/g)].map((m) => m[1]);
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(t, name).not.toMatch(/\b(ciLow|ciHigh|p5|p50|p95|costLow|costHigh|avertedLow|avertedHigh|goal|base)\b/);
  });

  it('renderSvg() and svgToPng() are deterministic', async () => {
    const a = await renderSvg(specs['cost-breakdown']!);
    await renderSvg(specs['regulatory-timelines']!);
    const b = await renderSvg(specs['cost-breakdown']!);
    expect(b.svg).toBe(a.svg);
    const h = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');
    expect(h(svgToPng(a.svg))).toBe(h(svgToPng(b.svg)));
  });

  it('measures text with the bundled font (bold wider than regular, i narrower than W)', () => {
    const m = bundledFontMetrics();
    expect(m.regular.width('WWWW', 12)).toBeGreaterThan(m.regular.width('iiii', 12) * 2);
    expect(m.bold.width('Shortage-days', 12)).toBeGreaterThan(m.regular.width('Shortage-days', 12));
    expect(m.regular.width('abc', 24)).toBeCloseTo(2 * m.regular.width('abc', 12), 10);
  });
});

describe('writeCharts(resultsDir)', () => {
  it('writes <name>.vl.json, .svg and .png for every chart, atomically, identically on a re-run', async () => {
    const dir = fixtureCopy();
    // PNG density 1 keeps this test fast; the default (2) is exercised by the determinism test.
    const written = await writeCharts(dir, { pngScale: 1 });
    expect(written.map((w) => w.name)).toEqual([...CHART_NAMES]);
    expect(written.flatMap((w) => w.warnings)).toEqual([]);
    const chartsDir = join(dir, 'charts');
    const files = readdirSync(chartsDir).sort();
    expect(files).toHaveLength(3 * CHART_NAMES.length);
    expect(files.some((f) => f.includes('.tmp-'))).toBe(false);
    for (const name of CHART_NAMES) {
      const spec = JSON.parse(readFileSync(join(chartsDir, `${name}.vl.json`), 'utf8'));
      expect(spec).toEqual(JSON.parse(specToJson(specs[name])));
      const png = readFileSync(join(chartsDir, `${name}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    const before = Object.fromEntries(files.map((f) => [f, readFileSync(join(chartsDir, f)).toString('base64')]));
    await writeCharts(dir, { pngScale: 1 });
    for (const f of files) expect(readFileSync(join(chartsDir, f)).toString('base64'), f).toBe(before[f]);
  });

  it('removes files of charts that no longer have data', async () => {
    const dir = fixtureCopy();
    await writeCharts(dir, { formats: ['vl.json'] });
    expect(existsSync(join(dir, 'charts', 'tornado.vl.json'))).toBe(true);
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
    delete s.tornado;
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(s));
    const written = await writeCharts(dir, { formats: ['vl.json'] });
    expect(written.map((w) => w.name)).not.toContain('tornado');
    expect(existsSync(join(dir, 'charts', 'tornado.vl.json'))).toBe(false);
  });

  it('reports a missing or foreign summary.json as a ChartsError naming the file and field', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'amtsim-charts-empty-'));
    temps.push(empty);
    await expect(writeCharts(empty)).rejects.toThrow(ChartsError);
    await expect(writeCharts(empty)).rejects.toThrow(/summary\.json: not found/);
    writeFileSync(join(empty, 'summary.json'), JSON.stringify({ schemaVersion: 99 }));
    await expect(writeCharts(empty)).rejects.toThrow(/"schemaVersion": expected 1, found 99/);
    writeFileSync(join(empty, 'summary.json'), '{ nope');
    await expect(writeCharts(empty)).rejects.toThrow(/not valid JSON/);
  });
});

describe('parseReplicationsCsv(text)', () => {
  it('reads the tidy layout and the wide layout', () => {
    const tidy = parseReplicationsCsv('arm,replication,metric,value\na,0,shortage.days,5\na,0,shortage.new,2\n', ['shortage.days']);
    expect(tidy).toEqual([{ arm: 'a', replication: 0, metric: 'shortage.days', value: 5 }]);
    const wide = parseReplicationsCsv('arm,replication,seed,shortage.days\n"a",1,7,6\n', ['shortage.days']);
    expect(wide).toEqual([{ arm: 'a', replication: 1, metric: 'shortage.days', value: 6 }]);
    expect(parseReplicationsCsv('x,y\n1,2\n')).toBeUndefined();
  });
});

describe('undefined values (NaN written as null in summary.json)', () => {
  it('stay null in chart data instead of becoming 0', () => {
    const s = JSON.parse(JSON.stringify(summary)) as Summary;
    const row = s.metrics.find((m) => m.metric === 'cost.program_outlays' && m.arm === 'grants')!;
    (row as unknown as { ciLow: null }).ciLow = null;
    const ce = s.costEffectiveness.find((c) => c.arm === 'grants')!;
    (ce as unknown as { perShortageDayCiHigh: null }).perShortageDayCiHigh = null;
    const got = buildChartSpecs(s);
    const cost = (got['cost-breakdown'] as { data: { values: { arm: string; component: string; ciLow: number | null }[] } }).data.values;
    expect(cost.find((r) => r.arm === 'grants' && r.component.startsWith('Government'))?.ciLow).toBeNull();
    const eff = (got['cost-effectiveness'] as { data: { values: { arm: string; perDayHigh: number | null }[] } }).data.values;
    expect(eff.find((r) => r.arm === 'grants')?.perDayHigh).toBeNull();
    expect(compileSpec(got['cost-effectiveness']!).warnings).toEqual([]);
  });
});

describe('results without optional parts', () => {
  it('draws regulatory timelines without goal ticks, warning-free, when goalDates is empty', async () => {
    const spec = buildChartSpecs({ ...summary, goalDates: {} })['regulatory-timelines']!;
    expect(JSON.stringify((spec as { spec: unknown }).spec)).not.toContain('"goal"');
    expect(compileSpec(spec).warnings).toEqual([]);
    expect((await renderSvg(spec)).warnings).toEqual([]);
  });
});

describe('renderSvg concurrency', () => {
  it('gives the same SVG when renders overlap', async () => {
    const alone = (await renderSvg(specs.tornado!)).svg;
    const [a, b] = await Promise.all([renderSvg(specs.tornado!), renderSvg(specs['shortage-days']!)]);
    expect(a.svg.replace(/clip\d+/g, 'clip')).toBe(alone.replace(/clip\d+/g, 'clip'));
    expect(b.svg.length).toBeGreaterThan(2000);
  });
});
