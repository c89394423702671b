import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadScenario, scenarioDocFiles, scenarioJsonSchema, starterScenario, validateScenarioFile } from './index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the real scenario schema', () => {
  test('starterScenario(name) is valid YAML that validates and runs small', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsim-starter-'));
    const file = path.join(dir, 'my-study.yaml');
    fs.writeFileSync(file, starterScenario('my-study'));
    const r = validateScenarioFile(file);
    expect(r.message).toMatch(/OK/);
    const s = loadScenario(file);
    expect(s.name).toBe('my-study');
    expect(s.arms.map((a) => a.name)).toEqual(['status-quo', 'grants']);
    expect(s.arms[1].policies.grants.enabled).toBe(true);
    expect(s.run.replications).toBeLessThanOrEqual(20);
  });

  test('starterScenario slugifies odd names', () => {
    expect(starterScenario('My Study.yaml')).toMatch(/^name: my-study /m);
  });

  test('the JSON Schema accepts numbers or unit strings for durations and deep-partial arms', () => {
    const js = scenarioJsonSchema() as { properties: Record<string, { properties?: Record<string, { type?: unknown }>; additionalProperties?: unknown }> };
    expect(js.properties.run.properties!.horizon.type).toEqual(['number', 'string']);
    const arm = (js.properties.arms.additionalProperties as { anyOf: Array<{ properties?: Record<string, { required?: unknown }> }> }).anyOf[0];
    expect(JSON.stringify(arm.properties!.world)).not.toMatch(/"required"/);
  });

  test('docs/scenario-reference.md and docs/scenario.schema.json are up to date (run: npm run build && node scripts/gen-docs.mjs)', () => {
    for (const [rel, text] of Object.entries(scenarioDocFiles())) {
      const file = path.join(root, rel);
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(missing)';
      expect(current === text, `${rel} is stale — regenerate with: npm run build && node scripts/gen-docs.mjs`).toBe(true);
    }
  });
});

describe('errors against the real schema', () => {
  test('typos in world and policies are located with suggestions, several at once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsim-real-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      file,
      `name: bad
world:
  market:
    archetypes:
      - name: inj
        cout: 10
        form: sterile_injectible
    products:
      - { id: p1, form: oral_solid, annualDemand: 1000, price: 1, unitCost: 0.5, suppliers: [{ plant: nowhere, share: 1 }] }
policies:
  grant: { enabled: true }
arms:
  a: {}
  b:
    policies: { grants: { shareOfCapital: 2 } }
`,
    );
    const r = validateScenarioFile(file);
    expect(r.ok).toBe(false);
    const got = r.issues.map((i) => [i.line, i.path, i.message]);
    expect(got).toEqual(
      expect.arrayContaining([
        [6, 'world.market.archetypes[0].cout', 'unknown key "cout" — did you mean "count"?'],
        [7, 'world.market.archetypes[0].form', expect.stringMatching(/did you mean "sterile_injectable"/)],
        [11, 'policies.grant', 'unknown key "grant" — did you mean "grants"?'],
        [15, 'policies.grants.shareOfCapital', expect.stringMatching(/expected a number ≤ 1, found 2/)],
      ]),
    );
    expect(r.issues.find((i) => i.path === 'policies.grants.shareOfCapital')?.arm).toBe('b');
  });
});
