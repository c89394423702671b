/**
 * Mergeable statistics on plain numbers: streaming moments, co-moments, quantile sketches,
 * per-bucket series reducers, Student-t and Fieller intervals. Depends on nothing in the model.
 */
export { Moments, CoMoments } from './moments.js';
export { QuantileSketch, EXACT_LIMIT, SKETCH_RELATIVE_ERROR } from './quantiles.js';
export { SeriesAccumulator } from './series.js';
export { tCdf, tQuantile, incompleteBeta } from './t-distribution.js';
export { meanInterval, momentsInterval, fiellerInterval, relativeHalfWidth } from './intervals.js';
export type { Interval } from './intervals.js';
export { PairedDifference, oneSidedMeanBound } from './paired.js';
