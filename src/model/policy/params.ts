/**
 * Parameters of AMT adoption and of the incentive policies (MODEL.md §5–6): the `policies:` section of
 * a scenario. Every policy is off by default, so an arm switches one on with e.g.
 * `policies: { grants: { enabled: true } }`.
 *
 * Internal units: durations in days, money in dollars, rates per year. Every default cites
 * calibration.md or says "assumption".
 */
import { z } from 'zod';
import { duration, money } from '../../scenario/units.js';
import { DOSAGE_FORMS, type DosageForm } from '../outputs.js';

export { regulatorSchema, type RegulatorParams, type RegulatorInput } from '../regulator/params.js';

/** AMT types (MODEL.md §1). A line's technology is 0 (traditional) or 1 + the index in this list. */
export const AMT_TYPES = ['continuous', 'pat_rtrt', 'container_closure', 'visual_inspection'] as const;
export type AmtType = (typeof AMT_TYPES)[number];

/** Technology code of a traditional line. */
export const TECH_TRADITIONAL = 0;
/** Technology code of an AMT type (1 + its index in {@link AMT_TYPES}). */
export function techCode(type: AmtType): number {
  return AMT_TYPES.indexOf(type) + 1;
}
/** The AMT type of a technology code, or undefined for traditional. */
export function techType(code: number): AmtType | undefined {
  return code >= 1 ? AMT_TYPES[code - 1] : undefined;
}

/** Adoption paths (MODEL.md §5). */
export const ADOPTION_PATHS = ['traditional', 'endogenous', 'mandated'] as const;
export type AdoptionPath = (typeof ADOPTION_PATHS)[number];

const MONTH = 30.4375;
const YEAR = 365.25;

interface TechDefaults {
  forms: DosageForm[];
  capitalCost: number;
  capitalSource: string;
  implementation: number;
  implementationSource: string;
  unitCostFactor: number;
  unitCostSource: string;
  hazardFactor: number;
  downtimeFactor: number;
  escalationFactor: number;
  surgeHeadroomFactor: number;
  inspection: boolean;
  description: string;
}

const EFFECT_ASSUMPTION =
  'Assumption: no published effect sizes (calibration.md §5 last row, §8); treat as uncertain within 25-75% reductions.';

const TECH_DEFAULTS: Record<AmtType, TechDefaults> = {
  continuous: {
    description: 'Continuous manufacturing (oral solids).',
    forms: ['oral_solid'],
    capitalCost: 30e6,
    capitalSource: 'Vertex $30M CM facility (WSJ via FiercePharma 2015, calibration.md §5), at its reference capacity',
    implementation: 12 * MONTH,
    implementationSource: 'Pfizer PCMM about 1 year to install vs 2-3 years (PharmTech, calibration.md §5)',
    unitCostFactor: 0.925,
    unitCostSource: 'Schaber et al. 2011: OpEx 40% lower to 9% higher (calibration.md §5), about 15% saved at the middle, applied to the manufacturing half of the unit cost (assumption: API and materials are about half of generic COGS, which CM does not change)',
    hazardFactor: 0.5, downtimeFactor: 0.7, escalationFactor: 0.7, surgeHeadroomFactor: 1.5,
    inspection: true,
  },
  pat_rtrt: {
    description: 'Real-time process monitoring and release (PAT/RTRT), any dosage form.',
    forms: ['oral_solid', 'sterile_injectable', 'other'],
    capitalCost: 5e6,
    capitalSource: 'assumption (no published per-line figure, calibration.md §8)',
    implementation: 9 * MONTH,
    implementationSource: 'assumption',
    unitCostFactor: 0.985,
    unitCostSource: 'assumption (release testing and hold time saved: 3% of the manufacturing half of unit cost)',
    hazardFactor: 0.75, downtimeFactor: 0.5, escalationFactor: 0.5, surgeHeadroomFactor: 1.1,
    inspection: false,
  },
  container_closure: {
    description: 'Novel container-closure (e.g. ready-to-use or blow-fill-seal) for sterile injectables.',
    forms: ['sterile_injectable'],
    capitalCost: 15e6,
    capitalSource: 'assumption (calibration.md §8: no per-line sterile AMT cost; Civica $124.5M for a whole 140M-unit/yr plant, §5, bounds it)',
    implementation: 12 * MONTH,
    implementationSource: 'assumption',
    unitCostFactor: 1.0,
    unitCostSource: 'assumption (no change)',
    hazardFactor: 0.6, downtimeFactor: 0.9, escalationFactor: 0.7, surgeHeadroomFactor: 1.0,
    inspection: true,
  },
  visual_inspection: {
    description: 'Automated visual inspection of sterile injectables.',
    forms: ['sterile_injectable'],
    capitalCost: 3e6,
    capitalSource: 'assumption (vendor claims only, calibration.md §8)',
    implementation: 6 * MONTH,
    implementationSource: 'assumption',
    unitCostFactor: 0.99,
    unitCostSource: 'assumption (inspection labour saved: 2% of the manufacturing half of unit cost)',
    hazardFactor: 1.0, downtimeFactor: 0.6, escalationFactor: 0.5, surgeHeadroomFactor: 1.0,
    inspection: false,
  },
};

