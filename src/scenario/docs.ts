/**
 * Documentation generated from the one scenario schema: the JSON Schema editors use to complete
 * and check scenario files, and the Markdown reference (`docs/scenario-reference.md`), which is
 * rendered from that JSON Schema so the two can never disagree.
 */
import { z } from 'zod';
import { METRICS, type MetricInfo } from '../model/outputs.js';
import type { SchemaParts } from './load.js';
import { armsSchema, expectSchema, headerShape, RUN_DEFAULTS, runSchema } from './sections.js';

type Json = Record<string, unknown>;

/** The whole scenario file as one zod schema (for documentation; loading validates arm by arm). */
export function scenarioSchemaWith(parts: SchemaParts) {
  return z
    .strictObject({
      ...headerShape,
      run: runSchema,
      world: parts.world.optional().describe('The supply-chain world: regions, products, firms, plants, regulator, shocks, demand.'),
      policies: parts.policies.optional().describe('AMT adoption and incentive policies (all off by default).'),
      arms: armsSchema,
      expect: expectSchema,
    })
    .describe('An amtsim scenario file.');
}

/** Remove `required` and `default` everywhere, and make `oneOf` lenient, so any subset validates. */
function deepPartial(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(deepPartial);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'required' || k === 'default') continue;
    out[k === 'oneOf' ? 'anyOf' : k] = deepPartial(v);
  }
  return out;
}

/**
 * JSON Schema (draft 2020-12) of scenario files, as written (input side: unit fields accept a
 * number or a string such as "18 months"). Arms accept any subset of `world` and `policies`.
 */
export function scenarioJsonSchemaWith(parts: SchemaParts): Json {
  const js = z.toJSONSchema(scenarioSchemaWith(parts), {
    io: 'input',
    unrepresentable: 'any',
    // zod leaves out defaults of fields with transforms (units) on the input side; their defaults are
    // valid inputs too (a bare number is days, dollars or per year), so show them.
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string; defaultValue?: unknown } } })._zod.def;
      if (def.type === 'default' && ctx.jsonSchema.default === undefined) {
        try {
          ctx.jsonSchema.default = JSON.parse(JSON.stringify(def.defaultValue));
        } catch {
          // not representable as JSON: leave it out
        }
      }
    },
  }) as Json;
  const props = js.properties as Record<string, Json>;
  const armsJs = props.arms;
  armsJs.additionalProperties = {
    anyOf: [
      {
        type: 'object',
        description: 'An arm: any subset of `world` and `policies`, merged over the base.',
        properties: {
          description: { type: 'string', description: 'What this arm represents.' },
          world: deepPartial(props.world),
          policies: deepPartial(props.policies),
        },
        additionalProperties: false,
      },
      { type: 'null' },
    ],
  };
  return { $schema: js.$schema, $id: 'https://amtsim.dev/scenario.schema.json', title: 'amtsim scenario', ...js };
}

// ---- Markdown --------------------------------------------------------------------------------

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

function typeOf(s: Json): string {
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alts) return [...new Set(alts.map(typeOf))].join(' or ');
  const t = s.type;
  if (Array.isArray(t)) return t.join(' or ');
  if (t === 'array') return `list of ${typeOf((s.items as Json) ?? {})}`;
  if (t === 'object') {
    if (s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) return `map of ${typeOf(s.additionalProperties as Json)}`;
    return 'object';
  }
  return typeof t === 'string' ? t : 'any';
}

