/**
 * Parameters of the supply-chain world (MODEL.md §3–4): the `world:` section of a scenario.
 *
 * Internal units: durations in days, money in dollars, rates per year, demand in units (doses,
 * vials, tablets) per year, prices and costs in dollars per unit. Every default cites a row of
 * `calibration.md` (section number and row name) or says "assumption".
 *
 * The market is either listed product by product (`market.products`, with `market.plants` and
 * `market.firms`) or generated from archetypes (`market.archetypes`), or both. A generated market
 * is drawn ONCE per scenario from `market.seed` (not from the run seed): every arm and every
 * replication sees the same products, plants and suppliers, and replications differ only in events
 * (failures, inspections, shocks, surges). See `src/model/market/generate.ts`.
 */
import { z } from 'zod';
import { duration, money, rate } from '../scenario/units.js';
import { DOSAGE_FORMS, type DosageForm } from './outputs.js';
import { regulatorSchema } from './regulator/params.js';
// generate.ts imports only types from this module, so there is no runtime cycle.
import { buildMarket } from './market/generate.js';

const MONTH = 30.4375;
const YEAR = 365.25;

/** Shape of a random duration (downtime, remediation, shock length). */
export const DURATION_SHAPES = ['lognormal', 'exponential', 'fixed'] as const;
export type DurationShape = (typeof DURATION_SHAPES)[number];

/** A random duration: mean (days), coefficient of variation and shape. */
function randomDuration(what: string, mean: number, cv: number, source: string, shape: DurationShape = 'lognormal') {
  return z
    .strictObject({
      mean: duration(`Mean ${what}. Source: ${source}`, { min: 0, max: 100 * YEAR }).default(mean),
      cv: z.number().min(0).max(10).default(cv).describe(`Coefficient of variation of ${what} (lognormal shape). Source: ${source}`),
      shape: z.enum(DURATION_SHAPES).default(shape)
        .describe('lognormal (mean, cv), exponential (mean; cv ignored) or fixed (mean).'),
    })
    .prefault({})
    .describe(`${what[0].toUpperCase()}${what.slice(1)}.`);
}
export type RandomDurationParams = z.output<ReturnType<typeof randomDuration>>;

const prob = (d: string, v: number) => z.number().min(0).max(1).default(v).describe(d);
const perForm = <T extends z.ZodType>(make: (f: DosageForm) => T) =>
  z.strictObject(Object.fromEntries(DOSAGE_FORMS.map((f) => [f, make(f)])) as { [K in DosageForm]: T });

// ---------------------------------------------------------------------------------------------
// Regions and shocks

const SHOCK_TIERS = ['api', 'fdf', 'both'] as const;
export type ShockTier = (typeof SHOCK_TIERS)[number];
/** Kinds of geopolitical and natural shocks (MODEL.md §4.3). */
export const SHOCK_KINDS = ['export_restriction', 'conflict', 'lockdown', 'disaster'] as const;
export type ShockKind = (typeof SHOCK_KINDS)[number];

function shockProcess(kind: ShockKind, d: { rate: number; mean: number; cv: number; loss: number; tariff: number; fraction: number; tier: ShockTier; source: string }) {
  return z
    .strictObject({
      rate: rate(`Random ${kind} shocks per year in this region. Source: ${d.source}`).default(d.rate),
      duration: randomDuration(`${kind} duration`, d.mean, d.cv, d.source),
      capacityLoss: prob(`Share of capacity of affected plants lost while the shock lasts (1 = nothing leaves the plant for the U.S.). Source: ${d.source}`, d.loss),
      tariff: z.number().min(0).max(10).default(d.tariff)
        .describe(`Unit-cost increase of affected plants while the shock lasts (0.25 = +25%). Source: ${d.source}`),
      productFraction: prob(`Share of products whose supply from this region is affected (drawn per shock event). Source: ${d.source}`, d.fraction),
      tier: z.enum(SHOCK_TIERS).default(d.tier).describe('Which tier of plants the shock hits: API plants, finished-dose (FDF) plants or both.'),
    })
    .prefault({})
    .describe(`Random ${kind} shocks (Poisson arrivals).`);
}

