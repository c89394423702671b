/**
 * Pending-event set: a 4-ary min-heap stored as parallel typed arrays (struct of arrays).
 *
 * Entries are ordered by (time, key) where `key` packs the priority and the insertion sequence
 * into one float64 (see {@link packKey}), so equal-time events always pop in the same order.
 * No object is allocated per entry; arrays grow by doubling.
 */
export class EventQueue {
  /** Event time of each heap slot. */
  private times: Float64Array;
  /** Packed (priority, sequence) tie-breaker of each heap slot. */
  private keys: Float64Array;
  /** Event kind of each heap slot. */
  private kinds: Int32Array;
  /** First numeric payload of each heap slot. */
  private as: Float64Array;
  /** Second numeric payload of each heap slot. */
  private bs: Float64Array;
  /** Number of entries. */
  length = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity | 0);
    this.times = new Float64Array(n);
    this.keys = new Float64Array(n);
    this.kinds = new Int32Array(n);
    this.as = new Float64Array(n);
    this.bs = new Float64Array(n);
  }

  private grow(): void {
    const n = this.times.length * 2;
    const t = new Float64Array(n); t.set(this.times); this.times = t;
    const k = new Float64Array(n); k.set(this.keys); this.keys = k;
    const c = new Int32Array(n); c.set(this.kinds); this.kinds = c;
    const a = new Float64Array(n); a.set(this.as); this.as = a;
    const b = new Float64Array(n); b.set(this.bs); this.bs = b;
  }

  /** Insert an entry. */
  push(time: number, key: number, kind: number, a: number, b: number): void {
    if (this.length === this.times.length) this.grow();
    const times = this.times, keys = this.keys, kinds = this.kinds, as = this.as, bs = this.bs;
    let i = this.length++;
    // Sift the hole up.
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p];
      if (pt < time || (pt === time && keys[p] < key)) break;
      times[i] = pt; keys[i] = keys[p]; kinds[i] = kinds[p]; as[i] = as[p]; bs[i] = bs[p];
      i = p;
    }
    times[i] = time; keys[i] = key; kinds[i] = kind; as[i] = a; bs[i] = b;
  }

  /** Time of the first entry, or `Infinity` when empty. */
  peekTime(): number {
    return this.length > 0 ? this.times[0] : Infinity;
  }

  /** Fields of the root entry (valid until the next mutation). */
  get topKey(): number { return this.keys[0]; }
  get topKind(): number { return this.kinds[0]; }
  get topA(): number { return this.as[0]; }
  get topB(): number { return this.bs[0]; }

  /** Remove the root entry. Read it first with `peekTime()` and the `top*` getters. */
  pop(): void {
    const n = --this.length;
    if (n === 0) return;
    const times = this.times, keys = this.keys, kinds = this.kinds, as = this.as, bs = this.bs;
    const time = times[n], key = keys[n], kind = kinds[n], a = as[n], b = bs[n];
    let i = 0;
    // Sift the hole down, always following the smallest of up to four children.
    for (;;) {
      const c0 = (i << 2) + 1;
      if (c0 >= n) break;
      let m = c0;
      let mt = times[c0], mk = keys[c0];
      const end = c0 + 4 < n ? c0 + 4 : n;
      for (let c = c0 + 1; c < end; c++) {
        const ct = times[c];
        if (ct < mt || (ct === mt && keys[c] < mk)) { m = c; mt = ct; mk = keys[c]; }
      }
      if (time < mt || (time === mt && key < mk)) break;
      times[i] = mt; keys[i] = mk; kinds[i] = kinds[m]; as[i] = as[m]; bs[i] = bs[m];
      i = m;
    }
    times[i] = time; keys[i] = key; kinds[i] = kind; as[i] = a; bs[i] = b;
  }

  clear(): void {
    this.length = 0;
  }
}

/** Priority offset so that priorities in [-2048, 2047] pack as non-negative numbers. */
const PRIORITY_OFFSET = 2048;
/** 2^40: room for about 1.1e12 sequence numbers per simulation. */
const SEQ_SPAN = 1099511627776;

/**
 * Pack (priority, sequence) into one float64 that orders first by priority, then by sequence.
 * Exact for priorities in [-2048, 2047] and sequences below 2^40 (the product stays below 2^53).
 */
export function packKey(priority: number, seq: number): number {
  return (priority + PRIORITY_OFFSET) * SEQ_SPAN + seq;
}

/** The insertion sequence encoded in a packed key. */
export function keySequence(key: number): number {
  return key % SEQ_SPAN;
}

export const MIN_PRIORITY = -PRIORITY_OFFSET;
export const MAX_PRIORITY = PRIORITY_OFFSET - 1;
