#!/usr/bin/env node
// Writes the scenario documentation generated from the schema (src/scenario):
//   docs/scenario-reference.md and docs/scenario.schema.json
// Usage: npm run build && node scripts/gen-docs.mjs [--check]
//   --check: write nothing; exit 1 (listing the files) when the committed docs are stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { scenarioDocFiles } = await import(path.join(root, 'dist/scenario/index.js'));
const check = process.argv.includes('--check');
const stale = [];
for (const [rel, text] of Object.entries(scenarioDocFiles())) {
  const file = path.join(root, rel);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (current === text) continue;
  stale.push(rel);
  if (!check) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.error(`wrote ${rel}`);
  }
}
if (check && stale.length) {
  console.error(`stale generated docs: ${stale.join(', ')} — run: npm run build && node scripts/gen-docs.mjs`);
  process.exit(1);
}
if (!stale.length) console.error('scenario docs are up to date');