function boundsOf(s: Json): string {
  const b: string[] = [];
  const num = (v: unknown) => (typeof v === 'number' && Math.abs(v) < Number.MAX_SAFE_INTEGER ? String(v) : undefined);
  const alts = ((s.anyOf ?? s.oneOf) as Json[] | undefined) ?? [s];
  for (const a of alts) {
    if (num(a.minimum)) b.push(`≥ ${num(a.minimum)}`);
    if (num(a.exclusiveMinimum)) b.push(`> ${num(a.exclusiveMinimum)}`);
    if (num(a.maximum)) b.push(`≤ ${num(a.maximum)}`);
    if (num(a.exclusiveMaximum)) b.push(`< ${num(a.exclusiveMaximum)}`);
    if (num(a.minItems)) b.push(`≥ ${num(a.minItems)} items`);
    if (num(a.maxItems)) b.push(`≤ ${num(a.maxItems)} items`);
    if (typeof a.pattern === 'string') b.push(`matches \`${a.pattern}\``);
  }
  // Quantities with units (units.ts): bounds in internal units.
  const unit = typeof s['x-unit'] === 'string' ? (s['x-unit'] === 'dollars' ? ' $' : ` ${s['x-unit']}`) : '';
  if (num(s['x-minimum'])) b.push(unit === ' $' ? `≥ $${num(s['x-minimum'])}` : `≥ ${num(s['x-minimum'])}${unit}`);
  if (num(s['x-maximum'])) b.push(unit === ' $' ? `≤ $${num(s['x-maximum'])}` : `≤ ${num(s['x-maximum'])}${unit}`);
  return [...new Set(b)].join(', ');
}

/** Object schemas reachable as children of `s` (through lists, maps and alternatives), with path suffixes. */
function children(s: Json): Array<{ suffix: string; schema: Json; note?: string }> {
  const out: Array<{ suffix: string; schema: Json; note?: string }> = [];
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alts) {
    for (const a of alts) {
      if (a.type === 'object' && a.properties) {
        const disc = Object.entries(a.properties as Record<string, Json>).find(([, p]) => p.const !== undefined);
        out.push({ suffix: '', schema: a, note: disc ? `when \`${disc[0]}\` is \`${JSON.stringify(disc[1].const)}\`` : undefined });
      } else out.push(...children(a));
    }
    return out;
  }
  if (s.type === 'array' && s.items) {
    const it = s.items as Json;
    if (it.type === 'object' && it.properties) out.push({ suffix: '[]', schema: it });
    else for (const c of children(it)) out.push({ ...c, suffix: `[]${c.suffix}` });
  }
  if (s.type === 'object' && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
    const it = s.additionalProperties as Json;
    if (it.type === 'object' && it.properties) out.push({ suffix: '.<name>', schema: it });
    else for (const c of children(it)) out.push({ ...c, suffix: `.<name>${c.suffix}` });
  }
  return out;
}

function renderObject(pathText: string, s: Json, depth: number, lines: string[], note?: string): void {
  const props = (s.properties as Record<string, Json>) ?? {};
  const required = new Set((s.required as string[]) ?? []);
  lines.push(`${'#'.repeat(Math.min(depth, 4))} \`${pathText}\`${note ? ` (${note})` : ''}`, '');
  if (typeof s.description === 'string' && depth > 2) lines.push(esc(s.description), '');
  lines.push('| Field | Type | Default | Bounds | Description |', '| --- | --- | --- | --- | --- |');
  const nested: Array<{ path: string; schema: Json; note?: string }> = [];
  for (const [key, p] of Object.entries(props)) {
    const def = p.default !== undefined ? `\`${JSON.stringify(p.default)}\`` : required.has(key) ? '*required*' : '';
    lines.push(`| \`${key}\` | ${esc(typeOf(p))} | ${esc(def)} | ${esc(boundsOf(p))} | ${esc(typeof p.description === 'string' ? p.description : '')} |`);
    if (p.type === 'object' && p.properties) nested.push({ path: `${pathText}.${key}`, schema: p });
    for (const c of children(p)) nested.push({ path: `${pathText}.${key}${c.suffix}`, schema: c.schema, note: c.note });
  }
  lines.push('');
  for (const n of nested) renderObject(n.path, n.schema, depth + 1, lines, n.note);
}

