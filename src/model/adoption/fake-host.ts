/**
 * A small in-memory {@link AdoptionHost} for unit tests of the adoption engine (no world model):
 * lines with fixed economics, and a log of what the engine asked the host to do.
 */
import type { DosageForm } from '../outputs.js';
import { AMT_TYPES, type PolicyParams } from '../policy/params.js';
import { approxFailureCost, type AdoptionHost, type LineEconomics } from './host.js';

/** One fake line. */
export interface FakeLine {
  firm: number;
  form: DosageForm;
  tech?: number;
  capacity?: number;
  essential?: boolean;
  domestic?: boolean;
  suppliers?: number;
  price?: number;
  unitCost?: number;
  /** Failures per year on traditional technology. */
  failures?: number;
  downtimeLoss?: number;
  escalationLoss?: number;
}

/** A host whose lines never fail or change except through the engine. */
export class FakeHost implements AdoptionHost {
  readonly lines: Required<FakeLine>[];
  readonly firmCount: number;
  readonly log: { t: number; what: string; line: number; value: number }[] = [];
  capitalSpent = 0;
  grantsReceived = 0;
  now: () => number = () => 0;

  constructor(lines: FakeLine[], private readonly policies: PolicyParams, readonly firms = { discountRate: 0.1, budget: 1e9 }) {
    this.lines = lines.map((l) => ({
      tech: 0, capacity: 1e6 / 365.25, essential: true, domestic: true, suppliers: 2, price: 10, unitCost: 6,
      failures: 0, downtimeLoss: 0, escalationLoss: 0, ...l,
    }));
    this.firmCount = Math.max(0, ...lines.map((l) => l.firm + 1));
  }

  get lineCount(): number { return this.lines.length; }
  lineFirm(l: number): number { return this.lines[l].firm; }
  lineForm(l: number): DosageForm { return this.lines[l].form; }
  lineTech(l: number): number { return this.lines[l].tech; }
  lineActive(): boolean { return true; }
  lineCapacity(l: number): number { return this.lines[l].capacity; }
  lineEssential(l: number): boolean { return this.lines[l].essential; }
  lineDomestic(l: number): boolean { return this.lines[l].domestic; }
  lineSuppliers(l: number): number { return this.lines[l].suppliers; }
  lineEconomics(l: number, tech: number, out: LineEconomics): void {
    const x = this.lines[l];
    const t = tech > 0 ? this.policies.adoption.technologies[AMT_TYPES[tech - 1]] : { unitCostFactor: 1, hazardFactor: 1, downtimeFactor: 1, escalationFactor: 1 };
    out.annualUnits = x.capacity * 365.25 * 0.8;
    out.price = x.price;
    out.unitCost = x.unitCost * t.unitCostFactor;
    out.failureCostPerYear = approxFailureCost(x.failures, x.downtimeLoss, x.escalationLoss, t);
    out.surgeUnitsPerYear = 0;
  }
  firmDiscountRate(): number { return this.firms.discountRate; }
  firmCapitalBudget(): number { return this.firms.budget; }
  spendCapital(_f: number, line: number, amount: number, grant: number): void {
    this.capitalSpent += amount;
    this.grantsReceived += grant;
    this.log.push({ t: this.now(), what: 'capital', line, value: amount });
    if (grant > 0) this.log.push({ t: this.now(), what: 'grant', line, value: grant });
  }
  startChangeover(line: number, factor: number): void {
    this.log.push({ t: this.now(), what: 'changeover', line, value: factor });
  }
  completeConversion(line: number, tech: number): void {
    this.lines[line].tech = tech;
    this.log.push({ t: this.now(), what: 'complete', line, value: tech });
  }
  /** Share of capacity on AMT. */
  amtShare(): number {
    let a = 0, all = 0;
    for (const l of this.lines) { all += l.capacity; if (l.tech > 0) a += l.capacity; }
    return a / all;
  }
}
