import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ScenarioError, type ScenarioIssue } from './errors.js';
import { loadScenarioWith, validateScenarioFileWith } from './load.js';
import { fixtureParts, tempScenarioDir } from './test-helpers.js';

const load = (dir: string, file: string, opts = {}) => loadScenarioWith(fixtureParts, path.join(dir, file), opts);

/** Issues of a load that must fail. */
function issuesOf(dir: string, file: string, opts = {}): ScenarioIssue[] {
  try {
    load(dir, file, opts);
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues;
    throw e;
  }
  throw new Error(`expected ${file} to fail`);
}

const BASE = `name: base
title: Base world
run:
  replications: 5
  horizon: 10 years
  warmup: 1 year
world:
  products:
    - { id: a, form: oral_solid, demand: 10 }
    - { id: b, form: sterile_injectable, demand: 20, leadTime: 3 months }
  regulator:
    reviewers: 12
`;

describe('loadScenarioWith(parts, file)', () => {
  test('a minimal file gets one "baseline" arm, run defaults and the defaulted paths listed', () => {
    const dir = tempScenarioDir({ 'min.yaml': 'name: min\n' });
    const s = load(dir, 'min.yaml');
    expect(s.arms.map((a) => a.name)).toEqual(['baseline']);
    expect(s.referenceArm).toBe('baseline');
    expect(s.run).toEqual({ seed: 1, replications: 100, horizonDays: 22 * 365.25, warmupDays: 2 * 365.25, seriesStepDays: 3 * 30.4375, referenceArm: 'baseline' });
    expect(s.arms[0].world.regulator).toEqual({ reviewers: 10, budget: 40e6 });
    expect(s.defaulted).toEqual(expect.arrayContaining(['run.seed', 'run.replications', 'run.horizon', 'run.referenceArm', 'world.products', 'world.regulator', 'policies.grants']));
    expect(s.file).toBe(path.join(dir, 'min.yaml'));
    expect(s.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.title).toBe('min');
  });

  test('name defaults to the file name', () => {
    const dir = tempScenarioDir({ 'My_Scenario.yaml': 'title: t\n' });
    expect(load(dir, 'My_Scenario.yaml').name).toBe('my-scenario');
  });

  test('values written by the user are not listed as defaulted', () => {
    const dir = tempScenarioDir({ 'b.yaml': BASE });
    const s = load(dir, 'b.yaml');
    expect(s.defaulted).not.toContain('world.regulator');
    expect(s.defaulted).toContain('world.regulator.budget');
    expect(s.defaulted).toContain('world.products[0].leadTime');
    expect(s.defaulted).not.toContain('world.products[1].leadTime');
  });
});