/** The Markdown reference of scenario files, generated from the schema. */
export function scenarioReferenceMarkdownWith(parts: SchemaParts): string {
  const js = scenarioJsonSchemaWith(parts);
  const props = js.properties as Record<string, Json>;
  const lines: string[] = [
    '# Scenario file reference',
    '',
    '<!-- Generated from src/scenario (the schema) by `node scripts/gen-docs.mjs`. Do not edit by hand. -->',
    '',
    'A scenario file is YAML (`.yaml`, `.yml`) or JSON (`.json`). Unknown keys are errors. Every field below',
    'with a default may be left out; `amtsim validate FILE` checks a file and lists every problem at once.',
    'Editors can complete and check files with the JSON Schema in `docs/scenario.schema.json`',
    '(in VS Code with the YAML extension: a first line `# yaml-language-server: $schema=../docs/scenario.schema.json`).',
    '',
    '**Quantities with units.** Durations accept a number of days or text such as `30 days`, `18 months`,',
    '`2.5 years`; money accepts a number of dollars or `$40M`, `$1.2B`, `$250k`; rates accept a number per',
    'year or `0.2 per year`, `1 per month`. Internally the model uses days, dollars and events per year.',
    '',
    '**`extends`.** A file may name another file to start from (path relative to itself). The base is',
    'deep-merged with this file: mappings merge key by key, lists and single values are replaced. `name`,',
    '`title` and `description` are not inherited. Chains are allowed; cycles are errors.',
    '',
    '**`arms`.** Each arm is a deep-partial override of `{ world, policies }`, merged over the base the same',
    'way and then validated with the full schema, so every arm is a complete, defaulted parameter set. The base',
    '(`world` and `policies` without any arm) must be valid on its own. Without `arms` there is one arm named',
    '`baseline`. All arms share common random numbers (same seed, same replication streams).',
    '',
    `**\`run\` defaults.** ${Object.entries(RUN_DEFAULTS).map(([k, v]) => `\`${k}: ${v}\``).join(', ')}; these are`,
    'working choices (assumptions): 2 years of warm-up lets initial inventories and queues settle, and 22 years',
    'leaves 20 measured years, the span of the historical shortage record in calibration.md.',
    '',
  ];
  const top = { ...js, properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, k === 'arms' ? { type: 'object', description: v.description } : v])) };
  const lines2: string[] = [];
  renderObject('(top level)', top, 2, lines2);
  // Sections below the top level are rendered with their own paths ("run", "world.regulator", …).
  lines.push(...lines2.map((l) => l.replace(/`\(top level\)\./g, '`').replace('## `(top level)`', '## Top-level fields')));
  const armDoc: Json = {
    type: 'object',
    description: 'One arm (any name of letters, digits, "-" and "_"). `{}` or nothing means the base as is.',
    properties: {
      description: { type: 'string', description: 'What this arm represents (shown in reports).' },
      world: { type: 'object', description: 'Any subset of the fields of `world` (see above); merged over the base `world`.' },
      policies: { type: 'object', description: 'Any subset of the fields of `policies` (see above); merged over the base `policies`.' },
    },
  };
  renderObject('arms.<name>', armDoc, 3, lines);
  lines.push(
    '## `expect` conditions',
    '',
    '- `change: "<= -10%"` — the paired relative change of `arm` against `vs` (default: the reference arm);',
    '  the whole confidence interval of (arm − vs) / vs must satisfy the condition.',
    '- `change: "<= -50"` — the paired absolute difference (arm − vs), in the metric\'s unit.',
    '- `value: "<= 100"` — a bound on the mean of `arm` (default: the reference arm).',
    '',
    '## Metric names',
    '',
    '| Metric | Unit | Better | Description |',
    '| --- | --- | --- | --- |',
    ...Object.entries(METRICS as Record<string, MetricInfo>).map(([k, m]) => `| \`${k}\` | ${esc(m.unit)} | ${m.better} | ${esc(m.description)} |`),
    '',
  );
  return lines.join('\n');
}
