#!/usr/bin/env node
/**
 * Kernel benchmark (run with `npm run bench`, which builds `dist/` first).
 *
 * Measures, on one thread, with fixed iteration counts and every result consumed:
 *   1. random streams: draws per second and the cost of creating 20,000 named streams, for the
 *      generator amtsim uses (seedrandom's Tyche-i, inlined) and seedrandom's other generators;
 *   2. the classic hold model (pop the earliest event, schedule one at now + Exp(1)) with 1,000 and
 *      100,000 pending events: on the bare EventQueue (binary heap), on a 4-ary heap with the same layout,
 *      and through Simulation.run() (handler call, clock, counters);
 *   3. the k-of-n plant model on the kernel against the same model as a bare hand-written loop.
 * Each measurement is the best (least CPU time) of REPEATS runs after a warm-up run. Prints events (or draws) per
 * second, ratios and peak memory. Options: --quick (fewer iterations), --json (machine-readable),
 * --only=rng,hold,kofn (sections to run).
 */
import seedrandom from 'seedrandom';
import os from 'node:os';
import { EventQueue, packKey, Simulation, createStream, streamSeed, RandomStreams } from '../dist/kernel/index.js';
import { simulateKofN, kOfNClosedForm } from '../dist/kernel/examples/k-of-n.js';

const QUICK = process.argv.includes('--quick');
const JSON_OUT = process.argv.includes('--json');
const REPEATS = QUICK ? 2 : 3;
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const ONLY = onlyArg ? new Set(onlyArg.slice(7).split(',')) : null;
const runs = (section) => ONLY === null || ONLY.has(section);
const scale = QUICK ? 0.1 : 1;

let sink = 0; // every benchmark adds its result here so V8 cannot drop the work
let peakHeap = 0, peakRss = 0;
function sampleMemory() {
  const m = process.memoryUsage();
  if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  if (m.rss > peakRss) peakRss = m.rss;
}
/**
 * Best (shortest) time in ms of `REPEATS` runs of fn, after one warm-up run. Time is the process's
 * CPU time (user + system, process.cpuUsage), not wall time, so that other processes competing for
 * the machine's two cores do not count; it includes V8's background GC/compiler threads, so it errs
 * on the slow side.
 */
function best(fn) {
  sink += fn();
  sampleMemory();
  let t = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const c0 = process.cpuUsage();
    sink += fn();
    const c = process.cpuUsage(c0);
    const dt = (c.user + c.system) / 1e3;
    sampleMemory();
    if (dt < t) t = dt;
  }
  return t;
}
const results = {};
const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(1));
const line = (label, value) => { if (!JSON_OUT) console.log(`  ${label.padEnd(62)} ${value}`); };
const TWO_POW_M33 = 1 / 8589934592;

// ── 1. Random streams ───────────────────────────────────────────────────────────────────────
if (runs('rng') && !JSON_OUT) console.log('Random streams (draws/s; cost of creating 20,000 streams named amtsim|seed|rep|line:i:failures)');
const generators = {
  'RandomStreams.create (prefix state cached; amtsim)': (() => { const rs = new RandomStreams(20261124, 7); return (s) => rs.create(s); })(),
  'createStream (Tyche-i inlined; amtsim)': (s) => createStream(20261124, 7, s),
  'seedrandom.tychei': (s) => seedrandom.tychei(streamSeed(20261124, 7, s)),
  'seedrandom.alea': (s) => seedrandom.alea(streamSeed(20261124, 7, s)),
  'seedrandom.xor128': (s) => seedrandom.xor128(streamSeed(20261124, 7, s)),
  'seedrandom.xorshift7': (s) => seedrandom.xorshift7(streamSeed(20261124, 7, s)),
  'seedrandom.xor4096': (s) => seedrandom.xor4096(streamSeed(20261124, 7, s)),
  'seedrandom (ARC4, default)': (s) => seedrandom(streamSeed(20261124, 7, s)),
};
results.rng = {};
const DRAWS = Math.round(20_000_000 * scale);
const STREAMS = 20_000;
const names = Array.from({ length: STREAMS }, (_, i) => `line:${i}:failures`);
for (const [label, make] of runs('rng') ? Object.entries(generators) : []) {
  const tCreate = best(() => {
    let acc = 0;
    for (let i = 0; i < STREAMS; i++) acc += make(names[i])();
    return acc;
  });
  const r = make('bench');
  const tDraw = best(() => {
    let acc = 0;
    for (let i = 0; i < DRAWS; i++) acc += r();
    return acc;
  });
  results.rng[label] = { drawsPerSecond: DRAWS / (tDraw / 1e3), create20kMs: tCreate };
  line(label, `${fmt(DRAWS / (tDraw / 1e3))} draws/s   20,000 streams: ${tCreate.toFixed(1)} ms (${((tCreate * 1e3) / STREAMS).toFixed(2)} µs each)`);
}

