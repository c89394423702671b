/**
 * The example output committed under results/policy-comparison/ is what the README's headline job
 * (`npm run headline`) writes. Runs are deterministic, so re-running the job must regenerate every
 * committed file identically, apart from the manifest's timestamps and invocation details.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const committed = path.join(root, 'results', 'policy-comparison');
const headline = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.headline as string;

/** Files of a directory, relative, sorted. */
function walk(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]))
    .sort();
}

/** Files git tracks under results/policy-comparison (the committed example). */
function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--', 'results/policy-comparison'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((f) => path.relative('results/policy-comparison', f)).sort();
}

/** The manifest without what legitimately differs between two runs of the same job. */
function stableManifest(text: string): unknown {
  const m = JSON.parse(text) as Record<string, unknown>;
  for (const k of ['startTime', 'endTime', 'command', 'workers', 'node', 'platform']) delete m[k];
  return m;
}

const inGit = fs.existsSync(path.join(root, '.git'));

describe('results/policy-comparison (the README headline job)', () => {
  it('the README headline command writes into results/policy-comparison', () => {
    expect(headline).toContain('scenarios/policy-comparison.yaml');
    expect(headline).toContain('--out results/policy-comparison');
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('npm run headline');
  });

  it.skipIf(!inGit)('is regenerated identically by re-running the headline job', () => {
    const files = trackedFiles();
    expect(files).toContain('summary.json');
    expect(files.some((f) => f.startsWith('charts/') && f.endsWith('.svg'))).toBe(true);

    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsim-headline-'));
    try {
      // The same arguments as `npm run headline`, into a temporary directory.
      const args = headline.split('&&').pop()!.trim().split(/\s+/).slice(1);
      const outAt = args.indexOf('--out');
      args[outAt + 1] = path.join(out, 'policy-comparison');
      execFileSync(process.execPath, [...args, '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
      const fresh = path.join(out, 'policy-comparison');
      const produced = new Set(walk(fresh));
      for (const f of files) {
        expect(produced.has(f), `${f} is produced by the headline job`).toBe(true);
        const a = fs.readFileSync(path.join(committed, f), 'utf8');
        const b = fs.readFileSync(path.join(fresh, f), 'utf8');
        if (f === 'manifest.json') expect(stableManifest(b)).toEqual(stableManifest(a));
        else expect(b === a, `${f} differs from the committed example: re-run \`npm run headline\` and commit`).toBe(true);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 600_000);
});
