/**
 * The contract between the adoption engine (policy helper) and the world model (world helper).
 *
 * The world implements {@link AdoptionHost}; inside a replication it creates the regulator (early:
 * `createRegulator`) and the engine (`new AdoptionEngine(...)` once `lineCount` is known, or both at once
 * with `createPolicyLayer` in `./index.ts`), calls `engine.start()`, collects `engine.metrics()` and
 * `regulator.metrics(years)` at the horizon, and
 * - reads per-line policy effects from the engine: the payer premium's fractional price uplift
 *   (`engine.priceUplift[line]`, or pushed through the optional `setPriceUplift`; multiply the line's
 *   price by 1 + uplift — the engine itself accounts the program outlay), `engine.changeFilingType(line)`
 *   and `engine.changeSubmitOptions(line)` (filing for later manufacturing changes on that line, e.g.
 *   capacity expansions or site changes: CBE-30 under CBE-30 flexibility, expedited if designated);
 * - tells the engine about major/critical quality failures: `engine.onMajorFailure(firm)`;
 * - applies AMT effects when the engine calls `completeConversion(line, tech)`: the technology's
 *   `unitCostFactor`, `hazardFactor`, `downtimeFactor`, `escalationFactor`, `surgeHeadroomFactor` are in
 *   `policies.adoption.technologies[type]` (PolicyParams), type = `techType(tech)`.
 *
 * Lines: index 0..lineCount-1 over FINISHED-DOSE lines (the ones that can adopt AMT and whose capacity
 * forms the AMT capacity share); lines built during the run take the next indices and are given to
 * the engine with `AdoptionEngine.addLine`. Technology codes: 0 = traditional, 1 + index in AMT_TYPES.
 *
 * Adoption events are rare (yearly per firm), so this interface favours clarity over speed; the world's
 * hot loop never calls the engine except through the `priceUplift` array.
 */
import type { DosageForm } from '../outputs.js';

/** Expected yearly economics of one line under one technology, filled by the host (no allocation). */
export interface LineEconomics {
  /** Expected units produced and sold per year at current demand and share (units/year). */
  annualUnits: number;
  /** Contract price per unit ($), without any payer premium. */
  price: number;
  /** Unit cost of goods on this technology ($/unit). */
  unitCost: number;
  /**
   * Expected cost of quality failures per year on this technology ($/year): lost margin during downtime
   * plus remediation and regulatory-action costs, given the technology's hazard, downtime and escalation
   * effects. Use `approxFailureCost` if the world has no closed form.
   */
  failureCostPerYear: number;
  /** Expected extra units per year sold from surge headroom during other suppliers' outages (units/year). */
  surgeUnitsPerYear: number;
}

/** What the adoption engine needs from the world. All indices are plain numbers (no objects per line). */
export interface AdoptionHost {
  /** Number of firms. */
  readonly firmCount: number;
  /**
   * Number of finished-dose lines when the engine is created (exited lines report `lineActive`
   * false; lines built later are announced with `AdoptionEngine.addLine`).
   */
  readonly lineCount: number;

  /** Firm owning a line. */
  lineFirm(line: number): number;
  /** Dosage form of the line's product. */
  lineForm(line: number): DosageForm;
  /** Technology code of the line now (0 = traditional). */
  lineTech(line: number): number;
  /** False if the line has exited its product (or its plant closed for good); such lines are never converted. */
  lineActive(line: number): boolean;
  /** Nominal capacity (units/day), used for capacity shares and capital scaling. */
  lineCapacity(line: number): number;
  /** Whether the line's product is essential. */
  lineEssential(line: number): boolean;
  /** Whether the line's plant is in the U.S. */
  lineDomestic(line: number): boolean;
  /** Current number of suppliers of the line's product (shortage-risk eligibility). */
  lineSuppliers(line: number): number;
  /**
   * Fill `out` with the expected yearly economics of `line` if it ran technology `tech`.
   * Called for the current technology and for each candidate AMT type at decision epochs.
   */
  lineEconomics(line: number, tech: number, out: LineEconomics): void;

  /** Firm's discount rate (per year, e.g. 0.1). */
  firmDiscountRate(firm: number): number;
  /** Firm's capital budget for AMT projects per year ($/year). */
  firmCapitalBudget(firm: number): number;

  /** The firm committed capital to a conversion at `now` (amount net of any grant; `grant` is the subsidy). */
  spendCapital(firm: number, line: number, amount: number, grant: number): void;
  /**
   * The line starts its changeover: it runs at `capacityFactor` x its capacity until `completeConversion`.
   * The line keeps its old technology meanwhile.
   */
  startChangeover(line: number, capacityFactor: number): void;
  /** The conversion is done: the line now runs technology `tech` at full capacity. */
  completeConversion(line: number, tech: number): void;
  /**
   * Optional: the payer premium of a line changed (fractional uplift, 0 = none). The same value is in
   * `engine.priceUplift[line]`; implement this to keep a world-owned array (e.g. one sized for entrant
   * lines too) in step instead of sharing the engine's array.
   */
  setPriceUplift?(line: number, uplift: number): void;
  /**
   * Optional: the AMT share of finished-dose capacity as the world reports it. The mandated path
   * tops up to its target against this measure when present, else against the share over the lines
   * the engine knows.
   */
  amtCapacityShare?(): number;
  /**
   * Optional: the payer premium actually paid over the measured window ($), i.e. the uplift on the
   * units premium lines made. When present, `cost.program.payer_premium` is this; otherwise the
   * engine's estimate (uplift x price x expected volume, re-rated quarterly).
   */
  premiumPaid?(): number;
}

/**
 * A simple expected failure cost for hosts without a closed form: failures per year x (downtime loss per
 * failure x downtime factor + escalation loss per failure x escalation factor) x hazard factor.
 *
 * @example approxFailureCost(0.2, 1e6, 5e6, { hazardFactor: 0.5, downtimeFactor: 1, escalationFactor: 1 }) // => 600000
 */
export function approxFailureCost(
  failuresPerYear: number,
  downtimeLossPerFailure: number,
  escalationLossPerFailure: number,
  effects: { hazardFactor: number; downtimeFactor: number; escalationFactor: number },
): number {
  return failuresPerYear * effects.hazardFactor *
    (downtimeLossPerFailure * effects.downtimeFactor + escalationLossPerFailure * effects.escalationFactor);
}