const regionSchema = z
  .strictObject({
    domestic: z.boolean().default(false).describe('Whether the region is the United States (domestic capacity share, domestic inspection intensity).'),
    costIndex: z.number().positive().max(10).default(1)
      .describe('Unit manufacturing cost relative to the product\'s reference cost. Assumption (no audited cost data, calibration.md §8).'),
    inspectionRate: rate('FDA surveillance inspections per plant-year. Source: calibration.md §3 "Inspections per year": 989 / 4,619 sites = 0.21 per site-year (D).').default(0.21),
    oaiProbability: prob('Probability that a surveillance inspection is classified OAI (warning letter or import alert) for a plant of QMM level 3. Source: calibration.md §3 "Inspection outcomes": about 7% globally (D), 13% India, 2% Europe.', 0.07),
    shippingLeadTime: duration('Shipping lead time to the U.S.; supply from the region reaches U.S. inventory this long after production resumes. Assumption.').default(0),
    shocks: z
      .strictObject({
        export_restriction: shockProcess('export_restriction', { rate: 0, mean: 8 * 7, cv: 0.5, loss: 1, tariff: 0, fraction: 0.1, tier: 'api', source: 'calibration.md §4b "India API export restriction (COVID)": 26 APIs for about 5-12 weeks; rate is an assumption (0 unless set per region)' }),
        conflict: shockProcess('conflict', { rate: 0, mean: YEAR, cv: 0.5, loss: 0.2, tariff: 0.25, fraction: 1, tier: 'both', source: 'assumption (no sourced rate)' }),
        lockdown: shockProcess('lockdown', { rate: 0, mean: 3 * 7, cv: 0.5, loss: 1, tariff: 0, fraction: 1, tier: 'both', source: 'calibration.md §4b "Hubei/COVID API disruption": 2-4 week plant closures; rate is an assumption' }),
        disaster: shockProcess('disaster', { rate: 0, mean: 10 * 7, cv: 0.5, loss: 1, tariff: 0, fraction: 1, tier: 'both', source: 'calibration.md §4b "Pfizer Rocky Mount tornado": lines back in about 10 weeks; a disaster hits ONE plant of the region; rate is an assumption' }),
      })
      .prefault({})
      .describe('Random shock processes of the region.'),
  })
  .describe('A region where plants are located (MODEL.md §3).');

const DEFAULT_REGIONS = {
  US: { domestic: true, costIndex: 1.0, oaiProbability: 0.04 },
  EU: { costIndex: 0.95, oaiProbability: 0.02 },
  India: { costIndex: 0.55, oaiProbability: 0.13 },
  China: { costIndex: 0.5, oaiProbability: 0.07 },
  other: { costIndex: 0.8, oaiProbability: 0.07 },
};

const scriptedShockSchema = z
  .strictObject({
    at: duration('Start of the shock, days since the start of the simulation (warm-up included).'),
    duration: duration('How long the shock lasts.', { min: 0 }),
    kind: z.enum(SHOCK_KINDS).describe('Kind of shock (for the recorded cause it is always "shock").'),
    region: z.string().describe('Region hit (a key of world.regions).'),
    tier: z.enum(SHOCK_TIERS).default('both').describe('Which tier of plants is hit.'),
    capacityLoss: prob('Share of capacity lost at affected plants.', 1),
    tariff: z.number().min(0).max(10).default(0).describe('Unit-cost increase at affected plants (0.25 = +25%).'),
    products: z.array(z.string()).optional().describe('Products affected (ids). Default: all, or a random productFraction of them.'),
    productFraction: prob('Share of products affected when `products` is not given (drawn from the shock\'s stream).', 1),
    plant: z.string().optional().describe('For a single-site event: the plant id hit (listed, or a generated id such as "India-fdf-3"); region must be the plant\'s region.'),
    supplierOf: z.string().optional().describe('For a single-site event: hit the FDF plant of the largest supplier of this product (id).'),
  })
  .describe('A shock at a fixed date, e.g. "India restricts API exports at year 5 for 9 months".');

// ---------------------------------------------------------------------------------------------
// Market: listed entities

const TIERS = ['api', 'fdf'] as const;
export type Tier = (typeof TIERS)[number];

const qmmLevel = z.number().int().min(1).max(5);

const firmSchema = z
  .strictObject({
    id: z.string().min(1),
    discountRate: z.number().min(0).max(1).default(0.1).describe('Annual discount rate. Assumption (typical generic-industry WACC).'),
    capitalBudget: money('Annual capital budget for AMT projects. Assumption.').default(50e6),
    qmm: qmmLevel.default(3).describe('Quality culture (QMM level 1-5) of the firm\'s plants unless a plant sets its own. Assumption.'),
  })
  .describe('A generic manufacturer.');

