/**
 * Reading one scenario file (YAML or JSON) into plain data plus a map from every field path to
 * the file, line and column where it was written, so later stages can point at the user's text.
 *
 * Safety: YAML is parsed with the plain YAML 1.2 core schema — no custom tags, no `<<` merge
 * keys, string keys only, at most 100 alias expansions — so a file can never run code or blow up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { preview, type ScenarioIssue } from './errors.js';

/** A path segment: object key or array index. */
export type Segment = string | number;

/** Where something was written. */
export interface Loc {
  file: string;
  line: number;
  col: number;
}

/** Map from {@link formatPath} strings to locations. */
export type LocMap = Map<string, Loc>;

/** The contents of one file, located. */
export interface SourceDoc {
  /** Absolute path. */
  file: string;
  text: string;
  value: unknown;
  locs: LocMap;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Format a path the way users read it.
 * @example formatPath(['world', 'products', 3, 'demand']) // => 'world.products[3].demand'
 */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) out = typeof s === 'number' ? `${out}[${s}]` : childPath(out, String(s));
  return out;
}

/** The path of key `key` below the formatted path `at`. */
function childPath(at: string, key: string): string {
  if (IDENT.test(key)) return at ? `${at}.${key}` : key;
  return `${at}[${JSON.stringify(key)}]`;
}

/** File extensions accepted, and how each is read. */
export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** Throwable carrier of issues found while reading (converted to a ScenarioError by the loader). */
export class ReadFailure {
  constructor(readonly issues: ScenarioIssue[]) {}
}

/**
 * Read and parse one scenario file.
 * @throws {ReadFailure} when the file is missing, has the wrong extension or cannot be parsed.
 */
export function readSource(file: string, from?: Loc & { what?: string }): SourceDoc {
  const abs = path.resolve(file);
  const at = from ? { file: from.file, line: from.line, col: from.col, path: from.what ?? '' } : { file: abs, path: '' };
  const ext = path.extname(abs).toLowerCase();
  if (!(SCENARIO_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new ReadFailure([{ ...at, message: `scenario files must end in .yaml, .yml or .json; found ${JSON.stringify(path.basename(abs))}`, expected: '.yaml, .yml or .json', found: ext || '(no extension)' }]);
  }
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new ReadFailure([{ ...at, message: `cannot read scenario file ${abs}: ${why}` }]);
  }
  return parseSource(abs, text, ext === '.json' ? 'json' : 'yaml');
}

/** Parse text already read (exported for tests and for in-memory scenarios). */
export function parseSource(file: string, text: string, format: 'yaml' | 'json'): SourceDoc {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    schema: format === 'json' ? 'json' : 'core',
    version: '1.2',
    merge: false,
    uniqueKeys: true,
    stringKeys: true,
    strict: true,
    prettyErrors: false,
    logLevel: 'silent',
  });
  const pos = (offset: number): Loc => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  const issues: ScenarioIssue[] = [];
  // Warnings (e.g. an unknown `!tag`) are errors here: a scenario must mean exactly what it says.
  for (const e of [...doc.errors, ...doc.warnings]) {
    const loc = pos(e.pos[0]);
    let message: string;
    if (e.code === 'DUPLICATE_KEY') {
      const key = /^\s*["']?([^"':\n]+)/.exec(text.slice(e.pos[0], e.pos[0] + 200))?.[1]?.trim();
      message = `duplicate key${key ? ` "${key}"` : ''}: each key (and each arm name) may appear only once in a mapping`;
    } else if (e.code === 'TAG_RESOLVE_FAILED' || /tag/i.test(e.message)) {
      message = `unsupported YAML tag (custom tags are not allowed in scenario files): ${firstLine(e.message)}`;
    } else {
      message = `${format === 'json' ? 'JSON' : 'YAML'} syntax error: ${firstLine(e.message)}`;
    }
    issues.push({ ...loc, path: '', message });
  }
  if (format === 'json' && issues.length === 0) {
    // The YAML parser accepts JSON supersets (comments, unquoted keys); a .json file must be plain JSON.
    try {
      JSON.parse(text);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      issues.push({ ...(m ? pos(Number(m[1])) : { file }), path: '', message: `JSON syntax error: ${firstLine((e as Error).message)}` });
    }
  }
  if (issues.length) throw new ReadFailure(issues);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ReadFailure([{ file, path: '', message: `cannot read the YAML: ${firstLine((e as Error).message)}` }]);
  }
  if (value === null || value === undefined) {
    throw new ReadFailure([{ file, line: 1, col: 1, path: '', message: 'the file is empty; expected a mapping with at least `name`, `world` and `policies`', expected: 'a mapping', found: 'nothing' }]);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ReadFailure([{ file, line: 1, col: 1, path: '', message: `expected a mapping of scenario fields at the top level, found ${preview(value)}`, expected: 'a mapping', found: preview(value) }]);
  }
  const locs: LocMap = new Map();
  locs.set('', { file, line: 1, col: 1 });
  // Paths are built as strings while walking (no per-node arrays): national files have ~10^5 nodes.
  const walk = (node: unknown, at: string) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = childPath(at, key);
        const start = (pair.key as YamlNode | null)?.range?.[0] ?? (pair.value as YamlNode | null)?.range?.[0];
        if (start !== undefined) locs.set(child, pos(start));
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const child = `${at}[${i}]`;
        const start = (item as YamlNode | null)?.range?.[0];
        if (start !== undefined) locs.set(child, pos(start));
        walk(item, child);
      });
    }
    // Paths inside an alias resolve to the alias itself (longest located prefix); nothing to add.
  };
  walk(doc.contents, '');
  return { file, text, value, locs };
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
