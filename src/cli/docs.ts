/**
 * docs/cli.md, rendered from the command table that also builds the yargs parser.
 * Regenerate with `node scripts/gen-cli-docs.mjs` (after `npm run build`).
 */
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec } from './commands.js';

function optionRow(name: string, o: CommandSpec['options'][string]): string {
  const alias = o.alias ? `, ${([] as string[]).concat(o.alias as string | string[]).map((a) => (a.length === 1 ? `-${a}` : `--${a}`)).join(', ')}` : '';
  const flag = o.type === 'boolean' && o.default === true ? `--${name} / --no-${name}` : `--${name}`;
  const def = o.default === undefined ? '' : `\`${JSON.stringify(o.default)}\``;
  return `| \`${flag}\`${alias} | ${o.type ?? ''} | ${def} | ${o.describe.replace(/\|/g, '\\|')} |`;
}

/** The Markdown reference of every command and option. */
export function cliReferenceMarkdown(): string {
  const out: string[] = [
    '# amtsim command line',
    '',
    '<!-- Generated from src/cli/commands.ts by scripts/gen-cli-docs.mjs; do not edit by hand. -->',
    '',
    'Logs and progress go to stderr; stdout carries the result (a table, or JSON with `--json`).',
    '',
    '| command | what it does |',
    '| --- | --- |',
  ];
  for (const [name, c] of Object.entries(COMMANDS) as [string, CommandSpec][]) out.push(`| [\`${c.command}\`](#${name}) | ${c.describe} |`);
  out.push('', `Every command accepts ${Object.keys(GLOBAL_OPTIONS).map((k) => `\`--${k}\``).join(' and ')}.`, '');
  for (const [name, c] of Object.entries(COMMANDS) as [string, CommandSpec][]) {
    out.push(`## ${name}`, '', '```', `amtsim ${c.command}`, '```', '', c.describe, '');
    const pos = Object.entries(c.positionals);
    if (pos.length) {
      out.push('| argument | description |', '| --- | --- |');
      for (const [p, d] of pos) out.push(`| \`<${p}>\` | ${d.describe} |`);
      out.push('');
    }
    const opts = Object.entries(c.options);
    if (opts.length) {
      out.push('| option | type | default | description |', '| --- | --- | --- | --- |');
      for (const [o, d] of opts) out.push(optionRow(o, d));
      out.push('');
    }
    if (c.examples.length) {
      out.push('Examples:', '', '```sh');
      for (const [cmd, what] of c.examples) out.push(`${cmd}    # ${what}`);
      out.push('```', '');
    }
    if (c.notes) out.push(c.notes, '');
  }
  out.push(
    '## Library use',
    '',
    'The CLI is a thin layer over the library; the same run from a script or notebook:',
    '',
    '```ts',
    "import { runScenario } from 'amtsim';",
    '',
    "const r = await runScenario('scenarios/policy-comparison.yaml', {",
    "  replications: 50, workers: 2, outDir: 'results/pc', // or noWrite: true",
    "  untilPrecision: 0.05, onProgress: (p) => console.error(p.replications),",
    '});',
    "r.summary.differences.filter((d) => d.metric === 'shortage.days');",
    '```',
    '',
    'Options mirror the `run` flags (`replications`, `seed`, `workers`, `outDir`, `arms`, `untilPrecision`, `maxReplications`, ' +
      '`onlyReplication`, `expect`, `signal` for cancellation, `model` for another model module). Results are identical for any number of workers: ' +
      'replications are reduced in a fixed order (replication, then arm).',
    '',
  );
  return out.join('\n');
}