const plantSchema = z
  .strictObject({
    id: z.string().min(1),
    firm: z.string().min(1).describe('Owning firm (an id in market.firms; a firm with defaults is created if missing).'),
    region: z.string().min(1).describe('Region (a key of world.regions).'),
    tier: z.enum(TIERS).describe('api: makes active ingredient; fdf: finished dose.'),
    qmm: qmmLevel.optional().describe('QMM level of the plant; default: the firm\'s.'),
  })
  .describe('A manufacturing site.');

const supplierSchema = z
  .strictObject({
    plant: z.string().min(1).describe('FDF plant making the product (an id in market.plants).'),
    share: z.number().positive().max(1e6).describe('Share of the product\'s demand this supplier is contracted for (shares of a product are normalised to sum to 1).'),
    utilization: z.number().positive().max(1).optional().describe('Planned utilization of the line (committed output / capacity). Default: world.supply.utilization of the form.'),
    technology: z.number().int().min(0).max(4).default(0).describe('0 = traditional, 1-4 = AMT type (policies.adoption AMT_TYPES order).'),
    api: z.array(z.string()).default([]).describe('API plants feeding this line (dual sourcing = two). Empty: API is not modelled for this line.'),
  })
  .describe('One supplier (a line) of a listed product.');

const productSchema = z
  .strictObject({
    id: z.string().min(1),
    form: z.enum(DOSAGE_FORMS),
    essential: z.boolean().default(false).describe('On an essential-medicines list.'),
    annualDemand: z.number().positive().describe('U.S. demand in units per year.'),
    price: z.number().positive().describe('Contract price per unit with ONE supplier; erodes with the supplier count (world.prices).'),
    unitCost: z.number().positive().describe('Traditional unit cost at cost index 1 (dollars per unit).'),
    inventoryDays: z.number().min(0).max(3650).optional().describe('Downstream inventory target in days of demand. Default: world.supply.inventoryDays of the form.'),
    suppliers: z.array(supplierSchema).describe('The lines making the product.'),
  })
  .describe('A listed generic product.');

const weights = (d: string) => z.record(z.string(), z.number().min(0)).describe(d);

const archetypeSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_-]+$/).describe('Name (product ids are <name>-<k>; random streams are named from it).'),
    count: z.number().int().min(1).max(100000).describe('Number of products.'),
    form: z.enum(DOSAGE_FORMS),
    essentialShare: prob('Share of products that are essential. Assumption.', 0.5),
    supplierCountWeights: z.array(z.number().min(0)).min(1).max(20).default([0.4, 0.25, 0.15, 0.1, 0.1])
      .describe('Relative weights of 1, 2, 3, ... suppliers. Source: calibration.md §1f "Median competitors per generic drug": about 40% sole-source, median 2 (Berndt, Conti & Murphy 2017).'),
    shareInequality: z.number().min(0).max(10).default(1.5)
      .describe('Inequality of supplier shares: weights (-ln U)^k; k = 1 is uniform on the simplex, larger k concentrates. Source (qualitative): calibration.md §1f "Sterile injectable concentration, 2010": 60% virtually single-sourced.'),
    annualDemand: z.strictObject({
      median: z.number().positive().default(2e6).describe('Median units per year. Assumption.'),
      cv: z.number().min(0).max(20).default(2).describe('Coefficient of variation (lognormal). Assumption.'),
    }).prefault({}).describe('Annual U.S. demand per product (lognormal).'),
    price: z.strictObject({
      median: z.number().positive().default(5).describe('Median sole-supplier price per unit ($). Assumption.'),
      cv: z.number().min(0).max(20).default(1).describe('Coefficient of variation (lognormal). Assumption.'),
    }).prefault({}).describe('Sole-supplier contract price per unit (lognormal).'),
    grossMargin: z.strictObject({
      min: z.number().min(-1).max(1).default(0.3),
      max: z.number().min(-1).max(1).default(0.6),
    }).prefault({}).describe('Gross margin at the initial supplier count, uniform in [min, max]; sets the unit cost. Source: calibration.md §7 "Generic manufacturer margins": COGS up to 50% of revenue in generics.'),
    fdfRegions: weights('Region weights of finished-dose plants. Source: calibration.md §4a "FDF and API facilities outside U.S.": 63% of generic FDF facilities abroad.')
      .default({ US: 0.37, India: 0.3, EU: 0.15, China: 0.08, other: 0.1 }),
    apiRegions: weights('Region weights of API plants. Source: calibration.md §4a: 87% of generic API facilities abroad; U.S. 12% of API volume, India the main generic source.')
      .default({ US: 0.13, India: 0.42, China: 0.25, EU: 0.15, other: 0.05 }),
    dualApiShare: prob('Share of lines with two API sources. Assumption.', 0.2),
    linesPerFdfPlant: z.number().positive().max(1000).default(12)
      .describe('Mean number of product lines per FDF plant (correlated risk when a plant stops). Assumption; calibration.md §4a "Large API facilities" shows many products per site.'),
    productsPerApiPlant: z.number().positive().max(1000).default(20)
      .describe('Mean number of lines an API plant feeds. Source (order of magnitude): calibration.md §4a "Large API facilities (USP 2022)".'),
    plantsPerFirm: z.number().positive().max(1000).default(4).describe('Mean number of plants per firm. Assumption.'),
    amtShare: prob('Share of lines already on AMT at the start. Source: calibration.md §5 "AMT approvals": about 2 approvals/yr, so near 0.', 0),
    amtTechnology: z.number().int().min(1).max(4).default(2).describe('Technology code of the initial AMT lines (1-4).'),
  })
  .describe('A class of products generated with seeded randomness, e.g. "150 sterile injectables with 1-4 suppliers, API 70% India/China".');

