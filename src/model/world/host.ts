/**
 * The world as the adoption engine sees it: an {@link AdoptionHost} over the world's finished-dose
 * lines (see `src/model/adoption/host.ts` for the contract).
 *
 * Lines 0..lineCount-1 are the lines of the initial market. Lines built by entrants during the run
 * take the next indices and are given to the engine with `AdoptionEngine.addLine` when built
 * (`PolicyHooks.onLineBuilt`), so their firms may convert them too.
 */
import type { AdoptionHost, LineEconomics } from '../adoption/host.js';
import { DAYS_PER_YEAR } from '../../scenario/units.js';
import { DOSAGE_FORMS, type DosageForm } from '../outputs.js';
import type { World } from './world.js';
import type { Processes } from './processes.js';
import type { CapacityTracker } from './metrics.js';

/** Adapter from the world state to the adoption engine's host contract. */
export class WorldHost implements AdoptionHost {
  readonly firmCount: number;
  readonly lineCount: number;

  constructor(
    private readonly w: World,
    private readonly proc: Processes,
    private readonly tracker: CapacityTracker,
  ) {
    this.firmCount = w.nFirms;
    this.lineCount = w.nLinesUsed;
    // Quality and oversight constants of lineEconomics, read once (the engine values every idle
    // line every epoch): by form code, and the sums exactly as lineEconomics would form them.
    const q = w.p.quality;
    this.sevCritical = Float64Array.from(DOSAGE_FORMS.map((f) => q.severity[f].critical));
    this.sevMajor = Float64Array.from(DOSAGE_FORMS.map((f) => q.severity[f].major));
    this.minorMean = q.minorDowntime.mean;
    this.majorMean = q.majorDowntime.mean;
    this.batchLossDays = q.batchLossDays;
    this.remMinor = q.remediationCostMinor;
    this.remMajor = q.remediationCostMajor;
    this.remCritical = w.p.oversight.remediationCost;
    this.criticalDays = w.p.oversight.remediation.mean + w.p.regulator.types.reinspection.goal;
    // Severity probabilities and the minor downtime term per (form, technology): pure functions of
    // constants, so computing them once gives the values lineEconomics computed on every call.
    const nt = (this.nt = w.tech.escalation.length);
    this.pcFT = new Float64Array(DOSAGE_FORMS.length * nt);
    this.pmFT = new Float64Array(DOSAGE_FORMS.length * nt);
    this.pnFT = new Float64Array(DOSAGE_FORMS.length * nt);
    this.minorDaysT = new Float64Array(nt);
    for (let tech = 0; tech < nt; tech++) {
      const esc = w.tech.escalation[tech], dt = w.tech.downtime[tech];
      this.minorDaysT[tech] = this.minorMean * dt + this.batchLossDays;
      for (let fc = 0; fc < DOSAGE_FORMS.length; fc++) {
        const pc = Math.min(1, this.sevCritical[fc] * esc);
        const pm = Math.min(1 - pc, this.sevMajor[fc] * esc);
        this.pcFT[fc * nt + tech] = pc;
        this.pmFT[fc * nt + tech] = pm;
        this.pnFT[fc * nt + tech] = 1 - pc - pm;
      }
    }
  }
  private readonly nt: number;
  private readonly pcFT: Float64Array;
  private readonly pmFT: Float64Array;
  private readonly pnFT: Float64Array;
  private readonly minorDaysT: Float64Array;
  private readonly sevCritical: Float64Array;
  private readonly sevMajor: Float64Array;
  private readonly minorMean: number;
  private readonly majorMean: number;
  private readonly batchLossDays: number;
  private readonly remMinor: number;
  private readonly remMajor: number;
  private readonly remCritical: number;
  private readonly criticalDays: number;

  lineFirm(line: number): number { return this.w.plFirm[this.w.lnPlant[line]]; }
  lineForm(line: number): DosageForm { return DOSAGE_FORMS[this.w.lineFormCode(line)]; }
  lineTech(line: number): number { return this.w.lnTech[line]; }
  lineActive(line: number): boolean { return this.w.lnActive[line] === 1; }
  lineCapacity(line: number): number { return this.w.lnCapacity[line]; }
  lineEssential(line: number): boolean { return this.w.prEssential[this.w.lnProduct[line]] === 1; }
  lineDomestic(line: number): boolean { return this.w.regionDomestic[this.w.plRegion[this.w.lnPlant[line]]] === 1; }
  lineSuppliers(line: number): number { return this.w.prActive[this.w.lnProduct[line]]; }
  premiumPaid(): number { return this.w.premiumPaidW; }

