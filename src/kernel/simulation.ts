import { EventQueue, packKey, keySequence, MIN_PRIORITY, MAX_PRIORITY } from './queue.js';

/**
 * An event handler. It receives the two numeric payloads given at scheduling time (for example an
 * entity index and a generation counter), so that scheduling allocates nothing.
 */
export type EventHandler = (a: number, b: number) => void;

/** Opaque handle of a scheduled event, used to cancel it. */
export type EventHandle = number;

/** Numeric id of a registered event kind. */
export type EventKind = number;

/** An error thrown by an event handler, annotated with the simulated time and the event kind. */
export class SimulationError extends Error {
  constructor(
    readonly time: number,
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
 * It knows nothing of what it simulates. `step()` is the whole loop; `run*()` are built on it.
 *
 * @example
 * const sim = new Simulation();
 * const tick = sim.register('tick', () => { if (sim.now < 10) sim.schedule(tick, 1); });
 * sim.schedule(tick, 0);
 * sim.run(100); // sim.now === 100, ten ticks processed
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
  private readonly cancelled = new Set<number>();
  private stopRequested = false;

  constructor(options: { initialCapacity?: number; startTime?: number } = {}) {
    this.queue = new EventQueue(options.initialCapacity ?? 1024);
    this.now = options.startTime ?? 0;
  }

  /** Register a handler for a new event kind; returns the kind's id. */
  register(name: string, handler: EventHandler): EventKind {
    this.handlers.push(handler);
    this.names.push(name);
    return this.handlers.length - 1;
  }

  /** Name of a registered event kind. */
  kindName(kind: EventKind): string {
    return this.names[kind] ?? `#${kind}`;
  }

  /**
   * Schedule an event `delay` days from now.
   * @param priority lower runs first among events at the same time; integer in [-2048, 2047]; default 0.
   * @throws RangeError if delay is negative or not finite.
   */
  schedule(kind: EventKind, delay: number, a = 0, b = 0, priority = 0): EventHandle {
    if (!(delay >= 0) || delay === Infinity) {
      throw new RangeError(`schedule: delay must be a finite number ≥ 0 days, got ${delay} (event "${this.kindName(kind)}")`);
    }
    return this.push(this.now + delay, kind, a, b, priority);
  }

  /**
   * Schedule an event at absolute time `time` (days).
   * @throws RangeError if time is earlier than now or not finite.
   */
  scheduleAt(kind: EventKind, time: number, a = 0, b = 0, priority = 0): EventHandle {
    if (!(time >= this.now) || time === Infinity) {
      throw new RangeError(`scheduleAt: time must be finite and ≥ now (${this.now}), got ${time} (event "${this.kindName(kind)}")`);
    }
    return this.push(time, kind, a, b, priority);
  }

  private push(time: number, kind: EventKind, a: number, b: number, priority: number): EventHandle {
    if (kind < 0 || kind >= this.handlers.length || (kind | 0) !== kind) {
      throw new RangeError(`schedule: unknown event kind ${kind}`);
    }
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY || (priority | 0) !== priority) {
      throw new RangeError(`schedule: priority must be an integer in [${MIN_PRIORITY}, ${MAX_PRIORITY}], got ${priority}`);
    }
    const s = this.seq++;
    this.queue.push(time, packKey(priority, s), kind, a, b);
    return s;
  }

  /**
   * Cancel a pending event. It is left in the queue as a tombstone and skipped when popped.
   * Returns false if the handle was already cancelled. Cancelling an event that has already run
   * is the caller's mistake and is not detected (use generation counters in payloads for that).
   */
  cancel(handle: EventHandle): boolean {
    if (this.cancelled.has(handle)) return false;
    this.cancelled.add(handle);
    return true;
  }

  /** Time of the next live (not cancelled) event, or `Infinity` if none. */
  peek(): number {
    const q = this.queue;
    if (this.cancelled.size > 0) {
      while (q.length > 0 && this.cancelled.delete(keySequence(q.topKey))) q.pop();
    }
    return q.peekTime();
  }

  /** Number of pending entries, tombstones included. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Process the next event: advance the clock to it and call its handler.
   * Returns false when the queue is empty.
   * @throws SimulationError wrapping any error thrown by the handler.
   */
  step(): boolean {
    const q = this.queue;
    for (;;) {
      if (q.length === 0) return false;
      const time = q.peekTime();
      const kind = q.topKind, a = q.topA, b = q.topB;
      if (this.cancelled.size > 0) {
        const s = keySequence(q.topKey);
        if (this.cancelled.delete(s)) { q.pop(); continue; }
      }
      q.pop();
      this.now = time;
      this.eventsProcessed++;
      try {
        this.handlers[kind](a, b);
      } catch (err) {
        if (err instanceof SimulationError) throw err;
        throw new SimulationError(time, this.names[kind], err);
      }
      return true;
    }
  }

  /**
   * Run until the clock reaches `until` (events at exactly `until` are processed), the queue
   * empties, or `stop()` is called. With `until` given, the clock ends at `until` unless stopped.
   */
  run(until = Infinity): void {
    this.stopRequested = false;
    while (!this.stopRequested && this.peek() <= until) this.step();
    if (!this.stopRequested && until !== Infinity && this.now < until) this.now = until;
  }

  /** Run while `condition()` holds (checked before each event) and events remain. */
  runWhile(condition: () => boolean, until = Infinity): void {
    this.stopRequested = false;
    while (!this.stopRequested && this.peek() <= until && condition()) this.step();
  }

  /** Ask a running `run()` / `runWhile()` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }
}
