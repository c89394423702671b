/**
 * Loading a scenario file, generic over the domain schemas so the pipeline can be tested with
 * small fixture schemas. The pipeline:
 *
 *   read file (+ its `extends` chain)  →  deep-merge, keeping file:line for every path
 *     →  check the shell (header, run, arms, expect)  →  for the base and each arm: merge the arm's
 *        override over `{world, policies}` and validate with the full schema
 *     →  cross-check names (reference arm, expectations, --arms)  →  one ScenarioError with ALL issues
 *     →  Scenario (arms complete and defaulted, hash, resolved object, defaulted paths).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { METRICS, type RunSettings } from '../model/outputs.js';
import { didYouMean, formatIssues, ScenarioError, type ScenarioIssue } from './errors.js';
import { convertIssues } from './issues.js';
import { deepMerge, fileMap, isPlainObject, locateIn, mergedMap, prefixedMap, type SourceMap } from './merge.js';
import { armsSchema, expectationSchema, expectSchema, headerShape, NAME_PATTERN, runSchema, type ExpectOp } from './sections.js';
import { formatPath, readSource, ReadFailure, type Loc, type Segment } from './source.js';

/** The two domain sections of a scenario, as zod schemas. */
export interface SchemaParts<W extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType> {
  world: W;
  policies: P;
}

/** Run settings after defaults, in internal units (days). */
export interface ResolvedRun extends RunSettings {
  replications: number;
  referenceArm: string;
}

/** One arm: a complete, defaulted parameter set. */
export interface ArmSpecOf<W, P> {
  name: string;
  description?: string;
  world: W;
  policies: P;
}

/**
 * One assertion from `expect:`.
 * - `relative: true` (written with `%`): `threshold` is a fraction of the `vs` arm's mean
 *   (`"<= -10%"` → op '<=', threshold -0.1), compared with the paired relative difference.
 * - `relative: false` with `vs`: absolute paired difference (arm − vs) in the metric's unit.
 * - no `vs`: bound on the arm's own mean.
 * The condition must hold for the whole `confidence` interval.
 */
export interface Expectation {
  metric: string;
  arm: string;
  vs?: string;
  op: ExpectOp;
  threshold: number;
  relative: boolean;
  confidence: number;
  /** Readable restatement, e.g. `shortage.days of "grants" vs "status-quo": change <= -10% (95% confidence)`. */
  text: string;
}

/** A loaded, validated scenario. */
export interface ScenarioOf<W, P> {
  name: string;
  title: string;
  description: string;
  /** Absolute path of the scenario file. */
  file: string;
  /** Absolute paths of the file and its `extends` chain, the file first. */
  files: string[];
  /** sha256 (hex) over the contents of the file and its `extends` chain. */
  hash: string;
  run: ResolvedRun;
  /**
   * Arms in file order (filtered by `opts.arms`, the reference arm always kept). Treat as read-only:
   * arms without overrides share the base's parameter objects.
   */
  arms: ArmSpecOf<W, P>[];
  referenceArm: string;
  expect: Expectation[];
  /** Merged, defaulted scenario for the run manifest: base `world`/`policies` in internal units, arms as overrides. */
  resolved: Record<string, unknown>;
  /** Paths (e.g. `run.seed`, `world.regulator.reviewers`) whose values came from schema defaults. */
  defaulted: string[];
}

export interface LoadOptions {
  /** Only these arms (names as in the file); the reference arm is always kept. */
  arms?: string[];
}

/** Result of {@link validateScenarioFileWith}. */
export interface ValidationResult {
  ok: boolean;
  issues: ScenarioIssue[];
  /** Readable summary (the formatted issues, or a one-line "OK"). */
  message: string;
}

const NOT_INHERITED = ['name', 'title', 'description', 'extends'] as const;

interface Chain {
  value: Record<string, unknown>;
  map: SourceMap;
  files: string[];
  texts: string[];
}

