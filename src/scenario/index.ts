/**
 * The scenario-file layer: read YAML/JSON scenario files (with `extends` and `arms`), validate them
 * against the one scenario schema with clear, located errors, and generate the JSON Schema, the
 * reference documentation and a starter file from that schema.
 */
import type { PolicyParams } from '../model/policy/params.js';
import type { WorldParams } from '../model/params.js';
import { scenarioJsonSchemaWith, scenarioReferenceMarkdownWith } from './docs.js';
import { loadScenarioWith, validateScenarioFileWith, type ArmSpecOf, type LoadOptions, type ScenarioOf, type ValidationResult } from './load.js';
import { scenarioParts } from './schema.js';

export { ScenarioError, formatIssues, type ScenarioIssue } from './errors.js';
export type { Expectation, LoadOptions, ResolvedRun, SchemaParts, ValidationResult, ArmSpecOf, ScenarioOf } from './load.js';
export { loadScenarioWith, validateScenarioFileWith } from './load.js';
export { scenarioJsonSchemaWith, scenarioReferenceMarkdownWith } from './docs.js';
export { parseCondition, RUN_DEFAULTS, type ExpectOp } from './sections.js';
export { starterScenario } from './starter.js';
export { scenarioParts, scenarioSchema } from './schema.js';
export { duration, money, rate, parseDuration, parseMoney, parseRate, DAYS_PER_YEAR } from './units.js';

/** One arm: a complete, defaulted parameter set. */
export type ArmSpec = ArmSpecOf<WorldParams, PolicyParams>;
/** A loaded, validated scenario (see {@link loadScenario}). */
export type Scenario = ScenarioOf<WorldParams, PolicyParams>;

/**
 * Load and validate a scenario file (YAML or JSON), following `extends` and resolving `arms`.
 * @param opts.arms only these arms (the reference arm is always kept).
 * @throws {ScenarioError} listing every problem (file:line:col, field path, expected, found).
 * @example loadScenario('scenarios/baseline.yaml').arms[0].name // => 'baseline'
 */
export function loadScenario(file: string, opts: LoadOptions = {}): Scenario {
  return loadScenarioWith(scenarioParts, file, opts);
}

/**
 * Check a scenario file; never throws for user mistakes.
 * @example validateScenarioFile('x.yaml') // => { ok: false, issues: [...], message: '2 problems …' }
 */
export function validateScenarioFile(file: string, opts: LoadOptions = {}): ValidationResult {
  return validateScenarioFileWith(scenarioParts, file, opts);
}

/** JSON Schema (draft 2020-12) of scenario files, for editor completion and checks. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return scenarioJsonSchemaWith(scenarioParts);
}

/** The Markdown reference of scenario files (`docs/scenario-reference.md`). */
export function scenarioReferenceMarkdown(): string {
  return scenarioReferenceMarkdownWith(scenarioParts);
}

/**
 * The generated documentation files, by path relative to the repository root, with their exact
 * contents. `scripts/gen-docs.mjs` writes them; a test fails when the committed copies are stale.
 */
export function scenarioDocFiles(): Record<string, string> {
  return {
    'docs/scenario-reference.md': scenarioReferenceMarkdown(),
    'docs/scenario.schema.json': `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`,
  };
}
