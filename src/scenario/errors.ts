/**
 * User-facing problems with scenario files: the issue record, the error that carries a list of
 * them, and the small text helpers (value previews, "did you mean") every message uses. All
 * wording of scenario-file messages lives here or in `issues.ts`, so tests and the CLI see one voice.
 */
import path from 'node:path';

/** One problem found in a scenario file. */
export interface ScenarioIssue {
  /** Absolute path of the file the problem is in (an `extends` base, if that is where it was written). */
  file: string;
  /** 1-based line and column of the offending key or value, when known. */
  line?: number;
  col?: number;
  /** Path of the field in the merged scenario, e.g. `world.products[3].demand`; '' for the whole file. */
  path: string;
  /** Full sentence, e.g. 'expected a number ≥ 0, found -3'. */
  message: string;
  /** What the field must be (when the problem is about a value). */
  expected?: string;
  /** The offending value, truncated (`missing` when absent). */
  found?: string;
  /** Arm whose override produced the problem, when it came from an arm. */
  arm?: string;
}

/** Format a file for messages: relative to the working directory when inside it. */
export function displayFile(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** One issue as `file:line:col: path: message`. */
export function formatIssue(issue: ScenarioIssue): string {
  const where = displayFile(issue.file) + (issue.line ? `:${issue.line}:${issue.col ?? 1}` : '');
  const field = issue.path ? ` ${issue.path}:` : '';
  const arm = issue.arm ? ` (arm "${issue.arm}")` : '';
  return `${where}:${field} ${issue.message}${arm}`;
}

/** Readable multi-line report of several issues (no stack trace). */
export function formatIssues(issues: readonly ScenarioIssue[]): string {
  if (issues.length === 0) return 'no problems';
  const head = issues.length === 1 ? '1 problem in scenario file:' : `${issues.length} problems in scenario file:`;
  return [head, ...issues.map((i) => `  ${formatIssue(i)}`)].join('\n');
}

/**
 * A user mistake in a scenario file (or in the arms asked for). `.issues` lists every problem
 * found; `.format()` gives the readable report the CLI prints.
 */
export class ScenarioError extends Error {
  readonly issues: ScenarioIssue[];
  constructor(issues: ScenarioIssue[]) {
    super(formatIssues(issues));
    this.name = 'ScenarioError';
    this.issues = issues;
  }
  /** The multi-line report, without a stack trace. */
  format(): string {
    return formatIssues(this.issues);
  }
}

/** Short preview of a value for messages: JSON, truncated to `max` characters. */
export function preview(value: unknown, max = 60): string {
  if (value === undefined) return 'nothing (the field is missing)';
  let text: string;
  if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) => [i, ...new Array<number>(m).fill(0)]);
  for (let j = 0; j <= m; j++) d[0][j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

/**
 * The candidate closest to `word`, if close enough to be a plausible typo: equal ignoring case
 * and `-`/`_`, or within an edit distance of about a third of the word (at least 1, at most 3).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const d = norm(c) === norm(word) ? 0 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  return bestD <= limit ? best : undefined;
}

/** ` — did you mean "x"?` or ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` — did you mean "${c}"?`;
}