describe('extends', () => {
  test('deep-merges the base (objects by key, arrays replace) and does not inherit name/title', () => {
    const dir = tempScenarioDir({
      'base.yaml': BASE,
      'sub/child.yaml': 'extends: ../base.yaml\nrun: { replications: 7 }\nworld:\n  regulator: { budget: $10M }\n',
    });
    const s = load(dir, 'sub/child.yaml');
    expect(s.name).toBe('child');
    expect(s.title).toBe('child');
    expect(s.run.replications).toBe(7);
    expect(s.run.horizonDays).toBe(10 * 365.25);
    expect(s.arms[0].world.regulator).toEqual({ reviewers: 12, budget: 10e6 });
    expect(s.arms[0].world.products.map((p) => p.id)).toEqual(['a', 'b']);
    expect(s.files).toEqual([path.join(dir, 'sub/child.yaml'), path.join(dir, 'base.yaml')]);
    expect(s.resolved.extends).toEqual(['../base.yaml']);
  });

  test('a list in the child replaces the base list', () => {
    const dir = tempScenarioDir({ 'base.yaml': BASE, 'c.yaml': 'extends: base.yaml\nworld:\n  products: [{ id: z, form: oral_solid, demand: 1 }]\n' });
    expect(load(dir, 'c.yaml').arms[0].world.products.map((p) => p.id)).toEqual(['z']);
  });

  test('chains of three files merge in order, and the hash covers every file of the chain', () => {
    const files = { 'a.yaml': BASE, 'b.yaml': 'extends: a.yaml\nrun: { replications: 3 }\n', 'c.yaml': 'extends: b.yaml\nrun: { seed: 9 }\n' };
    const dir = tempScenarioDir(files);
    const s = load(dir, 'c.yaml');
    expect([s.run.replications, s.run.seed, s.run.horizonDays]).toEqual([3, 9, 10 * 365.25]);
    const h1 = s.hash;
    fs.writeFileSync(path.join(dir, 'a.yaml'), BASE.replace('reviewers: 12', 'reviewers: 13'));
    const s2 = load(dir, 'c.yaml');
    expect(s2.hash).not.toBe(h1);
    expect(s2.arms[0].world.regulator.reviewers).toBe(13);
  });

  test('a cycle is an error naming the chain, at the extends line', () => {
    const dir = tempScenarioDir({ 'a.yaml': 'name: a\nextends: b.yaml\n', 'b.yaml': 'extends: c.yaml\n', 'c.yaml': 'extends: a.yaml\n' });
    const [i, ...rest] = issuesOf(dir, 'a.yaml');
    expect(rest).toEqual([]);
    expect(i.message).toBe('extends cycle: a.yaml → b.yaml → c.yaml → a.yaml');
    expect([path.basename(i.file), i.line, i.col]).toEqual(['c.yaml', 1, 1]);
  });

  test('a file extending itself is a cycle', () => {
    const dir = tempScenarioDir({ 'a.yaml': 'extends: ./a.yaml\n' });
    expect(issuesOf(dir, 'a.yaml')[0].message).toMatch(/extends cycle: a.yaml → a.yaml/);
  });

  test('a missing base is reported at the extends line of the child', () => {
    const dir = tempScenarioDir({ 'a.yaml': 'name: a\nextends: nope.yaml\n' });
    const [i] = issuesOf(dir, 'a.yaml');
    expect(i.message).toMatch(/cannot read scenario file .*nope\.yaml: no such file/);
    expect([path.basename(i.file), i.line]).toEqual(['a.yaml', 2]);
  });

  test('an error written in the base names the base file and line', () => {
    const dir = tempScenarioDir({ 'base.yaml': BASE.replace('demand: 20', 'demand: -20'), 'c.yaml': 'extends: base.yaml\nrun: { seed: 2 }\n' });
    const [i] = issuesOf(dir, 'c.yaml');
    expect([path.basename(i.file), i.line, i.path]).toEqual(['base.yaml', 10, 'world.products[1].demand']);
  });
});

