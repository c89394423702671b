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
 * them as read-only outside this file. After {@link EventQueue.takeTop} and a push, `times[0]` is the
 * earliest entry only once {@link EventQueue.settle} has run (every other method settles first).
 */

/** Handles are `generation · SLOT_SPAN + slot`: 2^26 slots (67 million pending events) at most. */
export const SLOT_SPAN = 67108864;
/** Generations wrap at 2^27 (mask below) so handles stay exact integers below 2^53. */
const GEN_MASK = 134217727;

/** Root position states of {@link EventQueue} (see its `root` field). */
const ROOT_SETTLED = 0, ROOT_TAKEN = 1, ROOT_UNSIFTED = 2;

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
  /**
   * State of the root position: {@link ROOT_SETTLED}; {@link ROOT_TAKEN} (a hole left by
   * {@link takeTop}); or {@link ROOT_UNSIFTED} (a push filled the hole but has not sifted it down).
   */
  private root = ROOT_SETTLED;

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
   * If the root has been taken with {@link takeTop}, the new event takes its place, and the sift
   * down is left to {@link settle}, which the simulation loop calls after the handler returns. Most
   * events schedule at least one follow-up, so this saves one sift per event (a removal's sift down
   * plus an insertion's sift up become one sift down); the heap holds the same entries, so the pop
   * order is unchanged.
   *
   * Deferring the sift keeps `push` (and `Simulation.schedule` around it) small enough for V8 to
   * inline into event handlers: a call that is not inlined boxes every double argument (time, key)
   * and the returned handle in new heap numbers. The sifts take only small integers, so calling
   * them costs no allocation either.
   */
  push(time: number, key: number, kind: number, a: number, b: number): number {
    const s = this.newSlot();
    this.keys[s] = key; this.kinds[s] = kind; this.as[s] = a; this.bs[s] = b;
    const i = this.newPosition();
    this.times[i] = time; this.slots[i] = s;
    if (i !== 0) this.siftUp(i);
    return this.gens[s] * SLOT_SPAN + s;
  }

  /** A free slot for a new event (growing the arrays if full). */
  private newSlot(): number {
    if (this.length === this.times.length) this.grow();
    return this.freeCount > 0 ? this.free[--this.freeCount] : this.highWater++;
  }

  /**
   * The heap position for a new event: the taken root's place (left unsifted until
   * {@link settle}), or a new position at the end, which the caller sifts up.
   */
  private newPosition(): number {
    if (this.root === ROOT_TAKEN) {
      this.root = ROOT_UNSIFTED;
      return 0;
    }
    // A second push from the same handler: settle the first one so the heap is valid again.
    if (this.root === ROOT_UNSIFTED) this.settle();
    return this.length++;
  }

  /** Move the entry at position i up to its place. */
  private siftUp(i: number): void {
    const times = this.times, slots = this.slots, keys = this.keys;
    const time = times[i], s = slots[i], key = keys[s];
    // Move the hole up while the parent is later; write the entry once at the end.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p];
      if (pt < time || (pt === time && keys[slots[p]] < key)) break;
      times[i] = pt; slots[i] = slots[p];
      i = p;
    }
    times[i] = time; slots[i] = s;
  }

  /** Move the entry at the root of a heap of n entries down to its place. */
  private siftDown(n: number): void {
    const times = this.times, slots = this.slots, keys = this.keys;
    const time = times[0], s = slots[0], key = keys[s];
    let i = 0;
    // Move the hole down, following the earlier child, until the entry fits.
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = times[c];
      const d = c + 1;
      if (d < n) {
        // Which child is earlier is a coin toss, so a branch on it is mispredicted half the time;
        // adding the comparison's 0 or 1 to the index compiles without a branch (+35 % on the
        // hold model). Equal times are rare and fall back to the tie-breaking key.
        const dt = times[d];
        if (dt !== ct) c += +(dt < ct);
        else if (keys[slots[d]] < keys[slots[c]]) c = d;
        ct = times[c];
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
    this.times[0] = this.times[n]; this.slots[0] = this.slots[n];
    this.siftDown(n);
  }

  /** Release a slot: its handle becomes stale and the slot reusable. */
  private release(slot: number): void {
    this.gens[slot] = (this.gens[slot] + 1) & GEN_MASK;
    this.free[this.freeCount++] = slot;
  }

  /**
   * Take the root event for processing and return its slot (read `kinds`, `as`, `bs` at once: the
   * next push reuses the slot). The root position stays in the heap as a placeholder until the
   * next `push` fills it or {@link settle} removes it. Precondition: length > 0 and the heap is
   * settled (call {@link settle} first). Used by Simulation's loop; other callers want {@link pop}.
   */
  takeTop(): number {
    const top = this.slots[0];
    this.release(top);
    this.root = ROOT_TAKEN;
    return top;
  }

  /**
   * Restore the heap after {@link takeTop}: remove the root if no push filled it, or sift down the
   * event a push put there. `times[0]` and `slots[0]` are the earliest entry only after this. Cheap
   * when there is nothing to do.
   */
  settle(): void {
    const state = this.root;
    if (state !== ROOT_SETTLED) {
      this.root = ROOT_SETTLED;
      if (state === ROOT_TAKEN) this.removeRoot();
      else this.siftDown(this.length);
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