function technologySchema(type: AmtType) {
  const d = TECH_DEFAULTS[type];
  return z
    .strictObject({
      forms: z.array(z.enum(DOSAGE_FORMS)).default(d.forms)
        .describe('Dosage forms whose lines can adopt this technology. Assumption from the technology: CM for oral solids, AVI and container-closure for sterile injectables, PAT for all.'),
      capitalCost: money(`Capital cost of converting one line of the reference capacity, before learning and subsidies. Source: ${d.capitalSource}`).default(d.capitalCost),
      fixedCost: money('Fixed cost of a conversion whatever the line size: process development, validation batches, regulatory filing. Assumption (calibration.md §8: no published per-line figure).').default(type === 'continuous' ? 5e6 : 2e6),
      referenceAnnualUnits: z.number().positive().default(type === 'continuous' ? 8e8 : 1e8)
        .describe(type === 'continuous'
          ? 'Annual output (units/year) that capitalCost buys. D: Vertex CM line at 100,000 tablets/hour x about 8,000 hours (calibration.md §5).'
          : 'Annual output (units/year) that capitalCost buys. Assumption.'),
      scaleExponent: z.number().min(0).max(1.5).default(0.6)
        .describe('Capital cost scales as (line annual capacity / reference)^exponent. Assumption: the six-tenths rule of process-plant costing.'),
      implementation: duration(`Implementation and validation time before the regulatory filing. Source: ${d.implementationSource}`).default(d.implementation),
      changeover: duration('Time the line runs at reduced capacity while switching to the new process after the filing allows it. Assumption.').default(2 * MONTH),
      changeoverCapacityLoss: z.number().min(0).max(1).default(0.5)
        .describe('Share of the line capacity lost during changeover. Assumption.'),
      unitCostFactor: z.number().positive().max(3).default(d.unitCostFactor)
        .describe(`Unit cost on this technology / traditional unit cost. Source: ${d.unitCostSource}`),
      hazardFactor: z.number().min(0).max(3).default(d.hazardFactor)
        .describe(`Multiplier on the quality-failure hazard. ${EFFECT_ASSUMPTION}`),
      downtimeFactor: z.number().min(0).max(3).default(d.downtimeFactor)
        .describe(`Multiplier on downtime per failure (earlier detection). ${EFFECT_ASSUMPTION}`),
      escalationFactor: z.number().min(0).max(3).default(d.escalationFactor)
        .describe(`Multiplier on the probability that a failure escalates to major/critical. ${EFFECT_ASSUMPTION}`),
      surgeHeadroomFactor: z.number().min(0).max(10).default(d.surgeHeadroomFactor)
        .describe('Multiplier on the line\'s surge headroom (extra output during other suppliers\' outages). Assumption: CM runs longer campaigns.'),
      preApprovalInspection: z.boolean().default(d.inspection)
        .describe('Whether the PAS for a conversion needs a pre-approval inspection (10-month instead of 6-month goal, calibration.md §6). Assumption.'),
    })
    .describe(d.description);
}

const technologiesShape = Object.fromEntries(
  AMT_TYPES.map((t) => [t, technologySchema(t).prefault({})]),
) as { [K in AmtType]: z.ZodPrefault<ReturnType<typeof technologySchema>> };

const eligibilitySchema = z
  .strictObject({
    essentialOnly: z.boolean().default(true).describe('Only lines making essential products.'),
    maxSuppliers: z.number().int().min(1).max(1000).default(1000)
      .describe('Only products with at most this many suppliers (high shortage risk). Default: no limit.'),
    domesticOnly: z.boolean().default(false).describe('Only lines at U.S. sites.'),
  })
  .describe('Which lines a program supports.');