/** Read a file and its `extends` chain and deep-merge them (the file wins). */
function readChain(file: string, seen: string[], from?: Loc & { what?: string }): Chain {
  const doc = readSource(file, from);
  const own = doc.value as Record<string, unknown>;
  const map = fileMap(doc.locs);
  if (own.extends === undefined) return { value: own, map, files: [doc.file], texts: [doc.text] };
  const at = doc.locs.get('extends') ?? { file: doc.file, line: 1, col: 1 };
  if (typeof own.extends !== 'string' || own.extends.trim() === '') {
    throw new ReadFailure([{ ...at, path: 'extends', message: `expected the path of a scenario file, found ${JSON.stringify(own.extends)}`, expected: 'a relative path such as baseline.yaml' }]);
  }
  const target = path.resolve(path.dirname(doc.file), own.extends);
  const chain = [...seen, doc.file];
  if (chain.includes(target)) {
    const cycle = [...chain.slice(chain.indexOf(target)), target].map((f) => path.basename(f)).join(' → ');
    throw new ReadFailure([{ ...at, path: 'extends', message: `extends cycle: ${cycle}` }]);
  }
  const parent = readChain(target, chain, { ...at, what: 'extends' });
  const pv = { ...parent.value };
  for (const k of NOT_INHERITED) delete pv[k];
  return {
    value: deepMerge(pv, own) as Record<string, unknown>,
    map: mergedMap({ value: pv, map: parent.map }, { value: own, map }),
    files: [doc.file, ...parent.files],
    texts: [doc.text, ...parent.texts],
  };
}

/** Shell schema: everything except the contents of `world` and `policies`. */
function shellSchema() {
  return z.strictObject({
    ...headerShape,
    run: runSchema,
    world: z.record(z.string(), z.unknown()).optional().describe('The supply-chain world.'),
    policies: z.record(z.string(), z.unknown()).optional().describe('Incentive policies.'),
    arms: armsSchema,
    expect: expectSchema,
  });
}

/** Paths present in `output` but absent from `input` (top-most only), i.e. filled by defaults. */
function defaultedPaths(input: unknown, output: unknown, at: Segment[], out: string[]): void {
  if (isPlainObject(output)) {
    const inp = isPlainObject(input) ? input : {};
    for (const k of Object.keys(output)) {
      if (inp[k] === undefined) {
        if (output[k] !== undefined) out.push(formatPath([...at, k]));
      } else defaultedPaths(inp[k], output[k], [...at, k], out);
    }
  } else if (Array.isArray(output) && Array.isArray(input) && input.length === output.length) {
    output.forEach((v, i) => defaultedPaths(input[i], v, [...at, i], out));
  }
}

