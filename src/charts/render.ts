/**
 * Vega-Lite → Vega → SVG → PNG in Node, machine-independent: text is measured with the bundled
 * font's advance widths (not a system canvas) and rasterized by resvg with only the bundled font
 * files, so the same spec gives byte-identical SVG and PNG on any machine.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { bundledFontMetrics, fontFiles } from './fonts.js';
import { FONT_FAMILY } from './theme.js';

/** A Vega-Lite or Vega warning, as text. */
export type ChartWarning = string;

interface CollectingLogger {
  level(_?: number): number | CollectingLogger;
  error(...args: unknown[]): CollectingLogger;
  warn(...args: unknown[]): CollectingLogger;
  info(...args: unknown[]): CollectingLogger;
  debug(...args: unknown[]): CollectingLogger;
}

/** A logger that records warnings and errors instead of printing them. */
function collectingLogger(sink: string[]): CollectingLogger {
  let lvl = 2; // Warn
  const logger: CollectingLogger = {
    level(l?: number) {
      if (l === undefined) return lvl;
      lvl = l;
      return logger;
    },
    error: (...args) => { sink.push(`error: ${args.map(String).join(' ')}`); return logger; },
    warn: (...args) => { sink.push(args.map(String).join(' ')); return logger; },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/**
 * Compile a Vega-Lite spec to Vega, collecting every compiler warning.
 * @returns the Vega spec and the warnings (empty for a clean spec).
 */
export function compileSpec(spec: TopLevelSpec): { vega: vega.Spec; warnings: ChartWarning[] } {
  const warnings: string[] = [];
  const out = compile(spec, { logger: collectingLogger(warnings) });
  return { vega: out.spec as vega.Spec, warnings };
}

interface TextItem { fontSize?: number; fontWeight?: string | number; text?: unknown }
interface TextMetrics { width: (item: TextItem, text: unknown) => number }

/** Width of text as the bundled font draws it (Vega calls this for layout and truncation). */
function bundledTextWidth(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const s = text == null ? '' : String(text).trim();
  if (size <= 0 || s === '') return 0;
  const w = item.fontWeight;
  const bold = w === 'bold' || w === 'bolder' || (typeof w === 'number' && w >= 600) || (typeof w === 'string' && Number(w) >= 600);
  const m = bundledFontMetrics();
  return (bold ? m.bold : m.regular).width(s, size);
}

let activeRenders = 0;
let previousWidth: TextMetrics['width'] | undefined;

/**
 * Render a Vega-Lite spec to an SVG string (headless View, renderer 'none').
 * Warnings from the compiler and the Vega runtime are returned, not printed.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<{ svg: string; warnings: ChartWarning[] }> {
  const { vega: vgSpec, warnings } = compileSpec(spec);
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  // textMetrics is global to vega: install our measure while any render is in flight, so
  // concurrent renders never see the previous (estimating) function.
  if (activeRenders++ === 0) {
    previousWidth = metrics.width;
    metrics.width = bundledTextWidth;
  }
  const view = new vega.View(vega.parse(vgSpec), {
    renderer: 'none',
    logger: collectingLogger(warnings) as unknown as vega.LoggerInterface,
  });
  try {
    // Clip-path and gradient ids count up globally; reset them so one spec always gives one SVG.
    (vega as unknown as { resetSVGDefIds: () => void }).resetSVGDefIds();
    const svg = await view.toSVG();
    return { svg, warnings };
  } finally {
    view.finalize();
    if (--activeRenders === 0 && previousWidth) metrics.width = previousWidth;
  }
}

/**
 * Rasterize an SVG with resvg using only the bundled font (no system fonts).
 * @param scale pixel density; 2 gives crisp images for slides and print. Default 2.
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  const files = fontFiles();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      loadSystemFonts: false,
      fontFiles: [files.regular, files.bold],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  return resvg.render().asPng();
}
