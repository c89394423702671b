/**
 * Pending-event set: a binary min-heap in typed arrays, with no object allocated per event.
 *
 * Layout (struct of arrays):
 * - the heap proper holds only `times[i]` (float64) and `slots[i]` (int32), so a sift moves two
 *   numbers per level;
 * - each event's other fields live in a slot pool indexed by slot: `keys` (packed priority and
 *   insertion sequence, read only to break equal times), `kinds`, payloads `as` and `bs`, and
 *   `gens`/`cancelled`, which make handles checkable and cancellation O(1).
 * Free slots are reused last-in first-out, so the pool stays as small as the peak number of pending
 * events and hot in cache.
 *
 * Order: (time, priority, insertion sequence) — a total order, so equal-time events always pop in
 * the same order. Arity: {@link ARITY}; `scripts/bench-kernel.mjs` measures 2- vs 4-ary
 * (docs/performance.md).
 *
 * The arrays are public so that {@link Simulation}'s loop can read the root without calls; treat
 * them as read-only outside this file.
 */

/** Handles are `generation · SLOT_SPAN + slot`: 2^26 slots (67 million pending events) at most. */
export const SLOT_SPAN = 67108864;
/** Generations wrap at 2^27 (mask below) so handles stay exact integers below 2^53. */
const GEN_MASK = 134217727;

export class EventQueue {
  /** Event time of each heap position (days). */
  times: Float64Array;
  /** Slot of the event at each heap position. */
  slots: Int32Array;
  /** Packed (priority, sequence) tie-breaker, by slot. */
  keys: Float64Array;
  /** Event kind, by slot. */
  kinds: Int32Array;
  /** First numeric payload, by slot. */
  as: Float64Array;
  /** Second numeric payload, by slot. */
  bs: Float64Array;
  /**
   * Generation of each slot, incremented when its event leaves the heap, so a handle
   * (generation, slot) is current exactly while its event is pending.
   */
  private gens: Int32Array;
  /** 1 if the pending event in this slot is cancelled (a tombstone), by slot. */
  private cancelled: Uint8Array;
  /** Stack of free slots below `highWater`. */
  private free: Int32Array;
  private freeCount = 0;
  /** Slots ever used. */
  private highWater = 0;
  /**
   * Number of entries in the heap (cancelled ones included; while a taken root is not settled, it
   * is still counted).
   */
  length = 0;
  /** Number of cancelled entries still in the heap. */
  tombstones = 0;
  /** True between {@link takeTop} and the push or {@link settle} that fills or removes the root. */
  private topTaken = false;

