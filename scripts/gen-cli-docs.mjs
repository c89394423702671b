#!/usr/bin/env node
// Regenerate docs/cli.md from the command table (src/cli/commands.ts) that builds the yargs parser.
// Usage: npm run build && node scripts/gen-cli-docs.mjs
import fs from 'node:fs';
import { cliReferenceMarkdown } from '../dist/cli/docs.js';

const file = new URL('../docs/cli.md', import.meta.url);
fs.writeFileSync(file, cliReferenceMarkdown());
console.error('wrote docs/cli.md');
