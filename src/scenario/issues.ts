/**
 * Turning zod issues into scenario issues a policy researcher can act on: the field path, the
 * file and line, what was expected, what was found, and "did you mean" for misspelt keys and
 * options. One zod issue about several unknown keys becomes one issue per key, each at its line.
 */
import type { z } from 'zod';
import { didYouMean, preview, type ScenarioIssue } from './errors.js';
import { isPlainObject, locateIn, type SourceMap } from './merge.js';
import { formatPath, type Segment } from './source.js';

/** Minimal view of zod 4 schema internals used to find the keys an object accepts. */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  getter?: () => z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas that could describe `data` at the end of `path` (all union branches). */
function objectSchemasAt(schema: z.ZodType, path: readonly Segment[]): z.ZodType[] {
  let current: z.ZodType[] = [schema];
  const unwrap = (s: z.ZodType, depth = 0): z.ZodType[] => {
    if (depth > 20) return [];
    const d = defOf(s);
    switch (d.type) {
      case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional': case 'success':
        return unwrap(d.innerType!, depth + 1);
      case 'pipe':
        return unwrap(d.in!, depth + 1);
      case 'lazy':
        return unwrap(d.getter!(), depth + 1);
      case 'union':
        return d.options!.flatMap((o) => unwrap(o, depth + 1));
      case 'intersection':
        return [...unwrap(d.left!, depth + 1), ...unwrap(d.right!, depth + 1)];
      default:
        return [s];
    }
  };
  current = current.flatMap((s) => unwrap(s));
  for (const seg of path) {
    const next: z.ZodType[] = [];
    for (const s of current) {
      const d = defOf(s);
      if (d.type === 'object' && typeof seg === 'string' && d.shape && seg in d.shape) next.push(d.shape[seg]);
      else if (d.type === 'array' && typeof seg === 'number') next.push(d.element!);
      else if (d.type === 'tuple' && typeof seg === 'number' && d.items?.[seg]) next.push(d.items[seg]);
      else if (d.type === 'record') next.push(d.valueType!);
    }
    current = next.flatMap((s) => unwrap(s));
  }
  return current.filter((s) => defOf(s).type === 'object');
}

/** Keys accepted by the object schema(s) at `path`. */
export function knownKeysAt(schema: z.ZodType, path: readonly Segment[]): string[] {
  const keys = new Set<string>();
  for (const s of objectSchemasAt(schema, path)) for (const k of Object.keys(defOf(s).shape ?? {})) keys.add(k);
  return [...keys];
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const s of path) {
    if (isPlainObject(v) || Array.isArray(v)) v = (v as Record<PropertyKey, unknown>)[s];
    else return undefined;
  }
  return v;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number', int: 'an integer', string: 'a string', boolean: 'true or false', object: 'a mapping (key: value pairs)',
  array: 'a list', record: 'a mapping', null: 'null', bigint: 'an integer', literal: 'a fixed value', enum: 'one of the listed values',
};
const typeWord = (t: string) => TYPE_WORDS[t] ?? t;

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (isPlainObject(v)) return 'a mapping';
  return typeof v;
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin?: string }, small: boolean): string {
  const limit = Number(small ? issue.minimum : issue.maximum);
  const op = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
  switch (issue.origin) {
    case 'array': case 'set': return `a list with ${small ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'}`;
    case 'string': return `a string of ${small ? 'at least' : 'at most'} ${limit} character${limit === 1 ? '' : 's'}`;
    default: return `a number ${op} ${limit}`;
  }
}

export interface ConvertContext {
  /** Schema the data was validated with (to list known keys). */
  schema: z.ZodType;
  /** The data that was validated. */
  data: unknown;
  /** Where each path of `data` was written. */
  map: SourceMap;
  /** File to name when a path has no location. */
  file: string;
  arm?: string;
}