function slug(file: string): string {
  const base = path.basename(file, path.extname(file)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return NAME_PATTERN.test(base) ? base : 'scenario';
}

function issueKey(i: ScenarioIssue): string {
  return `${i.file}\0${i.line ?? 0}\0${i.col ?? 0}\0${i.path}\0${i.message}`;
}

/**
 * Load and validate a scenario file against the given domain schemas.
 * @throws {ScenarioError} listing every problem found (file, line, path, expected, found).
 * @example loadScenarioWith({ world: worldSchema, policies: policiesSchema }, 'scenarios/baseline.yaml')
 */
export function loadScenarioWith<W extends z.ZodType, P extends z.ZodType>(
  parts: SchemaParts<W, P>,
  file: string,
  opts: LoadOptions = {},
): ScenarioOf<z.output<W>, z.output<P>> {
  // 1. Read the file and its extends chain.
  let chain: Chain;
  try {
    chain = readChain(path.resolve(file), []);
  } catch (e) {
    if (e instanceof ReadFailure) throw new ScenarioError(e.issues);
    throw e;
  }
  const top = chain.value;
  const map = chain.map;
  const mainFile = chain.files[0];
  const issues: ScenarioIssue[] = [];
  const at = (segs: Segment[]): Pick<ScenarioIssue, 'file' | 'line' | 'col' | 'path'> => {
    const l = locateIn(map, segs);
    return l ? { file: l.file, line: l.line, col: l.col, path: formatPath(segs) } : { file: mainFile, path: formatPath(segs) };
  };

  // 2. The shell: header, run, arms and expect.
  const shell = shellSchema();
  const shellResult = shell.safeParse(top);
  if (!shellResult.success) issues.push(...convertIssues(shellResult.error.issues, { schema: shell, data: top, map, file: mainFile }));
  const shellOut = shellResult.success ? shellResult.data : undefined;

  // 3. The base and each arm, validated with the full domain schema.
  const full = z.strictObject({ world: parts.world, policies: parts.policies });
  const base = { value: { world: top.world ?? {}, policies: top.policies ?? {} }, map };
  const baseResult = full.safeParse(base.value);
  const seen = new Set<string>();
  if (!baseResult.success) {
    for (const i of convertIssues(baseResult.error.issues, { schema: full, data: base.value, map, file: mainFile })) {
      seen.add(issueKey(i));
      issues.push(i);
    }
  }
  const rawArms = isPlainObject(top.arms) ? top.arms : undefined;
  const armNames = rawArms ? Object.keys(rawArms) : ['baseline'];
  if (rawArms && armNames.length === 0) issues.push({ ...at(['arms']), message: 'expected at least one arm under `arms:` (or leave `arms` out for a single "baseline" arm)' });
  const arms: ArmSpecOf<z.output<W>, z.output<P>>[] = [];
  for (const name of armNames) {
    const ov = rawArms?.[name];
    const override = isPlainObject(ov) ? ov : {};
    let out: { world: z.output<W>; policies: z.output<P> } | undefined;
    if (override.world === undefined && override.policies === undefined) {
      if (baseResult.success) out = baseResult.data as typeof out;
    } else {
      const armValue: Record<string, unknown> = {};
      if (override.world !== undefined) armValue.world = override.world;
      if (override.policies !== undefined) armValue.policies = override.policies;
      const armInput = deepMerge(base.value, armValue);
      const armMap = mergedMap(base, { value: armValue, map: prefixedMap(map, ['arms', name]) });
      const r = full.safeParse(armInput);
      if (r.success) out = r.data as typeof out;
      else {
        for (const i of convertIssues(r.error.issues, { schema: full, data: armInput, map: armMap, file: mainFile, arm: name })) {
          const k = issueKey({ ...i, arm: undefined });
          if (seen.has(k)) continue; // the same problem in the base, already reported once
          seen.add(k);
          issues.push(i);
        }
      }
    }
    if (out) arms.push({ name, ...(typeof override.description === 'string' ? { description: override.description } : {}), world: out.world, policies: out.policies });
  }

  // 4. Cross-references: reference arm, expectations, requested arms.
  const runIn = isPlainObject(top.run) ? top.run : {};
  const refGiven = typeof runIn.referenceArm === 'string' ? runIn.referenceArm : undefined;
  let referenceArm = refGiven ?? armNames[0];
  if (refGiven !== undefined && !armNames.includes(refGiven)) {
    issues.push({ ...at(['run', 'referenceArm']), message: `unknown reference arm "${refGiven}" (the arms are: ${armNames.join(', ')})${didYouMean(refGiven, armNames)}`, expected: `one of ${armNames.join(', ')}`, found: JSON.stringify(refGiven) });
    referenceArm = armNames[0];
  }
  const expectations: Expectation[] = [];
  const metricNames = Object.keys(METRICS);
  const rawExpect = Array.isArray(top.expect) ? (top.expect as unknown[]) : [];
  rawExpect.forEach((raw, i) => {
    if (!isPlainObject(raw)) return;
    // Parsed one by one so a mistake in one entry does not hide the cross-checks of the others.
    const parsed = expectationSchema.safeParse(raw);
    const e = parsed.success ? parsed.data : undefined;
    const p = (k: string) => at(['expect', i, k]);
    let ok = true;
    if (typeof raw.metric === 'string' && !metricNames.includes(raw.metric)) {
      issues.push({ ...p('metric'), message: `unknown metric "${raw.metric}"${didYouMean(raw.metric, metricNames)}`, expected: 'a metric name from the reference (e.g. shortage.days)', found: JSON.stringify(raw.metric) });
      ok = false;
    }
    for (const k of ['arm', 'vs'] as const) {
      const v = raw[k];
      if (typeof v === 'string' && !armNames.includes(v)) {
        issues.push({ ...p(k), message: `unknown arm "${v}" (the arms are: ${armNames.join(', ')})${didYouMean(v, armNames)}`, expected: `one of ${armNames.join(', ')}`, found: JSON.stringify(v) });
        ok = false;
      }
    }
    if (raw.change !== undefined && raw.arm === undefined) {
      issues.push({ ...at(['expect', i]), message: '`change` needs `arm`: the arm whose change (vs the reference arm or `vs`) is checked', expected: 'an arm name', found: 'missing' });
      ok = false;
    }
    if (!e || !ok) return;
    const arm = e.arm ?? referenceArm;
    if (e.change) {
      const vs = e.vs ?? referenceArm;
      if (vs === arm) {
        issues.push({ ...p(e.vs ? 'vs' : 'arm'), message: `\`change\` compares two different arms; "${arm}" is compared with itself${e.vs ? '' : ' (the reference arm)'}` });
        return;
      }
      expectations.push({ metric: e.metric, arm, vs, op: e.change.op, threshold: e.change.threshold, relative: e.change.percent, confidence: e.confidence, text: `${e.metric} of "${arm}" vs "${vs}": change ${e.change.text} (${+(e.confidence * 100).toFixed(2)}% confidence)` });
    } else if (e.value) {
      expectations.push({ metric: e.metric, arm, op: e.value.op, threshold: e.value.threshold, relative: false, confidence: e.confidence, text: `${e.metric} of "${arm}": mean ${e.value.text} (${+(e.confidence * 100).toFixed(2)}% confidence)` });
    }
  });
  let selected = armNames;
  if (opts.arms) {
    const wanted = [...new Set(opts.arms)];
    for (const w of wanted) {
      if (!armNames.includes(w)) issues.push({ file: mainFile, path: '', message: `unknown arm "${w}" requested with --arms (the scenario's arms are: ${armNames.join(', ')})${didYouMean(w, armNames)}`, expected: `one of ${armNames.join(', ')}`, found: JSON.stringify(w) });
    }
    selected = armNames.filter((n) => n === referenceArm || wanted.includes(n));
  }

  if (issues.length > 0) {
    const order = new Map(chain.files.map((f, i) => [f, i]));
    issues.sort((a, b) => (order.get(a.file) ?? 99) - (order.get(b.file) ?? 99) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
    throw new ScenarioError(issues);
  }

  // 5. The resolved scenario.
  const run = shellOut!.run;
  const name = shellOut!.name ?? slug(mainFile);
  const hash = createHash('sha256');
  for (const t of chain.texts) hash.update(t).update('\0');
  const defaulted: string[] = [];
  defaultedPaths(runIn, run, ['run'], defaulted);
  if (refGiven === undefined) defaulted.push('run.referenceArm');
  const baseOut = baseResult.data as { world: unknown; policies: unknown };
  defaultedPaths(base.value, baseOut, [], defaulted);
  const resolvedRun: ResolvedRun = {
    seed: run.seed,
    replications: run.replications,
    horizonDays: run.horizon,
    warmupDays: run.warmup,
    seriesStepDays: run.seriesStep,
    referenceArm,
  };
  const rel = (f: string) => path.relative(path.dirname(mainFile), f) || path.basename(f);
  return {
    name,
    title: shellOut!.title ?? name,
    description: shellOut!.description ?? '',
    file: mainFile,
    files: chain.files,
    hash: hash.digest('hex'),
    run: resolvedRun,
    arms: arms.filter((a) => selected.includes(a.name)),
    referenceArm,
    expect: expectations.filter((e) => selected.includes(e.arm) && (e.vs === undefined || selected.includes(e.vs))),
    resolved: {
      name,
      title: shellOut!.title ?? name,
      description: shellOut!.description ?? '',
      ...(chain.files.length > 1 ? { extends: chain.files.slice(1).map(rel) } : {}),
      run: resolvedRun,
      world: baseOut.world,
      policies: baseOut.policies,
      arms: Object.fromEntries(armNames.filter((n) => selected.includes(n)).map((n) => [n, rawArms?.[n] ?? {}])),
      expect: expectations,
    },
    defaulted,
  };
}

/**
 * Check a scenario file without throwing for user mistakes.
 * @example validateScenarioFileWith(parts, 'x.yaml').message // => 'x.yaml: OK — 2 arms (…), …'
 */
export function validateScenarioFileWith(parts: SchemaParts, file: string, opts: LoadOptions = {}): ValidationResult {
  try {
    const s = loadScenarioWith(parts, file, opts);
    const years = (d: number) => +(d / 365.25).toFixed(2);
    return {
      ok: true,
      issues: [],
      message: `${path.relative(process.cwd(), s.file) || s.file}: OK — scenario "${s.name}", ${s.arms.length} arm${s.arms.length === 1 ? '' : 's'} (${s.arms.map((a) => a.name).join(', ')}), ${s.run.replications} replications, ${years(s.run.horizonDays)} years (${years(s.run.warmupDays)} warm-up), ${s.expect.length} expectation${s.expect.length === 1 ? '' : 's'}`,
    };
  } catch (e) {
    if (e instanceof ScenarioError) return { ok: false, issues: e.issues, message: formatIssues(e.issues) };
    throw e;
  }
}
