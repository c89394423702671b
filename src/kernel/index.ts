/**
 * The simulation kernel: clock, pending-event set, random streams and distributions.
 * Nothing here knows about drugs, plants or policies.
 */
export { Simulation, SimulationError } from './simulation.js';
export type { EventHandler, EventHandle, EventKind } from './simulation.js';
export { EventQueue, packKey } from './queue.js';
export { RandomStreams, createStream, streamSeed } from './random.js';
export type { Rng } from './random.js';
