import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cliReferenceMarkdown } from '../src/cli/docs.js';
import { COMMANDS } from '../src/cli/commands.js';

describe('docs/cli.md', () => {
  it('is up to date with the command table (regenerate: npm run build && node scripts/gen-cli-docs.mjs)', () => {
    expect(fs.readFileSync(new URL('../docs/cli.md', import.meta.url), 'utf8')).toBe(cliReferenceMarkdown());
  });

  it('documents every option yargs actually accepts (checked against `amtsim <command> --help`)', () => {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      const r = spawnSync(process.execPath, ['dist/cli/main.js', name, '--help'], { encoding: 'utf8' });
      expect(r.status, `${name} --help`).toBe(0);
      const flags = new Set([...r.stdout.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]));
      for (const f of ['help', 'version']) flags.delete(f);
      for (const o of Object.keys(spec.options)) flags.delete(o), flags.delete(`no-${o}`);
      expect([...flags], `undocumented options of ${name}`).toEqual([]);
      for (const o of Object.keys(spec.options)) expect(r.stdout, `${name} --help lists --${o}`).toContain(`--${o}`);
    }
  });
});
