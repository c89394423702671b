/**
 * Parameters of the regulator (FDA as a review queue). Nested by the world schema as
 * `world.regulator`; re-exported from `src/model/policy/params.ts` (contracts.md).
 *
 * Internal units: durations in days, money in dollars.
 */
import { z } from 'zod';
import { duration, money } from '../../scenario/units.js';
import { APPLICATION_TYPES, type ApplicationType } from '../outputs.js';

/** Review-time distributions. `lognormal` and `gamma`-like spread by `cv`; `exponential` ignores `cv`. */
export const REVIEW_DISTRIBUTIONS = ['lognormal', 'exponential', 'fixed'] as const;
export type ReviewDistribution = (typeof REVIEW_DISTRIBUTIONS)[number];

/** Days per month (Julian, as the units module uses). */
const MONTH = 30.4375;

/**
 * Mean review work as a share of the goal, default 0.65 (assumption): with a lognormal of cv 0.25 and
 * no queueing, about 97 % of actions then meet their goal, matching GDUFA FY2024–25 on-time rates of
 * 96–99 % (calibration.md §6, "Standard original ANDA goal").
 */
const WORK_SHARE = 0.65;

interface TypeDefaults {
  goal: number;
  priorityGoal: number;
  goalWithInspection?: number;
  priorityGoalWithInspection?: number;
  priority: number;
  source: string;
}

const DEFAULTS: Record<ApplicationType, TypeDefaults> = {
  anda: {
    goal: 10 * MONTH, priorityGoal: 8 * MONTH, priority: 2,
    source: 'calibration.md §6: standard original ANDA 10 months; priority 8 months with pre-submission facility correspondence (GDUFA III)',
  },
  pas: {
    goal: 6 * MONTH, priorityGoal: 4 * MONTH, goalWithInspection: 10 * MONTH, priorityGoalWithInspection: 8 * MONTH, priority: 2,
    source: 'calibration.md §6: standard PAS 6 months (10 with pre-approval inspection); priority PAS 4 months (8 with PAI + PFC)',
  },
  cbe30: {
    goal: 6 * MONTH, priorityGoal: 4 * MONTH, priority: 2,
    source: 'assumption: GDUFA sets no CBE-30 review goal; the PAS goals are used as review targets. The change itself may be implemented 30 days after receipt (21 CFR 314.70, calibration.md §6)',
  },
  designation: {
    goal: 180, priorityGoal: 180, priority: 1,
    source: 'calibration.md §6: FDA decides an AMT designation request within 180 calendar days (21 USC 356l)',
  },
  reinspection: {
    goal: 6 * MONTH, priorityGoal: 4 * MONTH, priority: 1,
    source: 'assumption: no published re-inspection clock; 6 months (4 if prioritised)',
  },
};

function reviewTypeSchema(type: ApplicationType) {
  const d = DEFAULTS[type];
  const label = type.toUpperCase();
  return z
    .strictObject({
      goal: duration(`${label} goal date after submission, standard review. Source: ${d.source}`).default(d.goal),
      priorityGoal: duration(`${label} goal date for priority review (and expedited designated-AMT work). Source: ${d.source}`).default(d.priorityGoal),
      goalWithInspection: duration(`${label} goal when a pre-approval inspection is required (submit with inspection: true). Source: ${d.source}`)
        .default(d.goalWithInspection ?? d.goal),
      priorityGoalWithInspection: duration(`${label} priority goal with a pre-approval inspection. Source: ${d.source}`)
        .default(d.priorityGoalWithInspection ?? d.priorityGoal),
      workShare: z.number().min(0).max(5).default(WORK_SHARE)
        .describe('Mean reviewer time an application needs, as a share of its goal (the review time excluding queueing). Assumption: 0.65 gives ~97% on time without queueing (GDUFA FY2024-25: 96-99% on time, calibration.md §6).'),
      cv: z.number().min(0).max(5).default(0.25)
        .describe('Coefficient of variation of the review time (assumption).'),
      distribution: z.enum(REVIEW_DISTRIBUTIONS).default('lognormal')
        .describe('Shape of the review-time distribution: lognormal (mean, cv), exponential (mean; cv ignored) or fixed (mean).'),
      priority: z.number().int().min(0).max(9).default(d.priority)
        .describe('Queue priority of standard applications of this type (lower is served first; priority and expedited applications use 0). Assumption.'),
      approvalProbability: z.number().min(0).max(1).default(1)
        .describe('Probability that an action approves (else a complete response: the applicant must fix and resubmit). Assumption: 1 (multi-cycle reviews not modelled by default).'),
    })
    .describe(`Review clock of ${label} applications.`);
}

const typesShape = Object.fromEntries(
  APPLICATION_TYPES.map((t) => [t, reviewTypeSchema(t).prefault({})]),
) as { [K in ApplicationType]: z.ZodPrefault<ReturnType<typeof reviewTypeSchema>> };

/**
 * The regulator section of a world (`world.regulator`).
 *
 * @example
 * regulatorSchema.parse({ reviewers: 20 }).types.pas.goal // => 182.625
 */
export const regulatorSchema = z
  .strictObject({
    reviewers: z.number().int().min(1).max(100000).default(200)
      .describe('Reviewer capacity: applications FDA reviews in parallel for this market (a review slot, not a person). Default sized for the national baseline (scenarios/baseline.yaml, 1,500 products, about 200 applications a year needing about 115 slots): about 57% utilization and 96-97% of actions by their goal dates, as GDUFA reports 96-99% on time (calibration.md §6). Scale it with the market; expediting AMT work delays others only when it binds.'),
    cbe30Wait: duration('Time after receipt after which a CBE-30 change may be implemented and distributed unless FDA objects. Source: 21 CFR 314.70, calibration.md §6').default(30),
    cbe30ObjectionProbability: z.number().min(0).max(1).default(0)
      .describe('Probability that FDA objects within the CBE-30 wait, so that the change waits for the review action instead. Assumption: 0.'),
    types: z.strictObject(typesShape).prefault({}).describe('Review clocks per application type.'),
    priorityWorkConserved: z.boolean().default(true)
      .describe('Priority and expedited reviews do the same reviewer work in less time by taking proportionally more review capacity (e.g. a 4-month priority PAS takes 1.5 slots for 4 months instead of 1 slot for 6), so prioritising some applications delays others. Assumption; false = shorter reviews need less work.'),
    expectationWindow: z.number().int().min(1).max(10000).default(20)
      .describe('Firms expect the mean time to action of the last N actions of a type (or the parameter mean before N actions). Assumption.'),
    reviewSlotCostPerYear: money('Cost of one extra review slot per year, charged to the expedited-review program when it adds capacity. Assumption: about two loaded FTEs.').default(500_000),
  })
  .describe('FDA as a review queue with finite capacity, priorities and goal dates (MODEL.md §3, §6).');

export type RegulatorParams = z.output<typeof regulatorSchema>;
export type RegulatorInput = z.input<typeof regulatorSchema>;
export type ReviewTypeParams = RegulatorParams['types'][ApplicationType];
