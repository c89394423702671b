/** The regulator: FDA as a review queue (parameters and the queue). */
export { regulatorSchema, REVIEW_DISTRIBUTIONS } from './params.js';
export type { RegulatorParams, RegulatorInput, ReviewTypeParams, ReviewDistribution } from './params.js';
export { Regulator, windowYears } from './regulator.js';
export type { SubmitOptions, SubmitCallbacks, RegulatorOptions, GroupStats } from './regulator.js';
