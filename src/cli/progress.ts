/**
 * Progress on stderr: a redrawn bar on a terminal, plain periodic lines otherwise (or when
 * CI=true), nothing with --quiet.
 */
import type { RunProgress } from '../experiment/types.js';

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}

export interface ProgressReporter {
  update(p: RunProgress): void;
  done(): void;
}

/** A reporter for `stream` (default stderr); `mode` 'auto' picks the bar on a TTY outside CI. */
export function progressReporter(opts: { quiet: boolean; arms: number; stream?: NodeJS.WriteStream; mode?: 'auto' | 'bar' | 'lines' }): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { update() {}, done() {} };
  const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0';
  const mode = opts.mode && opts.mode !== 'auto' ? opts.mode : stream.isTTY && !ci ? 'bar' : 'lines';
  let lastLine = 0;
  let drawn = false;
  let last: RunProgress | undefined;
  const text = (p: RunProgress) => {
    const total = Math.max(1, Math.round(p.total / opts.arms));
    const rate = p.replications / Math.max(1e-3, p.elapsedMs / 1000);
    const eta = (total - p.replications) / rate;
    return { total, line: `${p.replications}/${total} replications · ${rate.toFixed(rate < 10 ? 2 : 1)}/s · ETA ${duration(eta)}` };
  };
  return {
    update(p) {
      last = p;
      const { total, line } = text(p);
      if (mode === 'bar') {
        const width = 30;
        const filled = Math.round((width * p.replications) / total);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}\x1b[K`);
        drawn = true;
      } else if (p.elapsedMs - lastLine >= 2000 || p.replications === total) {
        lastLine = p.elapsedMs;
        stream.write(`progress: ${line}\n`);
      }
    },
    done() {
      if (mode === 'bar' && drawn) stream.write('\n');
      else if (mode === 'lines' && last && last.elapsedMs - lastLine > 0) stream.write(`progress: ${text(last).line}\n`);
    },
  };
}
