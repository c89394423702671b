import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * Derive the seed string of a named stream from (master seed, replication index, stream name).
 * seedrandom hashes the string into the generator's full state, so streams with different names
 * are independent and adding a stream never shifts the draws of another.
 */
export function streamSeed(masterSeed: number | string, replication: number, name: string): string {
  return `amtsim|${masterSeed}|${replication}|${name}`;
}

/**
 * Create the named stream of a replication. The same (master seed, replication, name) always gives
 * the same sequence, in every policy arm (common random numbers) and in every worker or shard.
 *
 * @example
 * const failures = createStream(42, 0, 'line:17:failures');
 * failures(); // => a number in [0, 1)
 */
export function createStream(masterSeed: number | string, replication: number, name: string): Rng {
  return seedrandom.xor4096(streamSeed(masterSeed, replication, name));
}

/**
 * The random streams of one replication, created lazily by name and cached.
 *
 * @example
 * const streams = new RandomStreams(42, 3);
 * const u = streams.get('demand')();
 */
export class RandomStreams {
  private readonly cache = new Map<string, Rng>();
  constructor(
    readonly masterSeed: number | string,
    readonly replication: number,
  ) {}

  /** The stream with this name (created on first use). */
  get(name: string): Rng {
    let s = this.cache.get(name);
    if (s === undefined) {
      s = createStream(this.masterSeed, this.replication, name);
      this.cache.set(name, s);
    }
    return s;
  }
}
