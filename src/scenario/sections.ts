/**
 * The scenario-file sections this layer owns — header fields, `run:`, `arms:` and `expect:` —
 * and the parsing of expectation conditions such as `"<= -10%"`. The domain sections (`world:`,
 * `policies:`) come from the model's schemas and are composed in `schema.ts`.
 */
import { z } from 'zod';
import { DAYS_PER_YEAR, duration } from './units.js';

/** Identifier pattern of scenario names (used for results directories). */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** Identifier pattern of arm names (used in file names and CSVs). */
export const ARM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Defaults of the `run:` section (assumptions chosen for policy comparisons; see docs). */
export const RUN_DEFAULTS = {
  seed: 1,
  replications: 100,
  horizon: '22 years',
  warmup: '2 years',
  seriesStep: '3 months',
} as const;

/** `run:` — how many replications, how long, which seed. */
export const runSchema = z
  .strictObject({
    seed: z
      .union([z.int().min(0), z.string().min(1)])
      .default(RUN_DEFAULTS.seed)
      .describe('Master seed. Every random stream derives from (seed, replication, stream name), so all arms share common random numbers.'),
    replications: z.int().min(1).max(100_000).default(RUN_DEFAULTS.replications).describe('Independent replications per arm.'),
    horizon: duration('Total simulated time, warm-up included', { min: 1 }).prefault(RUN_DEFAULTS.horizon),
    warmup: duration('Simulated time discarded before statistics start', { min: 0 }).prefault(RUN_DEFAULTS.warmup),
    seriesStep: duration('Width of one time-series bucket', { min: 1 }).prefault(RUN_DEFAULTS.seriesStep),
    referenceArm: z
      .string()
      .optional()
      .describe('Arm that others are compared against (paired differences, `expect` with `change`). Default: the first arm.'),
  })
  .superRefine((r, ctx) => {
    if (r.warmup >= r.horizon) {
      ctx.addIssue({ code: 'custom', path: ['warmup'], message: `expected a warm-up shorter than the horizon (${fmtDays(r.horizon)}), found ${fmtDays(r.warmup)}` });
    } else if (r.seriesStep > r.horizon - r.warmup) {
      ctx.addIssue({ code: 'custom', path: ['seriesStep'], message: `expected a series step no longer than the measured window (${fmtDays(r.horizon - r.warmup)}), found ${fmtDays(r.seriesStep)}` });
    }
  })
  .prefault({})
  .describe('Run settings: seed, replications, horizon, warm-up and time-series resolution.');

function fmtDays(d: number): string {
  return d >= DAYS_PER_YEAR ? `${+(d / DAYS_PER_YEAR).toFixed(3)} years` : `${+d.toFixed(3)} days`;
}

/** One arm: a deep-partial override of `{ world, policies }` (checked after merging with the full schema). */
export const armOverrideSchema = z
  .strictObject({
    description: z.string().optional().describe('What this arm represents.'),
    world: z.record(z.string(), z.unknown()).optional().describe('Overrides of `world` (any subset of its fields).'),
    policies: z.record(z.string(), z.unknown()).optional().describe('Overrides of `policies` (any subset of its fields).'),
  })
  .nullable()
  .describe('An arm: overrides merged over the base `world` and `policies`; `{}` (or nothing) means the base as is.');

/** `arms:` — named policy (or world) variants. */
export const armsSchema = z
  .record(z.string().regex(ARM_PATTERN, 'arm names use letters, digits, "-" and "_"'), armOverrideSchema)
  .optional()
  .describe('Named arms compared with common random numbers. Default: one arm named "baseline" with no overrides.');

const CONDITION = /^\s*(<=|>=|<|>)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(%)?\s*$/;

/** Comparison operator of an expectation. */
export type ExpectOp = '<=' | '>=' | '<' | '>';

/**
 * Parse a condition such as `"<= -10%"` or `"> 0.5"`.
 * @returns operator, threshold (a fraction when `%` was written: `-10%` → -0.1) and whether `%` was used.
 */
export function parseCondition(text: string): { op: ExpectOp; threshold: number; percent: boolean } | undefined {
  const m = CONDITION.exec(text);
  if (!m) return undefined;
  const n = Number(m[2]);
  if (!Number.isFinite(n)) return undefined;
  return { op: m[1] as ExpectOp, threshold: m[3] ? n / 100 : n, percent: Boolean(m[3]) };
}

const conditionString = (what: string) =>
  z
    .union([z.string(), z.number()])
    .transform((v, ctx) => {
      const text = String(v);
      const c = parseCondition(text);
      if (!c) {
        ctx.addIssue({ code: 'custom', message: `expected a condition such as "<= -10%", "> 0" or ">= 25" (${what}), found ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      return { ...c, text: text.trim() };
    });

/** One entry of `expect:` (cross-references to arms and metrics are checked by the loader). */
export const expectationSchema = z
  .strictObject({
    metric: z.string().describe('Metric name, e.g. `shortage.days` (see the metric list in the reference).'),
    arm: z.string().optional().describe('Arm the expectation is about. Default: the reference arm (only for `value`).'),
    vs: z.string().optional().describe('Arm to compare with, for `change`. Default: the reference arm.'),
    change: conditionString('paired change vs `vs`; "%" means relative')
      .optional()
      .describe('Condition on the paired change (arm − vs): `"<= -10%"` relative to the `vs` mean, or `"<= -50"` absolute, in the metric\'s unit.'),
    value: conditionString('bound on the arm\'s mean')
      .optional()
      .describe('Condition on the arm\'s mean, e.g. `"<= 100"` (a "%" divides by 100).'),
    confidence: z.number().gt(0).lt(1).default(0.95).describe('Confidence level: the whole confidence interval must satisfy the condition.'),
  })
  .superRefine((e, ctx) => {
    if ((e.change === undefined) === (e.value === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'expected exactly one of `change` (vs another arm) or `value` (bound on the mean)' });
    }
    if (e.value !== undefined && e.vs !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['vs'], message: '`vs` only applies to `change`; remove it or write `change:` instead of `value:`' });
    }
  });

/** `expect:` — assertions checked after the run. */
export const expectSchema = z.array(expectationSchema).optional().describe('Assertions evaluated by the runner after all replications.');

/** Header fields shared by the shell and the full schema. */
export const headerShape = {
  name: z
    .string()
    .regex(NAME_PATTERN, 'lower-case letters, digits and "-"')
    .optional()
    .describe('Scenario id (lower-case letters, digits, "-"); names the results directory. Default: the file name. Not inherited through `extends`.'),
  title: z.string().optional().describe('Human-readable title. Default: the name. Not inherited through `extends`.'),
  description: z.string().optional().describe('What the scenario asks. Not inherited through `extends`.'),
  extends: z.string().optional().describe('Path of a scenario file (relative to this one) to start from; this file\'s fields are deep-merged over it.'),
};
