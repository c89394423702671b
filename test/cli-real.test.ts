/**
 * End-to-end tests of `amtsim` with the real world model, scenario loader and charts, on a fast
 * variant of the small-market example (test/fixtures/tiny-real.yaml: 3 replications, 2 years).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../src/experiment/csv.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = path.join(ROOT, 'dist/cli/main.js');
const TINY = path.join(ROOT, 'test/fixtures/tiny-real.yaml');
let tmp: string;
const amtsim = (args: string[]) => {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const read = (...p: string[]) => fs.readFileSync(path.join(tmp, ...p));

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsim-cli-real-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('amtsim with the world model', () => {
  it('run: identical results with 1 and 2 workers; charts drawn; report written; one replication re-run alone', () => {
    const a = amtsim(['run', TINY, '-w', '1', '--out', 'w1', '--no-charts']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/expectation passed: cost.program_outlays of "all-incentives"/);
    const b = amtsim(['run', TINY, '-w', '2', '--out', 'w2']);
    expect(b.code, b.stderr).toBe(0);
    for (const f of ['summary.json', 'metrics.csv', 'differences.csv', 'series.csv', 'replications.csv', 'cost-effectiveness.csv']) {
      expect(read('w2', f).equals(read('w1', f)), f).toBe(true);
    }
    expect(fs.readdirSync(path.join(tmp, 'w2', 'charts')).some((f) => f.endsWith('.svg'))).toBe(true);
    const manifest = JSON.parse(read('w2', 'manifest.json').toString());
    expect(manifest.defaulted.length).toBeGreaterThan(0);
    expect(manifest.resolved).toBeTruthy();
    expect(amtsim(['report', 'w2']).code).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'w2', 'report.html'))).toBe(true);

    const one = amtsim(['run', TINY, '--only-replication', '1', '--out', 'r1', '--no-charts', '-q']);
    expect(one.code, one.stderr).toBe(0);
    const all = parseCsv(read('w1', 'replications.csv').toString());
    expect(parseCsv(read('r1', 'replications.csv').toString()).rows).toEqual(all.rows.filter((r) => r[1] === '1'));
  });

  it('validate accepts every example scenario and rejects a broken file with exit 2', () => {
    const examples = fs.readdirSync(path.join(ROOT, 'scenarios')).filter((x) => x.endsWith('.yaml'));
    const ok = amtsim(['validate', ...examples.map((f) => path.join(ROOT, 'scenarios', f))]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.match(/: OK/g)).toHaveLength(examples.length);
    fs.writeFileSync(path.join(tmp, 'broken.yaml'), 'name: broken\nrun:\n  replicatoins: 3\n');
    const bad = amtsim(['validate', 'broken.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken.yaml:3/);
    const run = amtsim(['run', 'broken.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('init writes a starter that validates; schema prints JSON Schema', () => {
    expect(amtsim(['init', 'my-study']).code).toBe(0);
    expect(amtsim(['validate', 'my-study.yaml']).code).toBe(0);
    expect(amtsim(['init', 'my-study']).code).toBe(2);
    const schema = JSON.parse(amtsim(['schema']).stdout);
    expect(schema.$schema).toMatch(/json-schema/);
  });
});