// ── 2. Hold model ───────────────────────────────────────────────────────────────────────────
/**
 * A 4-ary variant of EventQueue with exactly its layout (heap of times and slots, payloads in a slot
 * pool), for comparison with the binary heap the kernel uses. Push and pop only; no cancellation.
 * It picks the earliest child with branches, as EventQueue did before its branch-free child
 * selection; a branch-free 4-ary version was measured separately and was no faster than the binary
 * heap (docs/performance.md).
 */
class QuaternaryQueue {
  constructor(cap) {
    this.times = new Float64Array(cap); this.slots = new Int32Array(cap); this.keys = new Float64Array(cap);
    this.kinds = new Int32Array(cap); this.as = new Float64Array(cap); this.bs = new Float64Array(cap);
    this.free = new Int32Array(cap); this.freeCount = 0; this.highWater = 0; this.length = 0;
  }
  push(time, key, kind, a, b) {
    const s = this.freeCount > 0 ? this.free[--this.freeCount] : this.highWater++;
    const keys = this.keys;
    keys[s] = key; this.kinds[s] = kind; this.as[s] = a; this.bs[s] = b;
    const times = this.times, slots = this.slots;
    let i = this.length++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p];
      if (pt < time || (pt === time && keys[slots[p]] < key)) break;
      times[i] = pt; slots[i] = slots[p];
      i = p;
    }
    times[i] = time; slots[i] = s;
    return s;
  }
  pop() {
    const times = this.times, slots = this.slots, keys = this.keys;
    const top = slots[0];
    const n = --this.length;
    this.free[this.freeCount++] = top;
    if (n <= 0) { this.length = 0; return top; }
    const time = times[n], s = slots[n], key = keys[s];
    let i = 0;
    for (;;) {
      const c0 = (i << 2) + 1;
      if (c0 >= n) break;
      let m = c0, mt = times[c0];
      const end = c0 + 4 < n ? c0 + 4 : n;
      for (let c = c0 + 1; c < end; c++) {
        const ct = times[c];
        if (ct < mt || (ct === mt && keys[slots[c]] < keys[slots[m]])) { m = c; mt = ct; }
      }
      if (time < mt || (time === mt && key < keys[slots[m]])) break;
      times[i] = mt; slots[i] = slots[m];
      i = m;
    }
    times[i] = time; slots[i] = s;
    return top;
  }
}

function holdQueue(makeQueue, pending, iterations) {
  return () => {
    const rng = createStream(1, 0, 'hold');
    const q = makeQueue(pending);
    let seq = 0;
    for (let i = 0; i < pending; i++) q.push(-Math.log(1 - rng() - TWO_POW_M33), packKey(0, seq++), 0, i, 0);
    let acc = 0;
    for (let i = 0; i < iterations; i++) {
      const now = q.times[0];
      const a = q.as[q.pop()];
      acc += a;
      q.push(now - Math.log(1 - rng() - TWO_POW_M33), packKey(0, seq++), 0, a, 0);
    }
    return acc + q.times[0];
  };
}

/** Hold on EventQueue the way Simulation uses it: take the root, push into its place, settle() sifts it down. */
function holdQueueTakeTop(pending, iterations) {
  return () => {
    const rng = createStream(1, 0, 'hold');
    const q = new EventQueue(pending);
    let seq = 0;
    for (let i = 0; i < pending; i++) q.push(-Math.log(1 - rng() - TWO_POW_M33), packKey(0, seq++), 0, i, 0);
    let acc = 0;
    for (let i = 0; i < iterations; i++) {
      q.settle(); // sift down the event the previous push put in the taken root's place
      const now = q.times[0];
      const a = q.as[q.takeTop()];
      acc += a;
      q.push(now - Math.log(1 - rng() - TWO_POW_M33), packKey(0, seq++), 0, a, 0);
    }
    q.settle();
    return acc + q.times[0];
  };
}

