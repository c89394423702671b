/**
 * Example model on the kernel, used by the closed-form tests and the kernel benchmark:
 * n identical plants, each up for an exponential time (failure rate λ per day), then down for an
 * exponential repair (repair rate μ per day), independently. The system is "short" when fewer than
 * k plants are up. Because the plants are independent two-state Markov processes, the long-run
 * answers are known exactly (see {@link kOfNClosedForm}), which makes this a check of the clock,
 * the event order, the streams and the exponential sampler together.
 */
import { Simulation } from '../simulation.js';
import { createStream, type Rng } from '../random.js';
import { exponential } from '../distributions.js';

/** Parameters of the k-of-n plant model. Rates are per day; times are days. */
export interface KofNParams {
  /** Number of plants. */
  n: number;
  /** Minimum number of plants up for the system not to be short. */
  k: number;
  /** Failure rate λ of a plant that is up (per day). */
  failureRate: number;
  /** Repair rate μ of a plant that is down (per day). */
  repairRate: number;
}

/** Long-run (steady-state) quantities of the k-of-n model. */
export interface KofNMeasures {
  /** Long-run fraction of time a given plant is up (= mean fraction of plants up). */
  availability: number;
  /** Long-run fraction of time with fewer than k plants up. */
  shortProbability: number;
  /** Long-run rate (per day) of entering the short state (transitions from k up to k−1 up). */
  shortEntryRate: number;
}

/** Result of one simulated replication. */
export interface KofNResult extends KofNMeasures {
  /** Events processed (failures and repairs, whole run including warm-up). */
  events: number;
}

function binomial(n: number, j: number): number {
  let c = 1;
  for (let i = 1; i <= j; i++) c = (c * (n - j + i)) / i;
  return c;
}

/**
 * Closed forms: A = μ/(λ+μ); P(short) = Σ_{j<k} C(n,j)·A^j·(1−A)^(n−j);
 * entry rate = π_k·k·λ with π_k = C(n,k)·A^k·(1−A)^(n−k) (each of the k up plants fails at rate λ).
 *
 * @example kOfNClosedForm({ n: 1, k: 1, failureRate: 1, repairRate: 9 }).availability; // => 0.9
 */
export function kOfNClosedForm(p: KofNParams): KofNMeasures {
  const { n, k, failureRate: lambda, repairRate: mu } = p;
  const a = mu / (lambda + mu);
  const pi = (j: number): number => binomial(n, j) * a ** j * (1 - a) ** (n - j);
  let short = 0;
  for (let j = 0; j < k; j++) short += pi(j);
  return { availability: a, shortProbability: short, shortEntryRate: pi(k) * k * lambda };
}

/**
 * Simulate one replication of the k-of-n model on the kernel. All plants start up; statistics are
 * collected over (warmup, horizon]. Plant i draws its up-times from stream `plant:i:up` and its
 * repair times from `plant:i:repair` of (seed, replication).
 *
 * @param run.horizon total simulated days; run.warmup days discarded at the start.
 * @example simulateKofN({ n: 3, k: 2, failureRate: 0.01, repairRate: 0.1 }, { seed: 1, replication: 0, horizon: 1e5, warmup: 1e3 });
 */
export function simulateKofN(
  p: KofNParams,
  run: { seed: number | string; replication: number; horizon: number; warmup: number },
): KofNResult {
  const { n, k } = p;
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(k) && k >= 1 && k <= n)) {
    throw new RangeError(`k-of-n: need integers 1 ≤ k ≤ n, got k=${k}, n=${n}`);
  }
  if (!(run.horizon > run.warmup && run.warmup >= 0)) {
    throw new RangeError(`k-of-n: need 0 ≤ warmup < horizon, got warmup=${run.warmup}, horizon=${run.horizon}`);
  }
  const upTime = exponential(p.failureRate);
  const repairTime = exponential(p.repairRate);
  const upStreams: Rng[] = [], repairStreams: Rng[] = [];
  for (let i = 0; i < n; i++) {
    upStreams.push(createStream(run.seed, run.replication, `plant:${i}:up`));
    repairStreams.push(createStream(run.seed, run.replication, `plant:${i}:repair`));
  }

  const sim = new Simulation({ initialCapacity: n + 2 });
  let up = n;
  let collecting = false;
  let entries = 0;
  // Time-weighted sums in a typed array: updating captured `let` doubles would allocate per event.
  const acc = new Float64Array(3); // [time of last change, ∫ plants up dt, ∫ 1{short} dt]

  // Accumulate time-weighted statistics up to now, before the state changes.
  const accrue = (): void => {
    if (!collecting) return;
    const dt = sim.now - acc[0];
    acc[1] += dt * up;
    if (up < k) acc[2] += dt;
    acc[0] = sim.now;
  };

  let repair = 0;
  const failure = sim.register('failure', (i) => {
    accrue();
    if (up === k && collecting) entries++;
    up--;
    sim.schedule(repair, repairTime.sample(repairStreams[i]), i);
  });
  repair = sim.register('repair', (i) => {
    accrue();
    up++;
    sim.schedule(failure, upTime.sample(upStreams[i]), i);
  });
  const warmupEnd = sim.register('warmup-end', () => {
    collecting = true;
    acc[0] = sim.now;
  });

  // Warm-up end runs before any failure or repair at the same instant (priority −1).
  sim.scheduleAt(warmupEnd, run.warmup, 0, 0, -1);
  for (let i = 0; i < n; i++) sim.schedule(failure, upTime.sample(upStreams[i]), i);
  sim.run(run.horizon);
  accrue();

  const span = run.horizon - run.warmup;
  return {
    availability: acc[1] / (span * n),
    shortProbability: acc[2] / span,
    shortEntryRate: entries / span,
    events: sim.eventsProcessed - 1,
  };
}