  /**
   * Expected yearly economics of `line` on technology `tech`: units at the current demand and share;
   * failure cost = failures/yr x (P(minor) x (cost + margin lost over the downtime) + P(major) x …
   * + P(critical) x (remediation + margin lost over a mean remediation)), with the technology's hazard,
   * downtime and escalation factors; surge units = extra headroom x the other suppliers' expected
   * unavailability (failures x mean downtime).
   */
  lineEconomics(line: number, tech: number, out: LineEconomics): void {
    const w = this.w;
    const p = w.lnProduct[line];
    const fc = w.prForm[p];
    const units = w.lnShare[line] * w.prD[p] * DAYS_PER_YEAR;
    const price = w.price(p);
    const cost = w.lnBaseCost[line] * w.tech.unitCost[tech];
    out.annualUnits = units;
    out.price = price;
    out.unitCost = cost;
    const perDay = units / DAYS_PER_YEAR;
    const margin = Math.max(0, price - cost);
    // hazardPerDay(line, tech), inlined (a double returned from a call that is not inlined is boxed).
    const failures = this.proc.baseHazard[line] * w.tech.hazard[tech] * DAYS_PER_YEAR;
    const dt = w.tech.downtime[tech];
    const ft = fc * this.nt + tech;
    const pc = this.pcFT[ft], pm = this.pmFT[ft], pn = this.pnFT[ft];
    const minor = this.remMinor + margin * perDay * this.minorDaysT[tech];
    const major = this.remMajor + margin * perDay * this.majorMean * dt;
    const critical = this.remCritical + margin * perDay * this.criticalDays;
    out.failureCostPerYear = failures * (pn * minor + pm * major + pc * critical);
    // Surge: extra capacity over the traditional headroom, used while other suppliers are down.
    const u = w.lnUtil[line];
    const extra = w.lnCapacity[line] * (1 - u) * (w.tech.headroom[tech] - 1);
    // No extra headroom (always so for the traditional line the engine values first): the surge is
    // 0 x min(1, othersDown) = 0 whatever the other suppliers do, so skip their loop (exact:
    // othersDown is finite and non-negative).
    if (!(extra > 0)) { out.surgeUnitsPerYear = 0; return; }
    let othersDown = 0;
    const lines = w.prLines[p], sevMajor = this.sevMajor[fc];
    for (let i = 0; i < lines.length; i++) {
      const m = lines[i];
      if (m === line || w.lnActive[m] === 0) continue;
      const h = this.proc.baseHazard[m] * w.tech.hazard[w.lnTech[m]];
      const pmm = Math.min(1, sevMajor * w.tech.escalation[w.lnTech[m]]);
      const down = h * (pmm * this.majorMean + (1 - pmm) * this.minorMean) * w.tech.downtime[w.lnTech[m]];
      othersDown += down / (1 + down);
    }
    out.surgeUnitsPerYear = Math.max(0, extra) * Math.min(1, othersDown) * DAYS_PER_YEAR;
  }

  firmDiscountRate(firm: number): number { return this.w.market.firms[firm].discountRate; }
  firmCapitalBudget(firm: number): number { return this.w.market.firms[firm].capitalBudget; }

  spendCapital(firm: number, _line: number, amount: number, _grant: number): void {
    this.w.bookCost('capital', firm, amount);
  }

  startChangeover(line: number, capacityFactor: number): void {
    this.w.beginLine(line);
    this.w.lnHost[line] = capacityFactor;
    this.w.endChange();
  }

  completeConversion(line: number, tech: number): void {
    const w = this.w;
    this.tracker.before(line);
    w.beginLine(line);
    w.lnHost[line] = 1;
    w.lnTech[line] = tech;
    w.endChange();
    this.tracker.after(line);
    this.proc.retime(line);
    this.proc.checkMargins(w.lnProduct[line]);
  }
}