const adoptionSchema = z
  .strictObject({
    path: z.enum(ADOPTION_PATHS).default('endogenous')
      .describe('traditional: nobody adopts; endogenous: firms decide (NPV); mandated: an exogenous S-curve of capacity converted.'),
    technologies: z.strictObject(technologiesShape).prefault({}).describe('AMT types: costs, timing and effects.'),
    learningExponent: z.number().min(0).max(2).default(0.152)
      .describe('Learning-curve exponent b: capital cost = c0 x (cumulative/initial)^(-b). Assumption: 0.152 = a 90% progress ratio, typical of manufacturing learning curves.'),
    initialCumulative: z.number().positive().default(20)
      .describe('Cumulative AMT installations of each type before the simulation (learning-curve base). Assumption, of the order of the 19 AMT NDAs 2015-2023 (calibration.md §5).'),
    epochInterval: duration('Interval between a firm\'s regular adoption decisions. Assumption: yearly (MODEL.md §5).').default(YEAR),
    failureEpochCooldown: duration('Minimum time between an extra decision epoch triggered by a major quality failure and the previous epoch of that firm. Assumption.').default(90),
    horizon: duration('Valuation horizon of a conversion project, from the decision. Assumption: generic makers look a few years ahead (contracts of 2-3 years, calibration.md §7).').default(7 * YEAR),
    hurdleSpread: z.number().min(0).max(1).default(0.1)
      .describe('Firm-specific hurdle premium over its discount rate, uniform on [0, spread], drawn once per firm (bounded rationality). Assumption.'),
    failureLossRecognition: z.number().min(0).max(1).default(0.3)
      .describe('Share of the avoided quality-failure losses a firm counts when valuing AMT. Assumption; below 1 because the market cannot observe and reward quality and firms under-invest in it (Woodcock & Wosinska 2013, calibration.md §3).'),
    regulatoryRiskPremium: z.number().min(0).max(1).default(0.1)
      .describe('Extra discount rate on AMT projects for regulatory and technical uncertainty (GAO-23-105650, calibration.md §5: uncertainty weakens the business case). Size: assumption, set so that status-quo adoption stays slow (calibration.md §5 "AMT approvals": about 2-2.5 per year across all drugs).'),
    logitScale: z.number().min(0).max(100).default(0.5)
      .describe('Logit temperature on the profitability index (NPV / net capital): each epoch a firm invests in a project with probability exp(PI/s)/(1+exp(PI/s)) summed over projects; 0 = fully rational. Assumption.'),
    maxProjectsPerEpoch: z.number().int().min(1).max(100).default(2)
      .describe('Upper bound on projects a firm starts at one epoch. Assumption.'),
    mandate: z
      .strictObject({
        targetShare: z.number().min(0).max(1).default(0.5).describe('Share of eligible capacity on AMT that the S-curve approaches. Assumption.'),
        midpoint: duration('Time (after the start of the simulation) at which half the target is reached.').default(5 * YEAR),
        steepness: z.number().positive().max(100).default(1).describe('Logistic steepness per year. Assumption.'),
        checkInterval: duration('How often the mandated share is topped up.').default(MONTH),
        technology: z.strictObject(Object.fromEntries(DOSAGE_FORMS.map((f) => [f, z.enum(AMT_TYPES).default(f === 'oral_solid' ? 'continuous' : 'pat_rtrt')])) as { [K in DosageForm]: z.ZodDefault<z.ZodEnum<{ [T in AmtType]: T }>> })
          .prefault({}).describe('AMT type installed by the mandate on lines of each dosage form.'),
        chargeCapital: z.boolean().default(true).describe('Whether firms pay the capital cost of mandated conversions.'),
      })
      .prefault({})
      .describe('The mandated path: share(t) = target / (1 + exp(-steepness x (years - midpoint))).'),
  })
  .describe('AMT adoption (MODEL.md §5).');

const grantsSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    shareOfCapital: z.number().min(0).max(1).default(0.5).describe('Share of the capital cost paid. Assumption.'),
    perProjectCap: money('Maximum grant per project. Assumption (earlier FDA CM research grants were $1-3M, calibration.md §6).').default(10e6),
    annualBudget: money('Budget per program year. Assumption.').default(50e6),
    totalBudget: money('Budget over the program life. Assumption.').default(250e6),
    eligibility: eligibilitySchema.prefault({}),
    forgivable: z.boolean().default(false).describe('Forgivable loan instead of a grant: same outlay in the model (forgiven on completion). Documentation only.'),
  })
  .describe('Grants / forgivable loans for AMT capital; first come, first served.');

const expeditedSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    reviewTimeFactor: z.number().positive().max(2).default(1)
      .describe('Extra multiplier on the review time of expedited applications, on top of priority review (priority goals of calibration.md §6, e.g. PAS 4 vs 6 months). Assumption: 1.'),
    extraReviewers: z.number().int().min(0).max(10000).default(0)
      .describe('Extra review slots funded by the program (costed at world.regulator.reviewSlotCostPerYear).'),
    dedicated: z.boolean().default(true)
      .describe('Extra slots review only expedited applications (so others are not sped up).'),
    riskPremiumReduction: z.number().min(0).max(1).default(0.5)
      .describe('Share of the regulatory risk premium (adoption.regulatoryRiskPremium) removed from the valuation of a designated AMT (weighted by the odds of designation when not yet granted): designation and early FDA engagement reduce the regulatory uncertainty that GAO-23-105650 names as the barrier to adoption (calibration.md §5). Size: assumption, 0.5; 0 makes the program a pure review-speed policy.'),
  })
  .describe('Expedited review of applications referencing a designated AMT (AMTDP).');

const cbe30Schema = z
  .strictObject({
    enabled: z.boolean().default(false),
    requiresDesignation: z.boolean().default(false).describe('Only designated AMTs may file CBE-30 instead of PAS.'),
    annualCost: money('Administrative cost to FDA per year. Assumption: 0.').default(0),
  })
  .describe('CBE-30 flexibility: conversions and later changes on AMT lines filed as CBE-30 instead of PAS.');

const premiumSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    uplift: z.number().min(0).max(5).default(0.3)
      .describe('Price uplift for supply from designated-AMT lines. Source: POMS 2017 contract model uses a 30% premium (calibration.md §7).'),
    eligibility: eligibilitySchema.prefault({}),
    duration: duration('How long after a line qualifies the premium is paid. Assumption: 3 years, like Civica 2-3 year commitments (calibration.md §7).').default(3 * YEAR),
  })
  .describe('Payer / purchaser premium for designated-AMT supply; outlay = uplift x price x units the qualifying lines make.');

const coeSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    budget: money('Total budget. Source: $100M FY2023-2027 (21 USC 399h, calibration.md §6).').default(100e6),
    years: z.number().positive().max(50).default(5).describe('Program life in years. Source: FY2023-2027 (calibration.md §6).'),
    transfersPerYear: z.number().int().min(0).max(1000).default(4).describe('Technology transfers per year. Assumption.'),
    capitalCostReduction: z.number().min(0).max(1).default(0.3).describe('Capital-cost reduction for a participating firm on the transferred technology. Assumption.'),
    implementationReduction: z.number().min(0).max(1).default(0.3).describe('Implementation-time reduction for a participating firm. Assumption.'),
  })
  .describe('Centers of Excellence: technology transfers to firms (cost per transfer = budget / (years x transfersPerYear)).');

const designationSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    approvalProbability: z.number().min(0).max(1).default(0.8).describe('Probability a request is granted. Assumption.'),
    graduation: z.boolean().default(false).describe('Whether a designation loses its benefits after graduateAfter approvals (the seed brief argues it should not for generics).'),
    graduateAfter: z.number().int().min(1).max(1000).default(3).describe('Approvals using a designated technology after which it graduates. Assumption.'),
  })
  .describe('AMT designation (AMTDP): firms request designation of a technology; FDA decides within 180 days. When disabled, every AMT counts as designated for the other policies.');

/**
 * The `policies:` section of a scenario.
 *
 * @example
 * policiesSchema.parse({ grants: { enabled: true } }).grants.shareOfCapital // => 0.5
 */
export const policiesSchema = z
  .strictObject({
    start: duration('Delay after the end of the warm-up before the incentive policies start (adoption itself runs from time 0).').default(0),
    adoption: adoptionSchema.prefault({}),
    grants: grantsSchema.prefault({}),
    expeditedReview: expeditedSchema.prefault({}),
    cbe30: cbe30Schema.prefault({}),
    payerPremium: premiumSchema.prefault({}),
    coe: coeSchema.prefault({}),
    designation: designationSchema.prefault({}),
  })
  .describe('AMT adoption and incentive policies (MODEL.md §5-6).');

export type PolicyParams = z.output<typeof policiesSchema>;
export type PolicyInput = z.input<typeof policiesSchema>;
export type AdoptionParams = PolicyParams['adoption'];
export type TechnologyParams = AdoptionParams['technologies'][AmtType];
export type EligibilityParams = z.output<typeof eligibilitySchema>;
