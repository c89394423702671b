import { describe, expect, test } from 'vitest';
import { scenarioJsonSchemaWith, scenarioReferenceMarkdownWith } from './docs.js';
import { fixtureParts } from './test-helpers.js';

describe('scenarioReferenceMarkdownWith(parts)', () => {
  const md = scenarioReferenceMarkdownWith(fixtureParts);
  test('has one table per object with field, type, default, bounds and description', () => {
    expect(md).toContain('#### `world.products[]`');
    expect(md).toContain('| `demand` | number | *required* | ≥ 0 | Units per year. |');
    expect(md).toContain('| `form` | `"sterile_injectable"` \\| `"oral_solid"` | *required* |  | Dosage form. |');
    expect(md).toMatch(/\| `leadTime` \| number or string \| `"30 days"` \| ≥ 0 days \| Lead time/);
    expect(md).toMatch(/\| `budget` \| number or string \| `"\$40M"` \| ≥ \$0 \| Budget/);
    expect(md).toContain('| `replications` | integer | `100` | ≥ 1, ≤ 100000 | Independent replications per arm. |');
  });
  test('lists the metric names expectations may use', () => {
    expect(md).toContain('| `shortage.days` |');
  });
});

describe('scenarioJsonSchemaWith(parts)', () => {
  const js = scenarioJsonSchemaWith(fixtureParts) as { properties: Record<string, Record<string, unknown>>; additionalProperties: unknown };
  test('is strict at the top and keeps defaults of unit fields', () => {
    expect(js.additionalProperties).toBe(false);
    expect(JSON.stringify(js.properties.run)).toContain('"default":"22 years"');
  });
  test('arms accept any subset of world and policies (no required fields, no defaults)', () => {
    const arm = (js.properties.arms.additionalProperties as { anyOf: Array<{ properties: Record<string, unknown> }> }).anyOf[0];
    const w = JSON.stringify(arm.properties.world);
    expect(w).toContain('"demand"');
    expect(w).not.toMatch(/"required"|"default"/);
  });
});