const marketSchema = z
  .strictObject({
    seed: z.union([z.number(), z.string()]).default(1)
      .describe('Seed of the market generator: a generated market is drawn once per scenario from this seed (not from the run seed), so every arm and replication sees the same market.'),
    firms: z.array(firmSchema).default([]).describe('Listed firms.'),
    plants: z.array(plantSchema).default([]).describe('Listed plants.'),
    products: z.array(productSchema).default([]).describe('Listed products with their suppliers.'),
    archetypes: z.array(archetypeSchema).default([]).describe('Generated product classes.'),
    firmDefaults: firmSchema.omit({ id: true }).prefault({}).describe('Defaults for generated firms and firms referenced but not listed.'),
    qmmWeights: z.array(z.number().min(0)).length(5).default([0.1, 0.2, 0.4, 0.2, 0.1])
      .describe('Weights of QMM levels 1-5 for generated firms. Assumption (QMM has no operational data, calibration.md §3 "QMM program status").'),
  })
  .describe('The products, firms, plants and lines of the world.');

// ---------------------------------------------------------------------------------------------
// Processes

const qualitySchema = z
  .strictObject({
    hazard: perForm((f) => rate(`Quality failures per line-year of a traditional ${f} line at QMM level 3 and planned utilization. Source: calibration.md §3 "Recalls" (3.6% of sites/yr) and "Quality warning letters" (2.3%/site-yr) give serious failures; minor batch failures are more frequent. Assumption for the total rate.`)
      .default(f === 'sterile_injectable' ? 0.5 : f === 'oral_solid' ? 0.2 : 0.25)).prefault({})
      .describe('Base quality-failure hazard per line-year by dosage form.'),
    qmmFactor: z.array(z.number().positive().max(100)).length(5).default([2, 1.4, 1, 0.7, 0.5])
      .describe('Hazard multiplier by QMM level 1-5. Assumption (no operational QMM effect data, calibration.md §3).'),
    utilizationElasticity: z.number().min(0).max(20).default(2)
      .describe('Hazard x (utilization / referenceUtilization)^elasticity, at the line\'s planned utilization. Assumption (FDA 2011: lines near full capacity, calibration.md §7).'),
    referenceUtilization: z.number().positive().max(1).default(0.8).describe('Utilization at which the hazard equals its base. Assumption.'),
    severity: perForm((f) => z.strictObject({
      major: prob('Probability a failure is major (line shutdown). Assumption.', f === 'sterile_injectable' ? 0.3 : 0.2),
      critical: prob('Probability a failure is critical (regulatory action stopping the plant). Source (order): calibration.md §3, 2.3% quality WLs per site-year vs the failure rate. Assumption.', f === 'sterile_injectable' ? 0.04 : 0.02),
    }).prefault({})).prefault({}).describe('Severity mix of failures by form (the rest are minor batch losses).'),
    minorDowntime: randomDuration('downtime after a minor failure; default 0: a minor failure is a batch loss only (MODEL.md §4.1)', 0, 0.8, 'assumption'),
    majorDowntime: randomDuration('downtime after a major failure (line shutdown)', 150, 1.0, 'calibration.md §1b and §3: shutdowns of months; Rocky Mount lines about 10 weeks; assumption for the mean'),
    batchLossDays: z.number().min(0).max(365).default(7)
      .describe('A minor failure writes off this many days of the line\'s planned output from downstream inventory (recall or rejected batch). Assumption.'),
    apiHazard: rate('Quality failures per API plant-year (each stops the plant\'s API output). Assumption.').default(0.15),
    apiDowntime: randomDuration('downtime of an API plant after a failure', 60, 1.0, 'assumption'),
    apiCriticalProbability: prob('Probability that an API-plant failure is critical (regulatory action). Assumption.', 0.05),
    remediationCostMinor: money('Cost to the firm of a minor failure (investigation, lost batch). Assumption.').default(0.2e6),
    remediationCostMajor: money('Cost to the firm of a major failure. Assumption.').default(3e6),
  })
  .describe('Quality failures per line (MODEL.md §4.1). AMT effects are policies.adoption.technologies.<type>.hazardFactor / downtimeFactor / escalationFactor.');

const oversightSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether FDA surveillance inspections run.'),
    qmmOaiFactor: z.array(z.number().positive().max(100)).length(5).default([2, 1.4, 1, 0.7, 0.5])
      .describe('Multiplier on the OAI probability by QMM level 1-5. Assumption.'),
    capacityUnderAction: prob('Share of a plant\'s capacity still usable for the U.S. under a warning letter or import alert. Source: calibration.md §3 "Remediation example: Hospira": under 70% capacity; default 0 = the plant stops (MODEL.md §4.2).', 0),
    remediation: randomDuration('remediation time before a re-inspection is requested', 365, 0.6, 'calibration.md §3 "Warning letter to close-out time" (CDER mean 238 days) and Intas/Ben Venue restarts after about 11-12 months'),
    reinspectionFailProbability: prob('Probability that a re-inspection finds the plant still non-compliant (another remediation cycle). Source (order): calibration.md §3 "Hospira" (repeat observations). Assumption.', 0.2),
    remediationCost: money('Remediation cost per regulatory action. Source: calibration.md §3 (Hospira $375M, Ben Venue $300M for large sterile sites); default an assumption for a typical site.').default(20e6),
  })
  .describe('FDA surveillance inspections and regulatory action (MODEL.md §4.2). Inspection intensity and OAI probability are per region.');

const surgeProcessSchema = z
  .strictObject({
    rate: rate('Random public-health-emergency surges per year. Assumption.').default(0),
    duration: randomDuration('surge duration', 120, 0.5, 'assumption'),
    multiplier: z.number().min(0).max(100).default(2).describe('Demand multiplier of affected products. Assumption.'),
    productFraction: prob('Share of products affected by a surge (drawn per event). Assumption.', 0.05),
    forms: z.array(z.enum(DOSAGE_FORMS)).default(['sterile_injectable']).describe('Dosage forms eligible to be affected.'),
  })
  .prefault({})
  .describe('Random public-health-emergency demand surges.');

const scriptedSurgeSchema = z
  .strictObject({
    at: duration('Start, days since the start of the simulation.'),
    duration: duration('How long the surge lasts.'),
    multiplier: z.number().min(0).max(100).describe('Demand multiplier.'),
    products: z.array(z.string()).optional().describe('Products affected (ids); default all of `forms`, or a productFraction of them.'),
    forms: z.array(z.enum(DOSAGE_FORMS)).default([...DOSAGE_FORMS]).describe('Forms affected when products is not given.'),
    productFraction: prob('Share of eligible products affected when products is not given.', 1),
  })
  .describe('A scripted demand surge, e.g. a pandemic wave.');

const demandSchema = z
  .strictObject({
    trend: z.number().min(-0.5).max(1).default(0)
      .describe('Annual demand growth rate. Demand is piecewise constant: re-rated every trendStep (not continuously). Assumption: 0.'),
    trendStep: duration('Interval at which demand is re-rated when trend is not 0.').default(YEAR),
    surges: surgeProcessSchema,
    scriptedSurges: z.array(scriptedSurgeSchema).default([]),
  })
  .describe('Demand (MODEL.md §4.4).');