describe('arms', () => {
  const ARMS = `${BASE}arms:
  status-quo: {}
  grants:
    description: Capital grants
    policies: { grants: { enabled: true } }
  bigger:
    world: { regulator: { reviewers: 20 } }
`;
  test('each arm is the base with its override deep-merged, complete and defaulted', () => {
    const dir = tempScenarioDir({ 's.yaml': ARMS });
    const s = load(dir, 's.yaml');
    expect(s.arms.map((a) => a.name)).toEqual(['status-quo', 'grants', 'bigger']);
    const [sq, grants, bigger] = s.arms;
    expect(sq.policies.grants).toEqual({ enabled: false, shareOfCapital: 0.5 });
    expect(grants.policies.grants).toEqual({ enabled: true, shareOfCapital: 0.5 });
    expect(grants.description).toBe('Capital grants');
    expect(grants.world).toEqual(sq.world);
    expect(bigger.world.regulator).toEqual({ reviewers: 20, budget: 40e6 });
    expect(bigger.world.products).toHaveLength(2);
    expect(s.referenceArm).toBe('status-quo');
  });

  test('an arm written with no value (null) means the base as is', () => {
    const dir = tempScenarioDir({ 's.yaml': 'arms:\n  a:\n  b:\n    policies: { grants: { enabled: true } }\n' });
    expect(load(dir, 's.yaml').arms.map((a) => a.policies.grants.enabled)).toEqual([false, true]);
  });

  test('opts.arms selects arms and always keeps the reference arm', () => {
    const dir = tempScenarioDir({ 's.yaml': ARMS });
    expect(load(dir, 's.yaml', { arms: ['bigger'] }).arms.map((a) => a.name)).toEqual(['status-quo', 'bigger']);
  });

  test('an unknown arm in opts.arms is an error with a suggestion', () => {
    const dir = tempScenarioDir({ 's.yaml': ARMS });
    const [i] = issuesOf(dir, 's.yaml', { arms: ['grant'] });
    expect(i.message).toMatch(/unknown arm "grant" requested with --arms .*did you mean "grants"\?/);
  });

  test('referenceArm must name an arm', () => {
    const dir = tempScenarioDir({ 's.yaml': ARMS.replace('warmup: 1 year', 'warmup: 1 year\n  referenceArm: grantz') });
    const [i] = issuesOf(dir, 's.yaml');
    expect(i.path).toBe('run.referenceArm');
    expect(i.line).toBe(7);
    expect(i.message).toMatch(/did you mean "grants"/);
  });

  test('referenceArm picks the reference', () => {
    const dir = tempScenarioDir({ 's.yaml': ARMS.replace('warmup: 1 year', 'warmup: 1 year\n  referenceArm: grants') });
    expect(load(dir, 's.yaml').referenceArm).toBe('grants');
  });

  test('duplicate arm names are an error at the second one', () => {
    const dir = tempScenarioDir({ 's.yaml': 'arms:\n  a: {}\n  b: {}\n  a: {}\n' });
    const [i] = issuesOf(dir, 's.yaml');
    expect(i.message).toMatch(/duplicate key "a"/);
    expect(i.line).toBe(4);
  });

  test('an error in an arm names the arm, its file and line; base errors are reported once', () => {
    const dir = tempScenarioDir({
      's.yaml': `world:
  regulator: { reviewers: 0 }
arms:
  one: {}
  two:
    policies:
      grants: { shareOfCapital: 1.5 }
  three: {}
`,
    });
    const issues = issuesOf(dir, 's.yaml');
    expect(issues.map((i) => [i.path, i.line, i.arm])).toEqual([
      ['world.regulator.reviewers', 2, undefined],
      ['policies.grants.shareOfCapital', 7, 'two'],
    ]);
  });

  test('bad arm names and unknown arm keys are errors', () => {
    const dir = tempScenarioDir({ 's.yaml': 'arms:\n  "bad name": {}\n  ok:\n    polices: {}\n' });
    const issues = issuesOf(dir, 's.yaml');
    expect(issues.map((i) => i.path)).toEqual(['arms["bad name"]', 'arms.ok.polices']);
    expect(issues[1].message).toMatch(/did you mean "policies"/);
  });
});

