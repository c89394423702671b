/**
 * `--expect FILE`: extra expectations in the scenario's `expect:` syntax, read from a YAML or JSON
 * file holding either an `expect:` list or a bare list.
 */
import fs from 'node:fs';
import YAML from 'yaml';
import { expectSchema } from '../scenario/sections.js';
import { METRIC_NAMES } from '../model/outputs.js';
import { UserError } from './errors.js';
import type { Expectation } from './types.js';

/** Parse and check an expectations file against the arms of the loaded scenario. */
export function readExpectationsFile(file: string, arms: string[], referenceArm: string): Expectation[] {
  let raw: unknown;
  try {
    raw = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`--expect ${file}: cannot read: ${(e as Error).message}`);
  }
  const list = Array.isArray(raw) ? raw : (raw as { expect?: unknown } | null)?.expect;
  const parsed = expectSchema.safeParse(list);
  if (!parsed.success || parsed.data === undefined) {
    const why = parsed.success ? 'expected a list of expectations (or an `expect:` list)' : parsed.error.issues.map((i) => `expect[${i.path.join('.')}]: ${i.message}`).join('; ');
    throw new UserError(`--expect ${file}: ${why}`);
  }
  return parsed.data.map((e, i) => {
    const where = `--expect ${file}: entry ${i + 1}`;
    if (!METRIC_NAMES.includes(e.metric as (typeof METRIC_NAMES)[number])) throw new UserError(`${where}: unknown metric "${e.metric}"`);
    const arm = e.arm ?? referenceArm;
    for (const a of [arm, e.vs]) if (a !== undefined && !arms.includes(a)) throw new UserError(`${where}: unknown arm "${a}" (the arms are: ${arms.join(', ')})`);
    const conf = `${+(e.confidence * 100).toFixed(2)}% confidence`;
    if (e.change) {
      if (e.arm === undefined) throw new UserError(`${where}: \`change\` needs \`arm\``);
      const vs = e.vs ?? referenceArm;
      return { metric: e.metric, arm, vs, op: e.change.op, threshold: e.change.threshold, relative: e.change.percent, confidence: e.confidence, text: `${e.metric} of "${arm}" vs "${vs}": change ${e.change.text} (${conf})` };
    }
    const v = e.value!;
    return { metric: e.metric, arm, op: v.op, threshold: v.threshold, relative: false, confidence: e.confidence, text: `${e.metric} of "${arm}": mean ${v.text} (${conf})` };
  });
}
