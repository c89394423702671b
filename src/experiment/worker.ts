/**
 * Worker thread: imports the model module once, then runs whole (arm, replication) tasks and posts
 * back packed results with their buffers transferred. The simulation itself is synchronous.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pack, type TaskMessage, type WorkerInit, type WorkerReply } from './protocol.js';
import type { ReplicationOutput, RunSettings } from '../model/outputs.js';

type Simulate = (input: { world: unknown; policies: unknown; run: RunSettings; replication: number }) => ReplicationOutput;

const init = workerData as WorkerInit;
const port = parentPort!;
const mod = (await import(init.modelUrl)) as { simulateReplication?: Simulate };
if (typeof mod.simulateReplication !== 'function') {
  throw new Error(`model module ${init.modelUrl} does not export a function simulateReplication`);
}
const simulate = mod.simulateReplication;

port.on('message', (task: TaskMessage) => {
  const arm = init.arms[task.arm];
  let reply: WorkerReply;
  try {
    const out = simulate({ world: arm.world, policies: arm.policies, run: init.run, replication: task.replication });
    const packed = pack(task.seq, task.arm, task.replication, out);
    port.postMessage(packed, [packed.metrics.buffer as ArrayBuffer, packed.series.buffer as ArrayBuffer]);
    return;
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { type: 'error', seq: task.seq, arm: task.arm, replication: task.replication, name: err.name, message: err.message, stack: err.stack };
  }
  port.postMessage(reply);
});
port.postMessage({ type: 'ready' });
