import seedrandom from 'seedrandom';

/**
 * A source of uniform numbers in [0, 1) with 32-bit resolution (multiples of 2^-32; 0 can occur,
 * 1 cannot). Distributions in `distributions.ts` take one as their only source of randomness.
 */
export type Rng = () => number;

/**
 * Derive the seed string of a named stream from (master seed, replication index, stream name).
 * Every character of the string is mixed into the generator's 128-bit state, so streams with
 * different names or replications are independent and adding a stream never shifts the draws of
 * another.
 *
 * @example
 * streamSeed(42, 3, 'demand'); // => 'amtsim|42|3|demand'
 */
export function streamSeed(masterSeed: number | string, replication: number, name: string): string {
  return `amtsim|${masterSeed}|${replication}|${name}`;
}

/** Golden-ratio and second constant of seedrandom's Tyche-i initial state. */
const TYCHEI_C0 = 2654435769 | 0;
const TYCHEI_D0 = 1367130551;
const TWO_POW_32 = 4294967296;

/**
 * A stream for an arbitrary seed string: exactly the sequence of `seedrandom.tychei(seed)`.
 *
 * Why not call seedrandom directly: its wrapper builds a seeding object, a closure per method and
 * adds four properties to a function object, which costs ~0.7 µs per stream; a world model creating
 * tens of thousands of per-entity streams per replication spends ~15 ms on that alone. This is the
 * same Tyche-i step (Neves & Araujo 2011, as written in seedrandom 3.0.5 — including its use of
 * `c >>> 16` in the last line) and the same string seeding, in one closure over four integers,
 * ~0.2 µs per stream. `random.test.ts` checks bit-identity with seedrandom.
 */
export function tycheiStream(seed: string): Rng {
  return tycheiContinue(0, 0, TYCHEI_C0, TYCHEI_D0, seed);
}

/**
 * Continue seedrandom's Tyche-i string seeding from state (a, b, c, d) — the state after the
 * characters before `rest` — through the characters of `rest` and the 20 final steps.
 */
function tycheiContinue(a: number, b: number, c: number, d: number, rest: string): Rng {
  // Seed in plain locals (registers); only the final state is captured by the closure, because
  // writes to captured variables go to memory and made seeding ~3× slower.
  const len = rest.length;
  // seedrandom: XOR each char code into b and step; then 20 more steps to diffuse the last chars.
  for (let k = 0; k < len + 20; k++) {
    if (k < len) b ^= rest.charCodeAt(k);
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c;
    c = (c - d) | 0;
    d = (d << 16) ^ (c >>> 16) ^ a;
    a = (a - b) | 0;
  }
  return tycheiFromState(a, b, c, d);
}

/** Tyche-i seeding state after the characters of `prefix` only (no final steps). */
function tycheiPrefixState(prefix: string): Int32Array {
  let a = 0, b = 0, c = TYCHEI_C0, d = TYCHEI_D0;
  for (let k = 0; k < prefix.length; k++) {
    b ^= prefix.charCodeAt(k);
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c;
    c = (c - d) | 0;
    d = (d << 16) ^ (c >>> 16) ^ a;
    a = (a - b) | 0;
  }
  return Int32Array.of(a, b, c, d);
}

/** The Tyche-i generator continuing from state (a, b, c, d). */
function tycheiFromState(a: number, b: number, c: number, d: number): Rng {
  return () => {
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c;
    c = (c - d) | 0;
    d = (d << 16) ^ (c >>> 16) ^ a;
    a = (a - b) | 0;
    return (a >>> 0) / TWO_POW_32;
  };
}

/**
 * The reference implementation of a stream: seedrandom's own Tyche-i generator. Slower to create
 * than {@link createStream} (see docs/performance.md); used by tests to check bit-identity.
 */
export function seedrandomStream(seed: string): Rng {
  return seedrandom.tychei(seed);
}

/**
 * Create the named stream of a replication: seedrandom's Tyche-i generator (128-bit state) seeded
 * with `streamSeed(masterSeed, replication, name)`. The same (master seed, replication, name) always
 * gives the same sequence, in every policy arm (common random numbers), worker and shard.
 * Cheap enough (~0.2 µs; ~0.1 µs via {@link RandomStreams}) to create one stream per entity.
 *
 * @example
 * const failures = createStream(42, 0, 'line:17:failures');
 * failures(); // => a number in [0, 1)
 */
export function createStream(masterSeed: number | string, replication: number, name: string): Rng {
  return tycheiStream(streamSeed(masterSeed, replication, name));
}

/**
 * The random streams of one replication, created lazily by name and cached, so two callers asking
 * for the same name share one stream. For per-entity streams that the caller keeps anyway (e.g. a
 * `Rng[]` indexed by line), {@link RandomStreams.create} skips the cache. Either gives exactly
 * `createStream(masterSeed, replication, name)`, but faster: the seeding state of the common
 * prefix is computed once, so a stream costs ~0.1–0.2 µs (docs/performance.md).
 *
 * @example
 * const streams = new RandomStreams(42, 3);
 * const u = streams.get('demand')();
 */
export class RandomStreams {
  private readonly cache = new Map<string, Rng>();
  /** Seeding state after the common prefix `amtsim|seed|rep|`, so each stream hashes only its name. */
  private readonly prefix: Int32Array;
  constructor(
    readonly masterSeed: number | string,
    readonly replication: number,
  ) {
    this.prefix = tycheiPrefixState(streamSeed(masterSeed, replication, ''));
  }

  /** The stream with this name (created on first use, then the same object). */
  get(name: string): Rng {
    let s = this.cache.get(name);
    if (s === undefined) {
      s = this.create(name);
      this.cache.set(name, s);
    }
    return s;
  }

  /**
   * A fresh stream with this name, not cached: calling it twice with the same name returns two
   * generators that produce the same sequence. Use when the caller stores the stream itself.
   */
  create(name: string): Rng {
    const p = this.prefix;
    return tycheiContinue(p[0], p[1], p[2], p[3], name);
  }

  /** Number of cached streams. */
  get size(): number {
    return this.cache.size;
  }
}