const supplySchema = z
  .strictObject({
    inventoryDays: perForm((f) => z.number().min(0).max(3650).default(f === 'sterile_injectable' ? 30 : 45)
      .describe(`Downstream (wholesaler + hospital) inventory target in days of demand for ${f}. Source: calibration.md §7 "Hospital inventory" 7-14 days plus "Wholesaler days of supply" about 3-4 weeks (UNVERIFIED); assumption.`)).prefault({}),
    utilization: perForm((f) => z.number().positive().max(1).default(f === 'sterile_injectable' ? 0.85 : 0.7)
      .describe(`Planned utilization (committed output / capacity) of ${f} lines; 1/utilization - 1 is the surge headroom. Source: calibration.md §7 "Sterile injectable capacity constraint" (near full) and "Spare U.S. generic capacity" (oral solids).`)).prefault({}),
    rampDelay: perForm((f) => duration(`Delay before other suppliers can use their headroom after a ${f} product falls short. Assumption.`).default(f === 'sterile_injectable' ? 90 : 45)).prefault({}),
    amtRampDelayFactor: z.number().min(0).max(10).default(0.5)
      .describe('Multiplier on the ramp delay of AMT lines (they surge sooner). Assumption.'),
    apiBufferDays: z.number().min(0).max(3650).default(30)
      .describe('API buffer at the FDF plant in days of the line\'s planned output. Source: calibration.md §7 "Manufacturer / API buffers": 1-3 months for generics (low end).'),
    apiRefillDays: z.number().positive().max(3650).default(60)
      .describe('Days to refill an empty API buffer once supply resumes. Assumption.'),
  })
  .describe('Supply allocation, surge and buffers (MODEL.md §4.5).');

const pricesSchema = z
  .strictObject({
    bySupplierCount: z.array(z.number().positive().max(10)).min(1).max(50).default([1, 0.75, 0.6, 0.5, 0.42, 0.36])
      .describe('Contract price relative to the sole-supplier price with 1, 2, 3, ... suppliers (the last value applies beyond). Source: calibration.md §7 "Generic price vs number of competitors" (FDA 2019: AMP -39% with 1, -54% with 2, -79% with 4 vs brand; UNVERIFIED beyond 1); assumption, flattened.'),
  })
  .describe('Price erosion with the number of suppliers (MODEL.md §4.6).');

const marketDynamicsSchema = z
  .strictObject({
    exitEnabled: z.boolean().default(true),
    exitPatience: duration('A supplier whose unit margin stays negative this long exits the product. Assumption.').default(YEAR),
    backgroundExitRate: rate('Business discontinuations per line-year not explained by margin. Source (order): calibration.md §1g "Generic product discontinuations": over 3,000 since 2010 (about 230/yr); assumption for the per-line rate.').default(0.02),
    entryEnabled: z.boolean().default(true),
    shortageEntryDelay: duration('A shortage lasting this long may attract an entrant; while the shortage is structural (suppliers cannot meet demand even when all are up), entry is considered again every such interval. Assumption.').default(180),
    shortageEntryProbability: prob('Probability that a firm files to enter at each consideration during a long shortage. Assumption.', 0.5),
    replacementEntryProbability: prob('Probability that an exit is followed by an entry attempt (the price rose). Assumption.', 0.5),
    build: randomDuration('build and validation time of an entrant\'s line after approval', 365, 0.5, 'calibration.md §5 "Modular CM footprint and install time" (about 1 year); assumption'),
    buildCapital: money('Capital cost of an entrant\'s line. Source (order): calibration.md §5 "Sterile injectable capacity cost benchmark" (about $0.9 per unit of annual capacity) — used per unit below; this is the fixed part. Assumption.').default(5e6),
    capitalPerAnnualUnit: z.number().min(0).max(100).default(0.9)
      .describe('Entrant capital per unit of annual capacity ($). Source: calibration.md §5 Civica $124.5M for 140M units/yr (D: about $0.9).'),
    entrantShare: prob('Share of demand an entrant is contracted for (others scale down). Assumption.', 0.3),
    reallocationDelay: duration('After an exit, remaining suppliers take over its share (with proportional capacity) after this delay. Assumption.').default(180),
  })
  .describe('Market exit and entry (MODEL.md §4.6).');

