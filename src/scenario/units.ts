/**
 * Quantities with units in scenario files: durations (`18 months`), money (`$40M`) and rates per
 * year (`0.2 per year`). Parsing is safe: strings are matched by patterns and unit names are
 * resolved by mathjs' unit table; nothing is evaluated as code.
 *
 * Internal units: durations in **days**, money in **dollars**, rates **per year**.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';

type MathUnit = typeof import('mathjs').unit;
let mathUnitFn: MathUnit | undefined;
/**
 * mathjs' `unit`, loaded on first use. Importing mathjs costs about 0.6 s, and most importers of
 * this module never parse a unit string: worker threads receive already-parsed numbers, and
 * `amtsim --help` parses nothing. Loading it lazily (synchronously, through `require`, because zod
 * transforms are synchronous) keeps worker start-up and the CLI quick.
 */
function mathUnit(value: number, name: string): import('mathjs').Unit {
  mathUnitFn ??= (createRequire(import.meta.url)('mathjs') as typeof import('mathjs')).unit;
  return mathUnitFn(value, name);
}

/** Days in a year (Julian year, as mathjs uses: 1 month = 30.4375 days). */
export const DAYS_PER_YEAR = 365.25;

const NUMBER = String.raw`[-+]?(?:\d+(?:[.,_]\d+)*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;

function toNumber(text: string): number {
  return Number(text.replace(/[,_]/g, ''));
}

/** Outcome of parsing a quantity: the value in internal units, or what went wrong. */
export type Parsed = { ok: true; value: number } | { ok: false; expected: string };

const DURATION_EXPECTED = 'a duration such as `30 days`, `18 months` or `2.5 years` (a bare number means days)';

/**
 * Parse a duration into days.
 * @example parseDuration('18 months') // => { ok: true, value: 547.875 }
 */
export function parseDuration(input: unknown): Parsed {
  if (typeof input === 'number') return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, expected: DURATION_EXPECTED };
  if (typeof input !== 'string') return { ok: false, expected: DURATION_EXPECTED };
  const m = new RegExp(`^\\s*(${NUMBER})\\s*([a-zA-Z]+)?\\s*$`).exec(input);
  if (!m) return { ok: false, expected: DURATION_EXPECTED };
  const n = toNumber(m[1]);
  const u = (m[2] ?? 'days').toLowerCase();
  const aliases: Record<string, string> = { d: 'day', yr: 'year', yrs: 'year', y: 'year', mo: 'month', mos: 'month', wk: 'week', wks: 'week', h: 'hour', hr: 'hour' };
  try {
    const value = mathUnit(n, aliases[u] ?? u).toNumber('day');
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, expected: DURATION_EXPECTED };
  } catch {
    return { ok: false, expected: DURATION_EXPECTED };
  }
}

const MONEY_EXPECTED = 'an amount of money such as `2.5e6`, `$40M`, `$1.2B` or `$250k`';
const MONEY_SCALE: Record<string, number> = {
  '': 1, k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, mn: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9,
};

/**
 * Parse money into dollars.
 * @example parseMoney('$40M') // => { ok: true, value: 40000000 }
 */
export function parseMoney(input: unknown): Parsed {
  if (typeof input === 'number') return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, expected: MONEY_EXPECTED };
  if (typeof input !== 'string') return { ok: false, expected: MONEY_EXPECTED };
  const m = new RegExp(`^\\s*(-)?\\s*(?:US)?\\$?\\s*(${NUMBER})\\s*([a-zA-Z]*)\\s*$`).exec(input);
  if (!m) return { ok: false, expected: MONEY_EXPECTED };
  const scale = MONEY_SCALE[m[3].toLowerCase()];
  if (scale === undefined) return { ok: false, expected: MONEY_EXPECTED };
  const v = toNumber(m[2]) * scale * (m[1] ? -1 : 1);
  return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, expected: MONEY_EXPECTED };
}

const RATE_EXPECTED = 'a rate such as `0.2` (per year), `0.2 per year`, `1 per month` or `3 per decade`';

/**
 * Parse a rate into events per year.
 * @example parseRate('1 per month') // => { ok: true, value: 12 }
 */
export function parseRate(input: unknown): Parsed {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? { ok: true, value: input } : { ok: false, expected: RATE_EXPECTED };
  if (typeof input !== 'string') return { ok: false, expected: RATE_EXPECTED };
  const m = new RegExp(`^\\s*(${NUMBER})\\s*(?:(?:per|/)\\s*([a-zA-Z]+))?\\s*$`).exec(input);
  if (!m) return { ok: false, expected: RATE_EXPECTED };
  const n = toNumber(m[1]);
  if (!(n >= 0)) return { ok: false, expected: RATE_EXPECTED };
  if (!m[2]) return { ok: true, value: n };
  const unitName = m[2].toLowerCase();
  const per: Parsed = unitName.startsWith('decade') ? { ok: true, value: 10 * DAYS_PER_YEAR } : parseDuration(`1 ${unitName}`);
  if (!per.ok || per.value <= 0) return { ok: false, expected: RATE_EXPECTED };
  return { ok: true, value: (n * DAYS_PER_YEAR) / per.value };
}

/** Internal unit of each kind of quantity (recorded as `x-unit` in the JSON Schema and the reference). */
export const QUANTITY_UNITS = { duration: 'days', money: 'dollars', rate: 'per year' } as const;

function quantity(parse: (v: unknown) => Parsed, description: string, bounds: { min?: number; max?: number }, kind: keyof typeof QUANTITY_UNITS) {
  return z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const r = parse(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: `expected ${r.expected}, found ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      if (bounds.min !== undefined && r.value < bounds.min) {
        ctx.addIssue({ code: 'custom', message: `expected at least ${bounds.min}, found ${JSON.stringify(v)} (= ${r.value})` });
        return z.NEVER;
      }
      if (bounds.max !== undefined && r.value > bounds.max) {
        ctx.addIssue({ code: 'custom', message: `expected at most ${bounds.max}, found ${JSON.stringify(v)} (= ${r.value})` });
        return z.NEVER;
      }
      return r.value;
    })
    // Unit and bounds (in internal units) as annotations, so the generated reference can show them.
    .meta({
      description,
      'x-unit': QUANTITY_UNITS[kind],
      ...(bounds.min !== undefined ? { 'x-minimum': bounds.min } : {}),
      ...(bounds.max !== undefined ? { 'x-maximum': bounds.max } : {}),
    });
}

/** Zod type of a duration; output in days. Bounds in days. */
export const duration = (description: string, bounds: { min?: number; max?: number } = { min: 0 }) =>
  quantity(parseDuration, `${description} (duration; number = days, or e.g. "18 months")`, bounds, 'duration');

/** Zod type of money; output in dollars. */
export const money = (description: string, bounds: { min?: number; max?: number } = { min: 0 }) =>
  quantity(parseMoney, `${description} (money; e.g. 2.5e6 or "$40M")`, bounds, 'money');

/** Zod type of a rate; output per year. */
export const rate = (description: string, bounds: { min?: number; max?: number } = { min: 0 }) =>
  quantity(parseRate, `${description} (rate per year; e.g. 0.2 or "1 per month")`, bounds, 'rate');
