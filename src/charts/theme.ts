/**
 * One visual style for every chart: font, sizes, the arm palette and the cost-component palette.
 * Arm colours are assigned once per results set (reference arm first), so the same arm has the
 * same colour in every chart of a report.
 */
import type { Config } from 'vega-lite';

/** The bundled font (Source Sans 3, SIL OFL), used by the SVG/PNG renderer and the report. */
export const FONT_FAMILY = 'Source Sans 3';

/**
 * The CSS font stack written into specs and SVGs. The family is quoted (a name containing "3" is not
 * a valid unquoted CSS family); the fallbacks serve viewers of the SVGs that lack the font.
 */
export const FONT_STACK = `"${FONT_FAMILY}", "Source Sans Pro", Helvetica, Arial, sans-serif`;

/** Neutral grey for the reference arm: it is the baseline the other arms are read against. */
export const REFERENCE_COLOR = '#5f5f5f';

/**
 * Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"), distinguishable under the common
 * colour-vision deficiencies. Yellow comes last: it is weak on white.
 */
export const ARM_PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

/** Paul Tol's "muted"-style colours for stacked cost components (distinct from the arm palette's role). */
export const COMPONENT_PALETTE = ['#332288', '#88CCEE', '#44AA99', '#DDCC77', '#AA4499', '#999933'] as const;

/** Arm order for charts: the reference arm first, then the others in scenario order. */
export function orderedArms(arms: readonly string[], referenceArm: string): string[] {
  return [referenceArm, ...arms.filter((a) => a !== referenceArm)];
}

/**
 * Colour of each arm: grey for the reference arm, then Okabe–Ito colours in order (cycling past 8 arms).
 * @example armColors(['sq', 'grants'], 'sq') // => { sq: '#5f5f5f', grants: '#0072B2' }
 */
export function armColors(arms: readonly string[], referenceArm: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  for (const arm of orderedArms(arms, referenceArm)) {
    out[arm] = arm === referenceArm ? REFERENCE_COLOR : ARM_PALETTE[i++ % ARM_PALETTE.length];
  }
  return out;
}

/** Width and height of a single-panel chart's plotting area, in pixels. */
export const CHART_WIDTH = 560;
export const CHART_HEIGHT = 300;

/** The Vega-Lite config shared by every chart. */
export const CHART_CONFIG: Config = {
  font: FONT_STACK,
  background: 'white',
  padding: 12,
  view: { stroke: null },
  title: {
    anchor: 'start',
    fontSize: 17,
    fontWeight: 'bold',
    subtitleFontSize: 12,
    subtitleColor: '#555555',
    subtitlePadding: 4,
    offset: 14,
    color: '#111111',
  },
  axis: {
    labelFontSize: 12,
    // Drop crowded labels (every other one) rather than let them touch.
    labelSeparation: 6,
    titleFontSize: 13,
    titleFontWeight: 'normal',
    titleColor: '#222222',
    labelColor: '#333333',
    gridColor: '#e6e6e6',
    domainColor: '#888888',
    tickColor: '#888888',
  },
  legend: {
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: 'bold',
    orient: 'right',
    symbolStrokeWidth: 2,
  },
  header: { labelFontSize: 13, titleFontSize: 13, labelFontWeight: 'bold' },
  text: { fontSize: 11 },
  line: { strokeWidth: 2 },
};
