/**
 * A pool of worker threads that runs (arm, replication) tasks and delivers results **in task
 * order**, whatever order they finish in: out-of-order arrivals wait in a small buffer, and no task
 * is dispatched more than `window` tasks ahead of the next one to deliver, so the buffer (and the
 * memory) stays bounded however many replications run.
 */
import { Worker } from 'node:worker_threads';
import type { PackedResult, TaskMessage, WorkerInit, WorkerReply } from './protocol.js';
import { ReplicationError, RunAbortedError } from './errors.js';

export interface Task {
  arm: number;
  replication: number;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private ready: Promise<void>;
  private closed = false;

  constructor(
    readonly size: number,
    workerUrl: URL,
    private readonly init: WorkerInit,
  ) {
    const readies: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const w = new Worker(workerUrl, { workerData: init });
      this.workers.push(w);
      readies.push(
        new Promise((resolve, reject) => {
          const onMsg = (m: { type?: string }) => {
            if (m?.type === 'ready') {
              w.off('error', onErr);
              resolve();
            }
          };
          const onErr = (e: Error) => reject(e);
          w.once('message', onMsg);
          w.once('error', onErr);
        }),
      );
    }
    this.ready = Promise.all(readies).then(() => undefined);
    // Avoid an unhandled rejection if the pool is closed before anyone awaits readiness.
    this.ready.catch(() => undefined);
  }

  /**
   * Run `tasks`, calling `onResult` for each in the order of `tasks`.
   * Rejects with {@link ReplicationError} if the model throws, {@link RunAbortedError} on abort.
   * When replications fail, the one reported is the **first in task order**, whatever the number of
   * workers: after a failure no new task is dispatched, the tasks in flight are allowed to finish, and
   * the failure with the smallest task index is reported. Every task before it was dispatched before
   * it, so all of them have finished by then and the choice does not depend on timing.
   */
  async run(tasks: Task[], onResult: (r: PackedResult) => void, signal?: AbortSignal, window = 8 * this.size): Promise<void> {
    await this.ready;
    if (signal?.aborted) throw new RunAbortedError();
    if (tasks.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      let next = 0; // next task to dispatch
      let deliver = 0; // next task to deliver
      const buffer = new Map<number, PackedResult>();
      const idle: Worker[] = [];
      let failed = false;
      let inFlight = 0;
      let firstFailure: { seq: number; error: Error } | undefined;

      const finish = (err?: Error) => {
        if (failed) return;
        for (const w of this.workers) {
          w.off('message', handlers.get(w)!);
          w.off('error', errHandler);
          w.off('exit', exitHandler);
        }
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          failed = true;
          reject(err);
        } else resolve();
      };
      const dispatch = () => {
        while (!firstFailure && idle.length > 0 && next < tasks.length && next - deliver < window) {
          const w = idle.pop()!;
          const t = tasks[next];
          const msg: TaskMessage = { seq: next, arm: t.arm, replication: t.replication };
          next++;
          inFlight++;
          w.postMessage(msg);
        }
      };
      const handlers = new Map<Worker, (m: WorkerReply) => void>();
      for (const w of this.workers) {
        const h = (m: WorkerReply) => {
          if (failed) return;
          inFlight--;
          idle.push(w);
          if (m.type === 'error') {
            if (!firstFailure || m.seq < firstFailure.seq) {
              const name = this.init.arms[m.arm]?.name ?? String(m.arm);
              firstFailure = { seq: m.seq, error: new ReplicationError(name, m.replication, `${m.name}: ${m.message}`, m.stack) };
            }
          } else if (!firstFailure) buffer.set(m.seq, m);
          if (firstFailure) {
            if (inFlight === 0) finish(firstFailure.error);
            return;
          }
          try {
            while (buffer.has(deliver)) {
              const r = buffer.get(deliver)!;
              buffer.delete(deliver);
              deliver++;
              onResult(r);
            }
          } catch (e) {
            finish(e instanceof Error ? e : new Error(String(e)));
            return;
          }
          if (deliver === tasks.length) finish();
          else dispatch();
        };
        handlers.set(w, h);
        w.on('message', h);
      }
      const errHandler = (e: Error) => finish(e);
      // A worker that exits by itself (process.exit in a model, a crash) would otherwise hang the run.
      const exitHandler = (code: number) => finish(new Error(`a worker thread exited unexpectedly (code ${code})`));
      for (const w of this.workers) {
        w.on('error', errHandler);
        w.on('exit', exitHandler);
      }
      const onAbort = () => finish(new RunAbortedError());
      signal?.addEventListener('abort', onAbort);
      idle.push(...[...this.workers].reverse());
      dispatch();
    });
  }

  /** Terminate every worker (idempotent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