/** Convert zod issues to scenario issues (one per unknown key, unions resolved to the closest branch). */
export function convertIssues(issues: readonly z.core.$ZodIssue[], ctx: ConvertContext): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  const make = (rel: readonly PropertyKey[], message: string, expected?: string, found?: string): ScenarioIssue => {
    const segs = rel.map((s) => (typeof s === 'symbol' ? String(s) : s)) as Segment[];
    const loc = locateIn(ctx.map, segs);
    const shown = formatPath(segs);
    const issue: ScenarioIssue = { file: loc?.file ?? ctx.file, path: shown, message };
    if (loc) {
      issue.line = loc.line;
      issue.col = loc.col;
    }
    if (expected !== undefined) issue.expected = expected;
    if (found !== undefined) issue.found = found;
    if (ctx.arm) issue.arm = ctx.arm;
    return issue;
  };
  const visit = (iss: z.core.$ZodIssue, base: readonly PropertyKey[]) => {
    const rel = [...base, ...iss.path];
    const value = valueAt(ctx.data, rel);
    const found = preview(value);
    switch (iss.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(ctx.schema, rel as Segment[]);
        for (const key of iss.keys) {
          const hint = didYouMean(key, known);
          const list = !hint && known.length > 0 && known.length <= 12 ? ` (known keys: ${known.join(', ')})` : '';
          out.push(make([...rel, key], `unknown key "${key}"${hint}${list}`, known.length ? `one of ${known.join(', ')}` : 'no extra keys', JSON.stringify(key)));
        }
        return;
      }
      case 'invalid_type': {
        const expected = typeWord(iss.expected);
        if (value === undefined) out.push(make(rel, `required field is missing (expected ${expected})`, expected, 'missing'));
        else out.push(make(rel, `expected ${expected}, found ${kindOf(value) === typeof value ? found : `${kindOf(value)} ${found}`}`, expected, found));
        return;
      }
      case 'too_small': case 'too_big': {
        const expected = bound(iss as never, iss.code === 'too_small');
        const f = Array.isArray(value) ? `${value.length} item${value.length === 1 ? '' : 's'}` : found;
        out.push(make(rel, `expected ${expected}, found ${f}`, expected, f));
        return;
      }
      case 'invalid_value': {
        const values = iss.values.map((v) => JSON.stringify(v));
        const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
        const hint = typeof value === 'string' ? didYouMean(value, iss.values.filter((v): v is string => typeof v === 'string')) : '';
        out.push(make(rel, `expected ${expected}, found ${found}${hint}`, expected, found));
        return;
      }
      case 'invalid_union': {
        const u = iss as z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] };
        if (u.discriminator !== undefined || u.errors.length === 0) {
          const opts = (u.options ?? []).map((o) => JSON.stringify(o));
          const hint = typeof value === 'string' ? didYouMean(value, (u.options ?? []).map(String)) : '';
          const expected = opts.length ? `one of ${opts.join(', ')}` : 'one of the allowed forms';
          out.push(make(rel, `expected ${expected}, found ${found}${hint}`, expected, found));
          return;
        }
        // A branch whose issues all sit below this field matched its shape: report that branch.
        const deep = u.errors.filter((errs) => errs.length > 0 && errs.every((e) => e.path.length > 0));
        if (deep.length > 0) {
          const best = deep.reduce((a, b) => (b.length < a.length ? b : a));
          for (const e of best) visit(e, rel);
          return;
        }
        const custom = u.errors.flat().find((e) => e.code === 'custom');
        if (custom) {
          out.push(make(rel, custom.message, undefined, found));
          return;
        }
        const kinds = [...new Set(u.errors.flat().map((e) => (e.code === 'invalid_type' ? typeWord(e.expected) : e.code === 'invalid_value' ? e.values.map((v) => JSON.stringify(v)).join(' or ') : e.message)))];
        const expected = kinds.join(' or ');
        out.push(make(rel, `expected ${expected}, found ${found}`, expected, found));
        return;
      }
      case 'invalid_format': {
        const f = iss as z.core.$ZodIssueInvalidStringFormat & { pattern?: string };
        const expected = f.format === 'regex' && f.pattern ? `a string matching ${f.pattern}` : `a valid ${f.format}`;
        out.push(make(rel, `expected ${expected}, found ${found}${iss.message && f.format === 'regex' && !iss.message.startsWith('Invalid') ? ` (${iss.message})` : ''}`, expected, found));
        return;
      }
      case 'not_multiple_of': {
        const expected = `a multiple of ${String(iss.divisor)}`;
        out.push(make(rel, `expected ${expected}, found ${found}`, expected, found));
        return;
      }
      case 'invalid_key': {
        for (const e of iss.issues) out.push(make(rel, `invalid key: ${e.message}`, undefined, found));
        return;
      }
      case 'invalid_element': {
        for (const e of iss.issues) visit(e, rel);
        return;
      }
      default:
        // custom (refinements, unit parsers): their message already says what was expected.
        out.push(make(rel, iss.message, undefined, found));
    }
  };
  for (const iss of issues) visit(iss, []);
  return out;
}
