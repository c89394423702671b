/**
 * Atomic results directories: everything is written into a hidden temporary sibling
 * (`.<name>.partial-<pid>-<n>`) and renamed into place at the very end, so an interrupted run never
 * leaves a directory or file that looks complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.js';
import { RESULT_FILES } from './results-format.js';

let counter = 0;

export class AtomicDir {
  readonly temp: string;
  private done = false;

  constructor(readonly final: string) {
    const parent = path.dirname(final);
    fs.mkdirSync(parent, { recursive: true });
    if (fs.existsSync(final)) {
      const st = fs.statSync(final);
      const entries = st.isDirectory() ? fs.readdirSync(final) : null;
      // Only replace what is clearly an earlier results directory (or empty): never a user's folder.
      if (entries === null || (entries.length > 0 && !entries.includes(RESULT_FILES.manifest))) {
        throw new UserError(`output directory ${final} exists and is not an amtsim results directory (no ${RESULT_FILES.manifest}); choose another --out`);
      }
    }
    this.temp = path.join(parent, `.${path.basename(final)}.partial-${process.pid}-${counter++}`);
    fs.mkdirSync(this.temp, { recursive: true });
  }

  /** Path of a file inside the temporary directory. */
  file(name: string): string {
    return path.join(this.temp, name);
  }

  /** Move the finished directory into place (replacing an earlier results directory). */
  commit(): void {
    if (fs.existsSync(this.final)) {
      const old = `${this.temp}.old`;
      fs.renameSync(this.final, old);
      fs.renameSync(this.temp, this.final);
      fs.rmSync(old, { recursive: true, force: true });
    } else fs.renameSync(this.temp, this.final);
    this.done = true;
  }

  /** Remove the temporary directory (after a failure or interruption); no-op after commit. */
  discard(): void {
    if (!this.done) fs.rmSync(this.temp, { recursive: true, force: true });
    this.done = true;
  }
}