function holdSimulation(pending, iterations) {
  return () => {
    const rng = createStream(1, 0, 'hold');
    const sim = new Simulation({ initialCapacity: pending });
    // A typed-array cell rather than a captured `let`: updating a captured double allocates.
    const acc = new Float64Array(1);
    let count = 0;
    const hold = sim.register('hold', (a) => {
      acc[0] += a;
      if (++count === iterations) sim.stop();
      sim.schedule(hold, -Math.log(1 - rng() - TWO_POW_M33), a);
    });
    for (let i = 0; i < pending; i++) sim.schedule(hold, -Math.log(1 - rng() - TWO_POW_M33), i);
    sim.run();
    if (sim.eventsProcessed !== iterations) throw new Error('hold: wrong event count');
    return acc[0] + sim.now;
  };
}

results.hold = {};
if (runs('hold') && !JSON_OUT) console.log('\nHold model (pop the earliest event, schedule one at now + Exp(1)); events/s');
if (runs('hold')) {
  // The hold model's own work outside the kernel: the Exp(1) increment (stream draw and Math.log).
  const draws = Math.round(10_000_000 * scale);
  const tDraw = best(() => {
    const rng = createStream(1, 0, 'hold');
    let acc = 0;
    for (let i = 0; i < draws; i++) acc -= Math.log(1 - rng() - TWO_POW_M33);
    return acc;
  });
  results.hold.incrementNs = (tDraw * 1e6) / draws;
  line('Exp(1) increment alone (stream draw + Math.log), per event', `${results.hold.incrementNs.toFixed(1)} ns`);
}
for (const [pending, iterations] of !runs('hold') ? [] : [[1_000, Math.round(10_000_000 * scale)], [100_000, Math.round(4_000_000 * scale)]]) {
  const bin = best(holdQueue((n) => new EventQueue(n), pending, iterations));
  const quad = best(holdQueue((n) => new QuaternaryQueue(n), pending, iterations));
  const take = best(holdQueueTakeTop(pending, iterations));
  const sim = best(holdSimulation(pending, iterations));
  const r = {
    iterations,
    queueTakeTop: iterations / (take / 1e3),
    queue4ary: iterations / (quad / 1e3),
    queueBinary: iterations / (bin / 1e3),
    simulation: iterations / (sim / 1e3),
  };
  results.hold[pending] = r;
  const p = pending.toLocaleString('en-US');
  line(`${p} pending, EventQueue (binary), pop + push`, `${fmt(r.queueBinary)} events/s`);
  line(`${p} pending, 4-ary heap (same layout, branchy), pop + push`, `${fmt(r.queue4ary)} events/s  (binary/4-ary = ${(r.queueBinary / r.queue4ary).toFixed(2)})`);
  line(`${p} pending, EventQueue, takeTop + push (replace root)`, `${fmt(r.queueTakeTop)} events/s`);
  line(`${p} pending, Simulation.run() (handler, clock, schedule)`, `${fmt(r.simulation)} events/s`);
}

// ── 3. k-of-n: kernel vs bare loop ──────────────────────────────────────────────────────────
/**
 * The same k-of-n model as src/kernel/examples/k-of-n.ts written as a bare loop: one pending event
 * per plant in a binary heap of (time, plant), state in typed arrays, same streams and samplers,
 * so it must produce the same numbers.
 */