const shortageSchema = z
  .strictObject({
    mergeGap: duration('Episodes of a product separated by less than this are one shortage (ASHP keeps a shortage active until resolved). Assumption.').default(60),
    minDuration: duration('Episodes (after merging) shorter than this are not counted as shortages (brief stock-outs absorbed by pharmacies). Assumption.').default(0),
    costPerUnitShort: perForm((f) => z.number().min(0).default(f === 'sterile_injectable' ? 20 : 2)
      .describe(`Health-system cost per unit of ${f} demand not met ($): substitutes and harm proxy. Source (order): calibration.md §2 "Extra spending on substitutes" ($230M/yr) and gray-market markups; assumption.`)).prefault({}),
    costPerShortageDay: money('Health-system management cost per product-day in shortage. Source: calibration.md §2 "Hospital labor cost" D: $359M-$900M/yr over 270-310 active shortages = $1.3M-2.9M per shortage-year, i.e. $3,600-7,900 per day.').default(5000),
  })
  .describe('Shortage definition and costs (MODEL.md §4.5, §4.8).');

const worldObject = z
  .strictObject({
    regions: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), regionSchema).prefault(DEFAULT_REGIONS)
      .describe('Regions by name. Default: US (domestic), EU, India, China, other.'),
    market: marketSchema.prefault({}),
    quality: qualitySchema.prefault({}),
    oversight: oversightSchema.prefault({}),
    scriptedShocks: z.array(scriptedShockSchema).default([]).describe('Shocks at fixed dates.'),
    demand: demandSchema.prefault({}),
    supply: supplySchema.prefault({}),
    prices: pricesSchema.prefault({}),
    marketDynamics: marketDynamicsSchema.prefault({}),
    shortage: shortageSchema.prefault({}),
    discountRate: z.number().min(0).max(1).default(0.03)
      .describe('Social discount rate for cost.total_discounted. Assumption: 3% (OMB Circular A-4 / A-94 convention).'),
    regulator: regulatorSchema.prefault({}),
  });

/**
 * The `world:` section of a scenario (MODEL.md §3–4).
 *
 * @example
 * worldSchema.parse({ market: { archetypes: [{ name: 'inj', count: 10, form: 'sterile_injectable' }] } })
 */
export const worldSchema = worldObject
  .superRefine((w, ctx) => checkReferences(w, ctx))
  .describe('The supply-chain world (MODEL.md §3-4).');

export type WorldParams = z.output<typeof worldObject>;
export type WorldInput = z.input<typeof worldSchema>;
export type ArchetypeParams = WorldParams['market']['archetypes'][number];
export type RegionParams = WorldParams['regions'][string];
export type ShockProcessParams = RegionParams['shocks'][ShockKind];

type Ctx = z.RefinementCtx;