  /** @param initialCapacity events held before the first growth (min 16); doubles when full. */
  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity | 0);
    this.times = new Float64Array(n);
    this.slots = new Int32Array(n);
    this.keys = new Float64Array(n);
    this.kinds = new Int32Array(n);
    this.as = new Float64Array(n);
    this.bs = new Float64Array(n);
    this.gens = new Int32Array(n);
    this.cancelled = new Uint8Array(n);
    this.free = new Int32Array(n);
  }

  /** Allocated capacity (events). */
  get capacity(): number {
    return this.times.length;
  }

  private grow(): void {
    const n = this.times.length * 2;
    if (n > SLOT_SPAN) throw new RangeError(`event queue: more than ${SLOT_SPAN} pending events`);
    const f64 = (old: Float64Array): Float64Array => { const x = new Float64Array(n); x.set(old); return x; };
    const i32 = (old: Int32Array): Int32Array => { const x = new Int32Array(n); x.set(old); return x; };
    this.times = f64(this.times);
    this.slots = i32(this.slots);
    this.keys = f64(this.keys);
    this.kinds = i32(this.kinds);
    this.as = f64(this.as);
    this.bs = f64(this.bs);
    this.gens = i32(this.gens);
    this.free = i32(this.free);
    const st = new Uint8Array(n); st.set(this.cancelled); this.cancelled = st;
  }

  /**
   * Insert an event; returns its handle (for {@link cancel}).
   *
   * If the root has been taken with {@link takeTop} and not yet removed, the new event replaces it
   * and sifts down once, instead of a removal (sift down) followed by an insertion (sift up). Most
   * events schedule at least one follow-up, so this saves about one sift per event; the resulting
   * heap holds the same entries, so the pop order is unchanged.
   */
  push(time: number, key: number, kind: number, a: number, b: number): number {
    if (this.length === this.times.length) this.grow();
    const s = this.freeCount > 0 ? this.free[--this.freeCount] : this.highWater++;
    const keys = this.keys;
    keys[s] = key; this.kinds[s] = kind; this.as[s] = a; this.bs[s] = b;
    const handle = this.gens[s] * SLOT_SPAN + s;
    if (this.topTaken) {
      this.topTaken = false;
      this.siftDown(time, s, key, this.length);
      return handle;
    }
    const times = this.times, slots = this.slots;
    let i = this.length++;
    // Move the hole up while the parent is later; write the new entry once at the end.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p];
      if (pt < time || (pt === time && keys[slots[p]] < key)) break;
      times[i] = pt; slots[i] = slots[p];
      i = p;
    }
    times[i] = time; slots[i] = s;
    return handle;
  }

  /** Place (time, slot, key) at the root of a heap of n entries and move it down to its place. */
  private siftDown(time: number, s: number, key: number, n: number): void {
    const times = this.times, slots = this.slots, keys = this.keys;
    let i = 0;
    // Move the hole down, following the earlier child, until the entry fits.
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = times[c];
      const d = c + 1;
      if (d < n) {
        const dt = times[d];
        if (dt < ct || (dt === ct && keys[slots[d]] < keys[slots[c]])) { c = d; ct = dt; }
      }
      if (time < ct || (time === ct && key < keys[slots[c]])) break;
      times[i] = ct; slots[i] = slots[c];
      i = c;
    }
    times[i] = time; slots[i] = s;
  }

  /** Remove the root position (its slot must already be released). */
  private removeRoot(): void {
    const n = --this.length;
    if (n <= 0) { this.length = 0; return; }
    const s = this.slots[n];
    this.siftDown(this.times[n], s, this.keys[s], n);
  }

  /** Release a slot: its handle becomes stale and the slot reusable. */
  private release(slot: number): void {
    this.gens[slot] = (this.gens[slot] + 1) & GEN_MASK;
    this.free[this.freeCount++] = slot;
  }

  /**
   * Take the root event for processing and return its slot (read `kinds`, `as`, `bs` at once: the
   * next push reuses the slot). The root position stays in the heap as a placeholder until the
   * next `push` replaces it or {@link settle} removes it. Precondition: length > 0 and the root is
   * not taken already. Used by Simulation's loop; other callers want {@link pop}.
   */
  takeTop(): number {
    const top = this.slots[0];
    this.release(top);
    this.topTaken = true;
    return top;
  }

  /** Remove a root taken by {@link takeTop} that no push has replaced. Cheap when there is none. */
  settle(): void {
    if (this.topTaken) {
      this.topTaken = false;
      this.removeRoot();
    }
  }

  /** Time of the root entry (cancelled or not), or `Infinity` when empty. */
  peekTime(): number {
    this.settle();
    return this.length > 0 ? this.times[0] : Infinity;
  }

  /**
   * Remove the root entry and return its slot. The slot's `kinds`, `as`, `bs`, `keys` stay readable
   * until the next `push`, which may reuse the slot.
   */
  pop(): number {
    this.settle();
    const top = this.slots[0];
    this.release(top);
    this.removeRoot();
    return top;
  }

  /**
   * Mark the event with this handle as cancelled (it stays in the heap as a tombstone until it
   * reaches the root). Returns false if the handle's event is no longer pending (already popped or
   * cancelled) or the handle was never issued.
   */
  cancel(handle: number): boolean {
    if (!(handle >= 0) || !Number.isInteger(handle)) return false;
    const s = handle % SLOT_SPAN;
    const g = (handle - s) / SLOT_SPAN;
    if (s >= this.highWater || this.gens[s] !== g || this.cancelled[s] !== 0) return false;
    this.cancelled[s] = 1;
    this.tombstones++;
    return true;
  }

  /** True if the root entry is a tombstone. */
  rootCancelled(): boolean {
    this.settle();
    return this.length > 0 && this.cancelled[this.slots[0]] !== 0;
  }

  /** Pop tombstones off the root until a live event (or nothing) is there. */
  dropCancelledRoot(): void {
    this.settle();
    while (this.length > 0 && this.cancelled[this.slots[0]] !== 0) {
      this.cancelled[this.pop()] = 0;
      this.tombstones--;
    }
  }

  /** Remove every entry (capacity is kept; outstanding handles become stale). */
  clear(): void {
    this.settle();
    while (this.length > 0) this.cancelled[this.pop()] = 0;
    this.tombstones = 0;
  }
}

/**
 * Arity of the heap (children per node). Binary won over 4-ary with this slot layout at both 1,000
 * and 100,000 pending events (docs/performance.md), so the heap is binary.
 */
export const ARITY = 2;

/** Priority offset so that priorities in [-2048, 2047] pack as non-negative numbers. */
const PRIORITY_OFFSET = 2048;
/** 2^40: room for about 1.1e12 sequence numbers per simulation. */
export const SEQ_SPAN = 1099511627776;

/**
 * Pack (priority, sequence) into one float64 that orders first by priority, then by sequence.
 * Exact for priorities in [-2048, 2047] and sequences below 2^40 (the product stays below 2^53).
 *
 * @example
 * packKey(0, 5) < packKey(0, 6); // => true
 * packKey(-1, 9) < packKey(0, 1); // => true
 */
export function packKey(priority: number, seq: number): number {
  return (priority + PRIORITY_OFFSET) * SEQ_SPAN + seq;
}

/** The insertion sequence encoded in a packed key. */
export function keySequence(key: number): number {
  return key % SEQ_SPAN;
}

/** Lowest allowed event priority (runs first among equal times). */
export const MIN_PRIORITY = -PRIORITY_OFFSET;
/** Highest allowed event priority. */
export const MAX_PRIORITY = PRIORITY_OFFSET - 1;