function kOfNBare(p, run) {
  const { n, k, failureRate, repairRate } = p;
  const upStreams = [], repairStreams = [];
  for (let i = 0; i < n; i++) {
    upStreams.push(createStream(run.seed, run.replication, `plant:${i}:up`));
    repairStreams.push(createStream(run.seed, run.replication, `plant:${i}:repair`));
  }
  const mUp = 1 / failureRate, mRep = 1 / repairRate;
  const times = new Float64Array(n), plant = new Int32Array(n), isUp = new Uint8Array(n).fill(1);
  let len = 0;
  const push = (t, i) => {
    let j = len++;
    while (j > 0) { const pj = (j - 1) >> 1; if (times[pj] <= t) break; times[j] = times[pj]; plant[j] = plant[pj]; j = pj; }
    times[j] = t; plant[j] = i;
  };
  const pop = () => {
    const m = --len; const t = times[m], pl = plant[m]; let j = 0;
    for (;;) {
      let c = 2 * j + 1; if (c >= m) break;
      if (c + 1 < m && times[c + 1] < times[c]) c++;
      if (t <= times[c]) break;
      times[j] = times[c]; plant[j] = plant[c]; j = c;
    }
    times[j] = t; plant[j] = pl;
  };
  for (let i = 0; i < n; i++) push(-Math.log(1 - upStreams[i]() - TWO_POW_M33) * mUp, i);
  let up = n, last = run.warmup, upArea = 0, shortTime = 0, entries = 0, events = 0;
  while (len > 0 && times[0] <= run.horizon) {
    const t = times[0], i = plant[0];
    pop();
    events++;
    if (t > run.warmup) {
      const dt = t - last;
      upArea += dt * up;
      if (up < k) shortTime += dt;
      last = t;
    }
    if (isUp[i]) {
      if (up === k && t > run.warmup) entries++;
      up--; isUp[i] = 0;
      push(t - Math.log(1 - repairStreams[i]() - TWO_POW_M33) * mRep, i);
    } else {
      up++; isUp[i] = 1;
      push(t - Math.log(1 - upStreams[i]() - TWO_POW_M33) * mUp, i);
    }
  }
  const dt = run.horizon - last;
  upArea += dt * up;
  if (up < k) shortTime += dt;
  const span = run.horizon - run.warmup;
  return { availability: upArea / (span * n), shortProbability: shortTime / span, shortEntryRate: entries / span, events };
}

/**
 * kOfNBare with the earlier child picked without a branch, as EventQueue does since 2026-11-25 (a
 * copy rather than a flag, so that neither loop pays for the other).
 */
function kOfNBareBranchFree(p, run) {
  const { n, k, failureRate, repairRate } = p;
  const upStreams = [], repairStreams = [];
  for (let i = 0; i < n; i++) {
    upStreams.push(createStream(run.seed, run.replication, `plant:${i}:up`));
    repairStreams.push(createStream(run.seed, run.replication, `plant:${i}:repair`));
  }
  const mUp = 1 / failureRate, mRep = 1 / repairRate;
  const times = new Float64Array(n), plant = new Int32Array(n), isUp = new Uint8Array(n).fill(1);
  let len = 0;
  const push = (t, i) => {
    let j = len++;
    while (j > 0) { const pj = (j - 1) >> 1; if (times[pj] <= t) break; times[j] = times[pj]; plant[j] = plant[pj]; j = pj; }
    times[j] = t; plant[j] = i;
  };
  const pop = () => {
    const m = --len; const t = times[m], pl = plant[m]; let j = 0;
    for (;;) {
      let c = 2 * j + 1; if (c >= m) break;
      if (c + 1 < m) c += +(times[c + 1] < times[c]); // the one difference: no branch
      if (t <= times[c]) break;
      times[j] = times[c]; plant[j] = plant[c]; j = c;
    }
    times[j] = t; plant[j] = pl;
  };
  for (let i = 0; i < n; i++) push(-Math.log(1 - upStreams[i]() - TWO_POW_M33) * mUp, i);
  let up = n, last = run.warmup, upArea = 0, shortTime = 0, entries = 0, events = 0;
  while (len > 0 && times[0] <= run.horizon) {
    const t = times[0], i = plant[0];
    pop();
    events++;
    if (t > run.warmup) {
      const dt = t - last;
      upArea += dt * up;
      if (up < k) shortTime += dt;
      last = t;
    }
    if (isUp[i]) {
      if (up === k && t > run.warmup) entries++;
      up--; isUp[i] = 0;
      push(t - Math.log(1 - repairStreams[i]() - TWO_POW_M33) * mRep, i);
    } else {
      up++; isUp[i] = 1;
      push(t - Math.log(1 - upStreams[i]() - TWO_POW_M33) * mUp, i);
    }
  }
  const dt = run.horizon - last;
  upArea += dt * up;
  if (up < k) shortTime += dt;
  const span = run.horizon - run.warmup;
  return { availability: upArea / (span * n), shortProbability: shortTime / span, shortEntryRate: entries / span, events };
}

