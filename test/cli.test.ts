/**
 * End-to-end tests of the `amtsim` command: spawn `node dist/cli/main.js` (built by the test
 * command) with the toy model (test/fixtures/toy-model.mjs via --model), check exit codes, files,
 * determinism across worker counts, interruption and single-replication re-runs.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../src/experiment/csv.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = path.join(ROOT, 'dist/cli/main.js');
const MODEL = path.join(ROOT, 'test/fixtures/toy-model.mjs');
const TOY = path.join(ROOT, 'test/fixtures/toy.json');
let tmp: string;
const env = { ...process.env, CI: 'true' };

function amtsim(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const run = (out: string, ...more: string[]) => amtsim(['run', TOY, '--model', MODEL, '--out', out, '--no-charts', ...more]);
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsim-cli-'));
  expect(fs.existsSync(MAIN), 'dist/cli/main.js missing: run npm run build').toBe(true);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('amtsim run', () => {
  it('exits 0, prints the headline table on stdout and writes every results file', () => {
    const r = run(path.join(tmp, 'ok'), '-w', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Shortage-days\s+status-quo \(ref\)/);
    expect(r.stdout).toMatch(/grants .*\[.*\].*%/);
    expect(r.stderr).toContain('results:');
    const files = fs.readdirSync(path.join(tmp, 'ok')).sort();
    expect(files).toEqual(['cost-effectiveness.csv', 'differences.csv', 'manifest.json', 'metrics.csv', 'replications.csv', 'series.csv', 'summary.json']);
    const manifest = JSON.parse(fs.readFileSync(path.join(tmp, 'ok', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ amtsimVersion: '0.1.0', seed: 7, replications: 12, workers: 2, shard: { from: 0, to: 12 } });
    expect(manifest.command.slice(0, 2)).toEqual(['amtsim', 'run']);
    expect(manifest.scenario.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes byte-identical summary.json and CSVs with --workers 1 and --workers 2', () => {
    expect(run(path.join(tmp, 'w1'), '-w', '1', '-n', '25', '--seed', '99').code).toBe(0);
    expect(run(path.join(tmp, 'w2'), '-w', '2', '-n', '25', '--seed', '99').code).toBe(0);
    for (const f of ['summary.json', 'metrics.csv', 'differences.csv', 'series.csv', 'replications.csv', 'cost-effectiveness.csv']) {
      expect(fs.readFileSync(path.join(tmp, 'w2', f)).equals(fs.readFileSync(path.join(tmp, 'w1', f))), f).toBe(true);
    }
  });

  it('--only-replication reproduces that replication\'s rows of replications.csv', () => {
    expect(run(path.join(tmp, 'full'), '-w', '2').code).toBe(0);
    expect(run(path.join(tmp, 'r5'), '--only-replication', '5').code).toBe(0);
    const full = parseCsv(fs.readFileSync(path.join(tmp, 'full', 'replications.csv'), 'utf8'));
    const one = parseCsv(fs.readFileSync(path.join(tmp, 'r5', 'replications.csv'), 'utf8'));
    expect(one.rows).toEqual(full.rows.filter((row) => row[1] === '5'));
    expect(one.rows.map((row) => row[0])).toEqual(['status-quo', 'grants']);
  });

  it('exits 2 with a plain message (no stack) for user errors', () => {
    const missing = run(path.join(tmp, 'x'), '--until-precision', 'lots');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--until-precision expects a share such as 5%/);
    noStack(missing.stderr);
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ world: { rate: 'many' } }));
    const r = amtsim(['run', bad, '--model', MODEL, '--no-charts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/world.rate: expected a number/);
    noStack(r.stderr);
    const unknown = amtsim(['run', TOY, '--replicatoins', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown argument: replicatoins/);
    expect(amtsim(['run', TOY, '--model', MODEL, '--arms', 'nope', '--no-charts']).code).toBe(2);
    expect(fs.existsSync(path.join(tmp, 'x'))).toBe(false);
  });

  it('exits 3 when an expectation fails, naming it with the numbers; 0 when all pass', () => {
    const pass = path.join(tmp, 'pass.yaml');
    fs.writeFileSync(pass, 'expect:\n  - metric: shortage.days\n    arm: grants\n    change: "<= -10%"\n    confidence: 0.95\n');
    const fail = path.join(tmp, 'fail.yaml');
    fs.writeFileSync(fail, 'expect:\n  - metric: shortage.days\n    arm: grants\n    change: "<= -50%"\n  - metric: cost.program_outlays\n    arm: grants\n    value: "< 2000000"\n');
    const ok = run(path.join(tmp, 'e1'), '--expect', pass);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/expectation passed: shortage.days of "grants" vs "status-quo": change <= -10%/);
    const bad = run(path.join(tmp, 'e2'), '--expect', fail);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/expectation FAILED: shortage.days of "grants" vs "status-quo": change <= -50% \(95% confidence\)\n\s+relative change .*estimate -\d+.*upper bound -\d+.*required <= -50/);
    expect(bad.stderr).not.toMatch(/FAILED: cost.program_outlays/);
    expect(fs.existsSync(path.join(tmp, 'e2', 'summary.json'))).toBe(true);
  });

  it('--json prints a machine-readable result and --summary-md a Markdown summary', () => {
    const md = path.join(tmp, 'summary.md');
    const r = run(path.join(tmp, 'j'), '--json', '--quiet', '--summary-md', md);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.outDir).toBe(path.join(tmp, 'j'));
    expect(j.arms).toEqual(['status-quo', 'grants']);
    expect(j.metrics.some((m: { metric: string }) => m.metric === 'shortage.days')).toBe(true);
    const text = fs.readFileSync(md, 'utf8');
    expect(text).toMatch(/^## Toy two-arm scenario/);
    expect(text).toMatch(/\| Shortage-days \| grants \|/);
    expect(text).toContain('](j)');
  });

  it('Ctrl-C (SIGINT) stops the run, exits 130 and leaves no partial files', async () => {
    const out = path.join(tmp, 'interrupted');
    const slow = path.join(tmp, 'slow.json');
    fs.writeFileSync(slow, JSON.stringify({ name: 'slow', run: { seed: 1, replications: 100000 }, world: { rate: 12, meanDuration: 60, spin: 20000 } }));
    const child = spawn(process.execPath, [MAIN, 'run', slow, '--model', MODEL, '--out', out, '-w', '2', '--no-charts'], { cwd: tmp, env });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Interrupt once replications are being reduced (the first progress line, after ~2 s).
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (stderr.includes('progress:')) {
          clearInterval(timer);
          child.kill('SIGINT');
          resolve();
        }
      }, 20);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: .*no results were kept/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('partial'))).toEqual([]);
  });
});

describe('amtsim (other commands)', () => {
  it('--version and --help exit 0; no command exits 2', () => {
    expect(amtsim(['--version']).stdout.trim()).toBe('0.1.0');
    expect(amtsim(['--help']).code).toBe(0);
    expect(amtsim([]).code).toBe(2);
  });
  it('charts/report on a folder that is not a results directory exit 2', () => {
    const r = amtsim(['charts', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a results directory/);
  });
});
