/**
 * The command-line interface as data: every command, positional and option with its help text.
 * `main.ts` builds the yargs parser from this table and `docs.ts` renders docs/cli.md from it, so
 * the reference cannot drift from the parser (a test checks the file is current).
 */
import type { Options, PositionalOptions } from 'yargs';

export interface CommandSpec {
  /** yargs command string, e.g. `run <scenario>`. */
  command: string;
  describe: string;
  positionals: Record<string, PositionalOptions & { describe: string }>;
  options: Record<string, Options & { describe: string }>;
  examples: [string, string][];
  /** Longer notes for the reference page. */
  notes?: string;
}

export const COMMANDS = {
  run: {
    command: 'run <scenario>',
    describe: 'Run every arm of a scenario over many replications (common random numbers) and write the results directory.',
    positionals: { scenario: { type: 'string', describe: 'Scenario file (YAML or JSON).' } },
    options: {
      replications: { alias: 'n', type: 'number', describe: "Replications per arm (default: the scenario's run.replications). With --until-precision: the first batch." },
      seed: { type: 'string', describe: "Master seed (default: the scenario's run.seed). Numeric strings are used as numbers." },
      workers: { alias: 'w', type: 'number', describe: 'Worker threads (default: all available cores). Results are identical for any value.' },
      out: { alias: 'o', type: 'string', describe: 'Results directory (default: results/<scenario>/<UTC timestamp>). An earlier results directory there is replaced.' },
      arms: { type: 'string', describe: 'Comma-separated arms to run (the reference arm is always included).' },
      'until-precision': { type: 'string', describe: 'Add replications until the 95% CI half-width of every headline metric is within this share of |mean| in every arm, e.g. 5%.' },
      'max-replications': { type: 'number', default: 2000, describe: 'Cap on replications per arm for --until-precision.' },
      'only-replication': { type: 'number', describe: 'Re-run only this replication index (all arms); reproduces its rows of replications.csv.' },
      quiet: { alias: 'q', type: 'boolean', default: false, describe: 'No progress or log lines on stderr.' },
      json: { type: 'boolean', default: false, describe: 'Print a machine-readable result on stdout instead of the table.' },
      'summary-md': { type: 'string', describe: 'Also write a Markdown summary (tables and chart links) to this file, e.g. $GITHUB_STEP_SUMMARY.' },
      expect: { type: 'string', describe: 'YAML/JSON file with more expectations (an `expect:` list in the scenario syntax).' },
      charts: { type: 'boolean', default: true, describe: 'Draw charts and the HTML report into the results directory (--no-charts to skip).' },
      model: { type: 'string', hidden: false, describe: 'Advanced: model module to run instead of the built world model (must export simulateReplication; may export loadScenario).' },
    },
    examples: [
      ['amtsim run scenarios/policy-comparison.yaml', 'All arms, scenario defaults, all cores'],
      ['amtsim run s.yaml -n 50 -w 2 --out results/quick', 'Quick run into a fixed directory'],
      ['amtsim run s.yaml --until-precision 5% --max-replications 1000', 'Run until headline metrics are precise to ±5%'],
      ['amtsim run s.yaml --only-replication 17 --out /tmp/r17', 'Re-run replication 17 alone'],
    ],
    notes:
      'Exit codes: 0 success; 1 internal error; 2 user error (scenario file, options); 3 an expectation failed; 130 interrupted (Ctrl-C: workers stop, temporary files are removed, nothing partial is kept).\n\n' +
      'Results directory: manifest.json, summary.json, metrics.csv, differences.csv, series.csv, replications.csv, cost-effectiveness.csv (and charts/ and report.html unless --no-charts). ' +
      'All files are written under a temporary name and renamed into place at the end.\n\n' +
      'Expectations pass when the one-sided interval at their confidence lies entirely on the required side: e.g. `change: "<= -10%"` with confidence 0.95 passes when the upper 95% bound of the relative paired difference is ≤ −10%.',
  },
  validate: {
    command: 'validate <files..>',
    describe: 'Check scenario files and report every problem (file, line, field, expected, found).',
    positionals: { files: { type: 'string', array: true, describe: 'One or more scenario files.' } },
    options: {},
    examples: [['amtsim validate scenarios/*.yaml', 'Exit 0 when all are valid, 2 with the problems otherwise']],
  },
  init: {
    command: 'init <name>',
    describe: 'Write a commented starter scenario <name>.yaml in the current directory.',
    positionals: { name: { type: 'string', describe: 'Scenario name (lower-case letters, digits, "-"); also the file name.' } },
    options: { force: { type: 'boolean', default: false, describe: 'Overwrite an existing file.' } },
    examples: [['amtsim init my-policy', 'Creates my-policy.yaml']],
  },
  calibrate: {
    command: 'calibrate <file>',
    describe: "Run a scenario's reference arm and compare the model with the historical calibration targets.",
    positionals: { file: { type: 'string', describe: 'Scenario file.' } },
    options: {
      replications: { alias: 'n', type: 'number', describe: "Replications (default: the scenario's run.replications)." },
      arm: { type: 'string', describe: 'Arm to calibrate (default: the reference arm).' },
      json: { type: 'boolean', default: false, describe: 'Print the calibration report as JSON.' },
    },
    examples: [['amtsim calibrate scenarios/baseline.yaml -n 20', 'Targets met / unmet table']],
  },
  charts: {
    command: 'charts <results>',
    describe: 'Draw (or redraw) the charts of a results directory from its summary.json.',
    positionals: { results: { type: 'string', describe: 'Results directory.' } },
    options: {},
    examples: [['amtsim charts results/policy-comparison', 'Writes results/policy-comparison/charts/']],
  },
  report: {
    command: 'report <results>',
    describe: 'Write a self-contained HTML report of a results directory.',
    positionals: { results: { type: 'string', describe: 'Results directory.' } },
    options: {},
    examples: [['amtsim report results/policy-comparison', 'Writes results/policy-comparison/report.html']],
  },
  schema: {
    command: 'schema',
    describe: 'Print the JSON Schema of scenario files (for editor completion and validation).',
    positionals: {},
    options: {},
    examples: [['amtsim schema > amtsim.schema.json', 'Save the schema']],
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** Options every command accepts. */
export const GLOBAL_OPTIONS = {
  help: { alias: 'h', describe: 'Show help.' },
  version: { describe: 'Show the amtsim version.' },
} as const;