if (runs('kofn')) {
  const kp = { n: 1000, k: 900, failureRate: 0.01, repairRate: 0.1 };
const krun = { seed: 20261124, replication: 0, horizon: Math.round(275_000 * scale), warmup: 1000 };
let kernelOut, bareOut;
const tKernel = best(() => { kernelOut = simulateKofN(kp, krun); return kernelOut.availability; });
const tBare = best(() => { bareOut = kOfNBare(kp, krun); return bareOut.availability; });
let bareFreeOut;
const tBareFree = best(() => { bareFreeOut = kOfNBareBranchFree(kp, krun); return bareFreeOut.availability; });
const exact = kOfNClosedForm(kp);
results.kOfN = {
  params: kp, run: krun, events: kernelOut.events,
  kernelEventsPerSecond: kernelOut.events / (tKernel / 1e3),
  bareEventsPerSecond: bareOut.events / (tBare / 1e3),
  ratio: tKernel / tBare,
  bareBranchFreeEventsPerSecond: bareFreeOut.events / (tBareFree / 1e3),
  ratioBranchFree: tKernel / tBareFree,
  sameAnswer: kernelOut.availability === bareOut.availability && kernelOut.shortEntryRate === bareOut.shortEntryRate
    && bareFreeOut.availability === bareOut.availability && bareFreeOut.shortEntryRate === bareOut.shortEntryRate,
  availability: { kernel: kernelOut.availability, bare: bareOut.availability, exact: exact.availability },
};
if (!JSON_OUT) {
  console.log(`\nk-of-n model (n = ${kp.n}, k = ${kp.k}, λ = ${kp.failureRate}/day, μ = ${kp.repairRate}/day, ${kernelOut.events.toLocaleString('en-US')} events)`);
  line('on the kernel (Simulation + distributions + streams)', `${fmt(results.kOfN.kernelEventsPerSecond)} events/s  (${tKernel.toFixed(0)} ms)`);
  line('bare hand-written loop (own heap, same streams)', `${fmt(results.kOfN.bareEventsPerSecond)} events/s  (${tBare.toFixed(0)} ms)`);
  line('kernel time / bare time', `${results.kOfN.ratio.toFixed(2)}×  (target ≤ 2×)`);
  line('bare loop with branch-free heap (as the kernel\'s)', `${fmt(results.kOfN.bareBranchFreeEventsPerSecond)} events/s  (${tBareFree.toFixed(0)} ms)`);
  line('kernel time / branch-free bare time', `${results.kOfN.ratioBranchFree.toFixed(2)}×`);
  line('same results (availability, entry rate)', `${results.kOfN.sameAnswer}  (availability ${kernelOut.availability.toFixed(5)}; exact ${exact.availability.toFixed(5)})`);
}

}

sampleMemory();
results.memory = { peakHeapUsedMB: peakHeap / 2 ** 20, peakRssSampledMB: peakRss / 2 ** 20, maxRssMB: process.resourceUsage().maxRSS / 1024 };
results.environment = { node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadAverage1min: os.loadavg()[0], repeats: REPEATS, quick: QUICK, timing: 'process CPU time' };
if (JSON_OUT) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log('\nMemory');
  line('peak heapUsed (sampled after each run)', `${results.memory.peakHeapUsedMB.toFixed(1)} MB`);
  line('peak RSS (process.resourceUsage().maxRSS)', `${results.memory.maxRssMB.toFixed(1)} MB`);
  console.log(`\n${results.environment.node}, ${results.environment.cpu}, ${results.environment.cores} cores, load average ${os.loadavg()[0].toFixed(1)}; best CPU time of ${REPEATS} runs${QUICK ? ' (--quick)' : ''}; checksum ${sink.toExponential(3)}`);
}
