import { EventQueue, packKey, MIN_PRIORITY, MAX_PRIORITY, SEQ_SPAN } from './queue.js';

/**
 * An event handler. It receives the two numeric payloads given at scheduling time (for example an
 * entity index and a generation counter), so that scheduling allocates nothing.
 */
export type EventHandler = (a: number, b: number) => void;

/** Opaque handle of a scheduled event (a slot and generation number), used to cancel it. */
export type EventHandle = number;

/** Numeric id of a registered event kind. */
export type EventKind = number;

/** An error thrown by an event handler, annotated with the simulated time and the event kind. */
export class SimulationError extends Error {
  constructor(
    /** Simulated time (days) of the event whose handler failed. */
    readonly time: number,
    /** Name of the event kind whose handler failed. */
    readonly kind: string,
    override readonly cause: unknown,
  ) {
    const inner = cause instanceof Error ? cause.message : String(cause);
    super(`error in handler of event "${kind}" at simulated time ${time} days: ${inner}`);
    this.name = 'SimulationError';
  }
}

/**
 * A discrete-event simulation kernel: a clock in days, a pending-event set with a total order
 * (time, priority, insertion sequence), and handlers keyed by event kind.
 *
 * It knows nothing of what it simulates. Handlers are plain functions (no promises): a handler
 * changes state and schedules further events. Errors thrown by a handler propagate as a
 * {@link SimulationError} naming the simulated time and the event kind; they are never swallowed.
 *
 * Cancellation is lazy: `cancel(handle)` marks the event and it is skipped when it reaches the
 * front of the queue (a tombstone), so cancelling costs O(1). Handles go stale when their event
 * runs, so cancelling an event that already ran is detected (returns false).
 *
 * Speed (docs/performance.md): the loop takes the earliest event without sifting, lets the
 * handler's first `schedule()` take its place in the heap and sifts it down after the handler
 * returns, so the common "handle one event, schedule the next" pattern costs one sift instead of
 * two, and `schedule()` stays small enough for V8 to inline into handlers (no boxed numbers).
 *
 * @example
 * const sim = new Simulation();
 * const tick = sim.register('tick', () => { if (sim.now < 10) sim.schedule(tick, 1); });
 * sim.schedule(tick, 0);
 * sim.run(100); // sim.now === 100, eleven ticks processed (t = 0, 1, …, 10)
 */
export class Simulation {
  /** Current simulated time in days. */
  now = 0;
  /** Events processed so far (cancelled events are not counted). */
  eventsProcessed = 0;

  private readonly queue: EventQueue;
  private readonly handlers: EventHandler[] = [];
  private readonly names: string[] = [];
  private seq = 0;
  private stopRequested = false;

  /**
   * @param options.initialCapacity pending-event slots allocated up front (grows by doubling); default 1024.
   * @param options.startTime initial clock in days; default 0.
   */
  constructor(options: { initialCapacity?: number; startTime?: number } = {}) {
    this.queue = new EventQueue(options.initialCapacity ?? 1024);
    this.now = options.startTime ?? 0;
  }

  /** Register a handler for a new event kind; returns the kind's id. */
  register(name: string, handler: EventHandler): EventKind {
    if (typeof handler !== 'function') throw new TypeError(`register("${name}"): handler must be a function`);
    this.handlers.push(handler);
    this.names.push(name);
    return this.handlers.length - 1;
  }

  /** Name of a registered event kind. */
  kindName(kind: EventKind): string {
    return this.names[kind] ?? `#${kind}`;
  }

  /**
   * Schedule an event `delay` days from now; returns a handle for {@link cancel}.
   * @param a first payload passed to the handler (default 0).
   * @param b second payload passed to the handler (default 0).
   * @param priority lower runs first among events at the same time; integer in [-2048, 2047]; default 0.
   * @throws RangeError if delay is negative, NaN or infinite, or the kind or priority is invalid.
   */
  schedule(kind: EventKind, delay: number, a = 0, b = 0, priority = 0): EventHandle {
    // The hot call, so its bytecode is kept short: V8 inlines it (and the queue's push) into the
    // handler only while the inlining budget lasts, and a call that is not inlined boxes the double
    // arguments and the returned handle in new heap numbers. Hence one combined test of the common
    // case, with messages and rarer checks in cold methods, and no code shared with scheduleAt.
    // `kind >>> 0 === kind` accepts exactly the integers in [0, 2^32): no NaN, fraction or negative.
    if (!(delay >= 0 && delay < Infinity && kind >>> 0 === kind && kind < this.handlers.length) || priority !== 0) {
      this.checkArguments(false, kind, delay, priority);
    }
    const s = this.seq++;
    if (s >= SEQ_SPAN) this.tooMany();
    return this.queue.push(this.now + delay, packKey(priority, s), kind, a, b);
  }

  /**
   * Schedule an event at absolute time `time` (days); returns a handle for {@link cancel}.
   * @throws RangeError if time is earlier than now, NaN or infinite.
   */
  scheduleAt(kind: EventKind, time: number, a = 0, b = 0, priority = 0): EventHandle {
    if (!(time >= this.now && time < Infinity && kind >>> 0 === kind && kind < this.handlers.length) || priority !== 0) {
      this.checkArguments(true, kind, time, priority);
    }
    const s = this.seq++;
    if (s >= SEQ_SPAN) this.tooMany();
    return this.queue.push(time, packKey(priority, s), kind, a, b);
  }

