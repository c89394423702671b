/**
 * The simulation kernel: clock, pending-event set, random streams and distributions.
 * Nothing here knows about drugs, plants or policies.
 */
export { Simulation, SimulationError } from './simulation.js';
export type { EventHandler, EventHandle, EventKind } from './simulation.js';
export { EventQueue, packKey, keySequence, MIN_PRIORITY, MAX_PRIORITY } from './queue.js';
export { RandomStreams, createStream, streamSeed, tycheiStream, seedrandomStream } from './random.js';
export type { Rng } from './random.js';
export {
  uniform,
  exponential,
  exponentialMean,
  normal,
  lognormal,
  lognormalMeanCv,
  gamma,
  weibull,
  triangular,
  pert,
  bernoulli,
  poisson,
  categorical,
  empirical,
  empiricalContinuous,
} from './distributions.js';
export type { Distribution } from './distributions.js';
export { lnGamma, gammaFn, incompleteGamma, incompleteBeta, normalCdf, normalQuantile } from './special.js';