describe('errors', () => {
  test('an unknown key says "did you mean" with the closest known key, at its line and column', () => {
    const dir = tempScenarioDir({ 's.yaml': 'name: s\nworld:\n  regulater:\n    reviewers: 3\n' });
    const [i, ...rest] = issuesOf(dir, 's.yaml');
    expect(rest).toEqual([]);
    expect(i).toMatchObject({ path: 'world.regulater', line: 3, col: 3, message: 'unknown key "regulater" — did you mean "regulator"?' });
  });

  test('an unknown key far from every known key lists the known keys', () => {
    const dir = tempScenarioDir({ 's.yaml': 'run:\n  zzzzzz: 1\n' });
    expect(issuesOf(dir, 's.yaml')[0].message).toMatch(/unknown key "zzzzzz" \(known keys: seed, replications, horizon, warmup, seriesStep, referenceArm\)/);
  });

  test('several mistakes are reported at once, in line order, each with its line, expected and found', () => {
    const dir = tempScenarioDir({
      's.yaml': `name: Bad Name
run:
  replications: 0
  horizon: soon
world:
  products:
    - { id: a, form: oral_solid, demand: 1 }
    - { id: b, form: oral_solidd, demand: -1 }
    - { id: c, form: oral_solid }
policies:
  grants: { enabled: "yes" }
`,
    });
    const issues = issuesOf(dir, 's.yaml');
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [1, 'name'],
      [3, 'run.replications'],
      [4, 'run.horizon'],
      [8, 'world.products[1].form'],
      [8, 'world.products[1].demand'],
      [9, 'world.products[2].demand'],
      [11, 'policies.grants.enabled'],
    ]);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(byPath['run.replications']).toMatchObject({ expected: 'a number ≥ 1', found: '0' });
    expect(byPath['run.horizon'].message).toMatch(/expected a duration .* found "soon"/);
    expect(byPath['world.products[1].form'].message).toMatch(/did you mean "oral_solid"/);
    expect(byPath['world.products[2].demand']).toMatchObject({ found: 'missing', message: 'required field is missing (expected a number)' });
    expect(byPath['policies.grants.enabled']).toMatchObject({ expected: 'true or false', found: '"yes"' });
  });

  test('ScenarioError.format() is a readable multi-line report with file:line:col and no stack', () => {
    const dir = tempScenarioDir({ 's.yaml': 'run:\n  replications: 0\n  seeed: 1\n' });
    try {
      load(dir, 's.yaml');
      expect.unreachable();
    } catch (e) {
      const text = (e as ScenarioError).format();
      const file = path.join(dir, 's.yaml');
      expect(text.split('\n')).toEqual([
        '2 problems in scenario file:',
        `  ${path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file)}:2:3: run.replications: expected a number ≥ 1, found 0`,
        `  ${path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file)}:3:3: run.seeed: unknown key "seeed" — did you mean "seed"?`,
      ]);
      expect(text).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  test('long offending values are truncated', () => {
    const dir = tempScenarioDir({ 's.yaml': `run:\n  horizon: "${'x'.repeat(200)}"\n` });
    const [i] = issuesOf(dir, 's.yaml');
    expect(i.found!.length).toBeLessThanOrEqual(60);
    expect(i.found).toMatch(/…$/);
  });

  test('warm-up must be shorter than the horizon', () => {
    const dir = tempScenarioDir({ 's.yaml': 'run:\n  horizon: 2 years\n  warmup: 3 years\n' });
    const [i] = issuesOf(dir, 's.yaml');
    expect(i).toMatchObject({ path: 'run.warmup', line: 3 });
    expect(i.message).toMatch(/shorter than the horizon \(2 years\), found 3 years/);
  });

  test('a missing file, a wrong extension, an empty file and a non-mapping are clear errors', () => {
    const dir = tempScenarioDir({ 'x.txt': 'name: x\n', 'empty.yaml': '# nothing\n', 'list.yaml': '- a\n- b\n' });
    expect(issuesOf(dir, 'nope.yaml')[0].message).toMatch(/cannot read scenario file .*nope\.yaml: no such file/);
    expect(issuesOf(dir, 'x.txt')[0].message).toMatch(/must end in \.yaml, \.yml or \.json/);
    expect(issuesOf(dir, 'empty.yaml')[0].message).toMatch(/the file is empty/);
    expect(issuesOf(dir, 'list.yaml')[0].message).toMatch(/expected a mapping .* found \["a","b"\]/);
  });

  test('a YAML syntax error names its line', () => {
    const dir = tempScenarioDir({ 's.yaml': 'name: s\nrun:\n  seed: [1, 2\nworld: {}\n' });
    const [i] = issuesOf(dir, 's.yaml');
    expect(i.message).toMatch(/^YAML syntax error/);
    expect(i.line).toBeGreaterThanOrEqual(3);
  });

  test('duplicate keys are errors', () => {
    const dir = tempScenarioDir({ 's.yaml': 'name: s\nrun:\n  seed: 1\n  seed: 2\n' });
    const [i] = issuesOf(dir, 's.yaml');
    expect(i).toMatchObject({ line: 4, message: expect.stringMatching(/duplicate key "seed"/) });
  });

  test('custom YAML tags are refused (nothing is executed)', () => {
    const dir = tempScenarioDir({ 's.yaml': 'name: !!js/function "function () { return 1 }"\n', 't.yaml': 'name: !custom x\n' });
    expect(issuesOf(dir, 's.yaml')[0].message).toMatch(/unsupported YAML tag/);
    expect(issuesOf(dir, 't.yaml')[0].message).toMatch(/unsupported YAML tag/);
  });

  test('YAML merge keys (<<) are not expanded: they are unknown keys', () => {
    const dir = tempScenarioDir({ 's.yaml': 'run: &r { seed: 2 }\nworld:\n  <<: *r\n' });
    expect(issuesOf(dir, 's.yaml')[0].message).toMatch(/unknown key "<<"/);
  });

  test('anchors and aliases are expanded; an alias bomb is refused', () => {
    const dir = tempScenarioDir({
      'ok.yaml': 'world:\n  regulator: &reg { reviewers: 4 }\narms:\n  a: {}\n  b:\n    world: { regulator: *reg }\n',
      'bomb.yaml': `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    });
    expect(load(dir, 'ok.yaml').arms[1].world.regulator.reviewers).toBe(4);
    expect(issuesOf(dir, 'bomb.yaml')[0].message).toMatch(/cannot read the YAML: .*alias/i);
  });

  test('an empty arms mapping is an error', () => {
    const dir = tempScenarioDir({ 's.yaml': 'arms: {}\n' });
    expect(issuesOf(dir, 's.yaml')[0]).toMatchObject({ path: 'arms', line: 1, message: expect.stringMatching(/at least one arm/) });
  });

  test('YAML 1.1 booleans are plain strings (core schema)', () => {
    const dir = tempScenarioDir({ 's.yaml': 'policies:\n  grants: { enabled: yes }\n' });
    expect(issuesOf(dir, 's.yaml')[0]).toMatchObject({ path: 'policies.grants.enabled', found: '"yes"' });
  });
});

describe('JSON input', () => {
  test('a JSON file loads, with line numbers in errors', () => {
    const dir = tempScenarioDir({
      'ok.json': JSON.stringify({ name: 'j', run: { replications: 2 }, arms: { a: {}, b: { policies: { grants: { enabled: true } } } } }, null, 2),
      'bad.json': '{\n  "name": "j",\n  "world": {\n    "regulator": { "reviewrs": 2 }\n  }\n}\n',
      'syntax.json': '{\n  "name": "j",\n}\n',
    });
    const s = load(dir, 'ok.json');
    expect(s.arms.map((a) => [a.name, a.policies.grants.enabled])).toEqual([['a', false], ['b', true]]);
    const [i] = issuesOf(dir, 'bad.json');
    expect(i).toMatchObject({ path: 'world.regulator.reviewrs', line: 4, message: 'unknown key "reviewrs" — did you mean "reviewers"?' });
    expect(issuesOf(dir, 'syntax.json')[0].message).toMatch(/JSON syntax error/);
  });
});

describe('expect', () => {
  const S = `arms:
  status-quo: {}
  grants: { policies: { grants: { enabled: true } } }
expect:
`;
  test('parses relative changes, absolute changes and value bounds', () => {
    const dir = tempScenarioDir({
      's.yaml': `${S}  - { metric: shortage.days, arm: grants, change: "<= -10%" }
  - { metric: shortage.new, arm: grants, vs: status-quo, change: "< -0.5", confidence: 0.9 }
  - { metric: cost.health_system, value: "<= 1e9" }
  - { metric: adoption.capacity_share_end, arm: grants, value: ">= 25%" }
`,
    });
    const e = load(dir, 's.yaml').expect;
    expect(e.map(({ text: _t, ...rest }) => rest)).toEqual([
      { metric: 'shortage.days', arm: 'grants', vs: 'status-quo', op: '<=', threshold: -0.1, relative: true, confidence: 0.95 },
      { metric: 'shortage.new', arm: 'grants', vs: 'status-quo', op: '<', threshold: -0.5, relative: false, confidence: 0.9 },
      { metric: 'cost.health_system', arm: 'status-quo', op: '<=', threshold: 1e9, relative: false, confidence: 0.95 },
      { metric: 'adoption.capacity_share_end', arm: 'grants', op: '>=', threshold: 0.25, relative: false, confidence: 0.95 },
    ]);
    expect(e[0].text).toBe('shortage.days of "grants" vs "status-quo": change <= -10% (95% confidence)');
  });

  test('unknown metrics and arms, bad conditions and inconsistent entries are all reported', () => {
    const dir = tempScenarioDir({
      's.yaml': `${S}  - { metric: shortage.dayz, arm: grants, change: "<= -10%" }
  - { metric: shortage.days, arm: grantz, change: "<= -10%" }
  - { metric: shortage.days, arm: grants, change: "about -10%" }
  - { metric: shortage.days, change: "<= -10%" }
  - { metric: shortage.days, arm: grants, change: "<= 1", value: "<= 2" }
  - { metric: shortage.days, arm: status-quo, change: "<= 1" }
`,
    });
    const issues = issuesOf(dir, 's.yaml');
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [5, 'expect[0].metric'],
      [6, 'expect[1].arm'],
      [7, 'expect[2].change'],
      [8, 'expect[3]'],
      [9, 'expect[4]'],
      [10, 'expect[5].arm'],
    ]);
    expect(issues[0].message).toMatch(/did you mean "shortage.days"/);
    expect(issues[1].message).toMatch(/did you mean "grants"/);
    expect(issues[3].message).toMatch(/`change` needs `arm`/);
    expect(issues[4].message).toMatch(/exactly one of `change`/);
    expect(issues[5].message).toMatch(/compared with itself/);
  });

  test('expectations about arms left out by opts.arms are dropped', () => {
    const dir = tempScenarioDir({ 's.yaml': `arms:\n  a: {}\n  b: {}\n  c: {}\nexpect:\n  - { metric: shortage.days, arm: b, change: "<= 0" }\n  - { metric: shortage.days, arm: c, change: "<= 0" }\n` });
    expect(load(dir, 's.yaml', { arms: ['c'] }).expect.map((e) => e.arm)).toEqual(['c']);
  });
});

describe('validateScenarioFileWith(parts, file)', () => {
  test('returns ok with a one-line summary, or the issues and their report', () => {
    const dir = tempScenarioDir({ 'ok.yaml': BASE, 'bad.yaml': 'run: { replications: -1 }\n' });
    const ok = validateScenarioFileWith(fixtureParts, path.join(dir, 'ok.yaml'));
    expect(ok).toMatchObject({ ok: true, issues: [] });
    expect(ok.message).toMatch(/OK — scenario "base", 1 arm \(baseline\), 5 replications, 10 years \(1 warm-up\)/);
    const bad = validateScenarioFileWith(fixtureParts, path.join(dir, 'bad.yaml'));
    expect(bad.ok).toBe(false);
    expect(bad.issues).toHaveLength(1);
    expect(bad.message).toMatch(/run.replications: expected a number ≥ 1, found -1/);
  });
});