  /**
   * Cold path of schedule (`at` false, `t` = delay) and scheduleAt (`at` true, `t` = time): throws a
   * RangeError naming what is wrong, or returns if the arguments are valid after all (a valid
   * non-zero priority).
   */
  private checkArguments(at: boolean, kind: number, t: number, priority: number): void {
    if (at && !(t >= this.now && t < Infinity)) {
      throw new RangeError(`scheduleAt: time must be finite and ≥ now (${this.now} days), got ${t} (event "${this.kindName(kind)}")`);
    }
    if (!at && !(t >= 0 && t < Infinity)) {
      throw new RangeError(`schedule: delay must be a finite number ≥ 0 days, got ${t} (event "${this.kindName(kind)}")`);
    }
    if (!(kind >>> 0 === kind && kind < this.handlers.length)) {
      throw new RangeError(`schedule: unknown event kind ${kind} (register it first)`);
    }
    if (!(priority >= MIN_PRIORITY && priority <= MAX_PRIORITY && (priority | 0) === priority)) {
      throw new RangeError(`schedule: priority must be an integer in [${MIN_PRIORITY}, ${MAX_PRIORITY}], got ${priority}`);
    }
  }

  private tooMany(): never {
    throw new RangeError('schedule: more than 2^40 events scheduled in one simulation');
  }

  /**
   * Cancel a pending event. It stays in the queue as a tombstone and is skipped when it reaches the
   * front (O(1)). Returns true if the event was pending, false if it had already run, had already
   * been cancelled, or the handle is not one this simulation issued.
   *
   * Handles are (slot, generation) pairs; a stale handle could only be mistaken for a live one after
   * its slot had been reused 2^27 times, so keep handles only while their event is pending.
   */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** Time of the next live (not cancelled) event, or `Infinity` if none. */
  peek(): number {
    if (this.queue.tombstones !== 0) this.queue.dropCancelledRoot();
    return this.queue.peekTime();
  }

  /** Number of pending entries, tombstones included. */
  get pending(): number {
    this.queue.settle();
    return this.queue.length;
  }

  /**
   * Process the next live event: advance the clock to it and call its handler.
   * Returns false (and does nothing) when no event is pending.
   * @throws SimulationError wrapping any error thrown by the handler.
   */
  step(): boolean {
    const q = this.queue;
    q.settle();
    if (q.tombstones !== 0) q.dropCancelledRoot();
    if (q.length === 0) return false;
    const time = q.times[0];
    const s = q.takeTop();
    const kind = q.kinds[s], a = q.as[s], b = q.bs[s];
    this.now = time;
    this.eventsProcessed++;
    try {
      this.handlers[kind](a, b);
    } catch (err) {
      throw this.wrap(err, time, kind);
    } finally {
      q.settle();
    }
    return true;
  }

  private wrap(err: unknown, time: number, kind: number): SimulationError {
    return err instanceof SimulationError ? err : new SimulationError(time, this.names[kind], err);
  }

  /**
   * Run until the next event is later than `until` (events at exactly `until` are processed), the
   * queue empties, or `stop()` is called. Unless stopped, the clock ends at `until` when `until`
   * is finite and not earlier than now (so statistics can be closed at the horizon).
   *
   * This is `while (peek() <= until) step()` written out, because it is the hot loop.
   * @throws SimulationError wrapping any error thrown by a handler.
   * @throws RangeError if `until` is NaN.
   */
  run(until = Infinity): void {
    if (Number.isNaN(until)) throw new RangeError('run: until must be a number of days, got NaN');
    this.stopRequested = false;
    const q = this.queue, handlers = this.handlers;
    // Only the kind (a small integer) is shared with the catch block: a double assigned in the loop
    // and read in the handler was kept tagged, i.e. boxed in a new heap number per event. The catch
    // reads the time from this.now, which equals the failing event's time (nothing between reading
    // the root's time and setting the clock can throw).
    let kind = -1;
    try {
      while (!this.stopRequested) {
        // Remove the root the last handler left if it scheduled nothing, or sift down the event its
        // first schedule() put in the root's place.
        q.settle();
        if (q.tombstones !== 0) q.dropCancelledRoot();
        if (q.length === 0) break;
        const time = q.times[0];
        if (time > until) break;
        // Take the root without sifting: the handler's first schedule() fills its place.
        const s = q.takeTop();
        kind = q.kinds[s];
        const a = q.as[s], b = q.bs[s];
        this.now = time;
        this.eventsProcessed++;
        handlers[kind](a, b);
      }
    } catch (err) {
      throw this.wrap(err, this.now, kind);
    } finally {
      q.settle();
    }
    if (!this.stopRequested && until < Infinity && this.now < until) this.now = until;
  }

  /**
   * Run while `condition()` holds (checked before each event), events remain, the next event is not
   * later than `until`, and `stop()` has not been called. The clock stays at the last event's time.
   * @throws SimulationError wrapping any error thrown by a handler.
   */
  runWhile(condition: () => boolean, until = Infinity): void {
    this.stopRequested = false;
    while (!this.stopRequested && this.peek() <= until && condition()) this.step();
  }

  /** Ask a running `run()` / `runWhile()` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }
}
