import { describe, expect, it } from 'vitest';
import { policiesSchema, regulatorSchema, AMT_TYPES, techCode, techType } from './params.js';

describe('policiesSchema', () => {
  it('parse({}) gives every policy disabled and endogenous adoption', () => {
    const p = policiesSchema.parse({});
    expect(p.adoption.path).toBe('endogenous');
    for (const k of ['grants', 'expeditedReview', 'cbe30', 'payerPremium', 'coe', 'designation'] as const) expect(p[k].enabled).toBe(false);
    expect(p.adoption.technologies.continuous.capitalCost).toBe(30e6);
    expect(p.adoption.technologies.continuous.forms).toEqual(['oral_solid']);
    expect(p.adoption.mandate.technology.sterile_injectable).toBe('pat_rtrt');
  });
  it('parses units and keeps other defaults when one field is set', () => {
    const p = policiesSchema.parse({ grants: { enabled: true, annualBudget: '$20M' }, adoption: { technologies: { continuous: { implementation: '18 months' } } } });
    expect(p.grants.enabled).toBe(true);
    expect(p.grants.annualBudget).toBe(20e6);
    expect(p.grants.shareOfCapital).toBe(0.5);
    expect(p.adoption.technologies.continuous.implementation).toBeCloseTo(547.875);
    expect(p.adoption.technologies.pat_rtrt.capitalCost).toBe(5e6);
  });
  it('rejects unknown keys', () => {
    expect(policiesSchema.safeParse({ grant: {} }).success).toBe(false);
    expect(policiesSchema.safeParse({ grants: { enabeld: true } }).success).toBe(false);
  });
  it('techCode/techType round-trip', () => {
    for (const t of AMT_TYPES) expect(techType(techCode(t))).toBe(t);
    expect(techType(0)).toBeUndefined();
  });
});

describe('regulatorSchema', () => {
  it('defaults follow GDUFA goals', () => {
    const r = regulatorSchema.parse({});
    expect(r.types.anda.goal).toBeCloseTo(304.375);
    expect(r.types.pas.goal).toBeCloseTo(182.625);
    expect(r.types.pas.goalWithInspection).toBeCloseTo(304.375);
    expect(r.types.pas.priorityGoal).toBeCloseTo(121.75);
    expect(r.types.designation.goal).toBe(180);
    expect(r.cbe30Wait).toBe(30);
  });
});