/** Cross-field checks: references between listed entities, regions and scripted events. */
function checkReferences(w: WorldParams, ctx: Ctx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const regions = new Set(Object.keys(w.regions));
  const regionList = [...regions].join(', ');
  if (regions.size === 0) issue(['regions'], 'expected at least one region');
  const firms = new Set<string>();
  w.market.firms.forEach((f, i) => {
    if (firms.has(f.id)) issue(['market', 'firms', i, 'id'], `duplicate firm id "${f.id}"`);
    firms.add(f.id);
  });
  const plants = new Map<string, Tier>();
  w.market.plants.forEach((p, i) => {
    if (plants.has(p.id)) issue(['market', 'plants', i, 'id'], `duplicate plant id "${p.id}"`);
    plants.set(p.id, p.tier);
    if (!regions.has(p.region)) issue(['market', 'plants', i, 'region'], `unknown region "${p.region}"; expected one of ${regionList}`);
  });
  const products = new Set<string>();
  w.market.products.forEach((p, i) => {
    if (products.has(p.id)) issue(['market', 'products', i, 'id'], `duplicate product id "${p.id}"`);
    products.add(p.id);
    if (p.suppliers.length === 0) issue(['market', 'products', i, 'suppliers'], 'expected at least one supplier');
    const seen = new Set<string>();
    p.suppliers.forEach((s, j) => {
      const path = ['market', 'products', i, 'suppliers', j];
      const tier = plants.get(s.plant);
      if (tier === undefined) issue([...path, 'plant'], `unknown plant "${s.plant}"; expected an id in market.plants`);
      else if (tier !== 'fdf') issue([...path, 'plant'], `plant "${s.plant}" is an API plant; a supplier line must be at an fdf plant`);
      if (seen.has(s.plant)) issue([...path, 'plant'], `plant "${s.plant}" is listed twice for product "${p.id}"`);
      seen.add(s.plant);
      s.api.forEach((a, k) => {
        const t = plants.get(a);
        if (t === undefined) issue([...path, 'api', k], `unknown API plant "${a}"`);
        else if (t !== 'api') issue([...path, 'api', k], `plant "${a}" is an fdf plant; expected an api plant`);
      });
    });
  });
  const archNames = new Set<string>();
  w.market.archetypes.forEach((a, i) => {
    if (archNames.has(a.name)) issue(['market', 'archetypes', i, 'name'], `duplicate archetype name "${a.name}"`);
    archNames.add(a.name);
    for (const key of ['fdfRegions', 'apiRegions'] as const) {
      const ws = a[key];
      let total = 0;
      for (const [r, v] of Object.entries(ws)) {
        if (!regions.has(r)) issue(['market', 'archetypes', i, key, r], `unknown region "${r}"; expected one of ${regionList} (the default weights name US, EU, India, China and other: set ${key} when you define your own regions)`);
        total += v;
      }
      if (!(total > 0)) issue(['market', 'archetypes', i, key], 'expected at least one region with a positive weight');
    }
    if (a.grossMargin.min > a.grossMargin.max) issue(['market', 'archetypes', i, 'grossMargin'], `min (${a.grossMargin.min}) must not exceed max (${a.grossMargin.max})`);
    if (!a.supplierCountWeights.some((x) => x > 0)) issue(['market', 'archetypes', i, 'supplierCountWeights'], 'expected a positive weight');
  });
  w.scriptedShocks.forEach((s, i) => {
    if (!regions.has(s.region)) issue(['scriptedShocks', i, 'region'], `unknown region "${s.region}"; expected one of ${regionList}`);
    if (s.plant !== undefined && !plants.has(s.plant)) {
      // Generated plant ids (e.g. "India-fdf-3") exist only once the market is generated.
      const generated = w.market.archetypes.length > 0 && regions.has(s.region) ? generatedPlantRegion(w, s.plant) : undefined;
      if (generated === undefined) issue(['scriptedShocks', i, 'plant'], `unknown plant "${s.plant}"; expected a listed plant id or a generated one such as "India-fdf-1"`);
      else if (generated !== s.region) issue(['scriptedShocks', i, 'region'], `plant "${s.plant}" is in region "${generated}", not "${s.region}"`);
    }
    s.products?.forEach((p, k) => {
      if (!products.has(p) && !isGeneratedId(p, w)) issue(['scriptedShocks', i, 'products', k], `unknown product "${p}"`);
    });
    if (s.supplierOf !== undefined && !products.has(s.supplierOf) && !isGeneratedId(s.supplierOf, w)) issue(['scriptedShocks', i, 'supplierOf'], `unknown product "${s.supplierOf}"`);
    if (s.plant !== undefined && s.supplierOf !== undefined) issue(['scriptedShocks', i], 'give either plant or supplierOf, not both');
  });
  w.demand.scriptedSurges.forEach((s, i) => {
    s.products?.forEach((p, k) => {
      if (!products.has(p) && !isGeneratedId(p, w)) issue(['demand', 'scriptedSurges', i, 'products', k], `unknown product "${p}"`);
    });
  });
}

/** Region of a generated plant id, or undefined if the generated market has no such plant. */
function generatedPlantRegion(w: WorldParams, id: string): string | undefined {
  try {
    return buildMarket(w).plants.find((p) => p.id === id)?.region;
  } catch {
    return undefined; // other issues (reported separately) prevent generating the market
  }
}

/** Whether `id` names a generated product (`<archetype>-<k>`, k in 1..count). */
function isGeneratedId(id: string, w: WorldParams): boolean {
  const m = /^(.*)-(\d+)$/.exec(id);
  if (!m) return false;
  const a = w.market.archetypes.find((x) => x.name === m[1]);
  const k = Number(m[2]);
  return a !== undefined && k >= 1 && k <= a.count;
}
