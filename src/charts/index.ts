/**
 * Charts and the report: Vega-Lite specs built only from a results summary (`summary.json`),
 * rendered to SVG/PNG in Node, and a self-contained interactive `report.html`.
 */
export { CHART_NAMES, CHARTS, buildChartSpecs } from './specs.js';
export type { ChartName, ChartExtras, ChartInfo, ReplicationValue } from './specs.js';
export { writeCharts, specToJson } from './write.js';
export type { ChartFormat, WriteChartsOptions, WrittenChart } from './write.js';
export { writeReport, buildReportHtml, formatValue } from './report.js';
export type { ReportInput } from './report.js';
export { compileSpec, renderSvg, svgToPng } from './render.js';
export type { ChartWarning } from './render.js';
export { ChartsError, readSummary, readManifest, readReplications, parseReplicationsCsv } from './io.js';
export { ARM_PALETTE, REFERENCE_COLOR, FONT_FAMILY, armColors, orderedArms } from './theme.js';
