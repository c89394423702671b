#!/usr/bin/env node
/** Entry point of the `amtsim` command (see cli.ts and docs/cli.md). */
import { runCli } from './cli.js';

// `amtsim schema | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await runCli(process.argv.slice(2));
