/** Fixture schemas and temporary files for the scenario-layer tests (not part of the library). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { duration, money } from './units.js';
import type { SchemaParts } from './load.js';

export const fixtureWorld = z.strictObject({
  products: z
    .array(
      z.strictObject({
        id: z.string().describe('Product id.'),
        form: z.enum(['sterile_injectable', 'oral_solid']).describe('Dosage form.'),
        demand: z.number().min(0).describe('Units per year.'),
        leadTime: duration('Lead time').prefault('30 days'),
      }),
    )
    .default([])
    .describe('Products.'),
  regulator: z.strictObject({ reviewers: z.int().min(1).default(10).describe('Reviewers.'), budget: money('Budget').prefault('$40M') }).prefault({}).describe('Regulator.'),
});

export const fixturePolicies = z.strictObject({
  grants: z
    .strictObject({
      enabled: z.boolean().default(false).describe('Whether grants exist.'),
      shareOfCapital: z.number().min(0).max(1).default(0.5).describe('Share of capital paid.'),
    })
    .prefault({})
    .describe('Capital grants.'),
});

export const fixtureParts: SchemaParts<typeof fixtureWorld, typeof fixturePolicies> = { world: fixtureWorld, policies: fixturePolicies };

/** A fresh temporary directory with the given files; returns its path. */
export function tempScenarioDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsim-scenario-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
