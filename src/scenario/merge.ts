/**
 * Deep merge of scenario data, and the source maps that follow it: objects merge key by key (the
 * override wins), arrays and scalars replace. A merged source map answers "where was this path
 * written?" by asking the layer that supplied the value, so errors in an `extends` base or an arm
 * name the right file and line. Layers are looked up lazily: merging never copies locations,
 * which keeps national-scale files (tens of thousands of lines) fast.
 */
import { formatPath, type Loc, type LocMap, type Segment } from './source.js';

/** Answers where a path (relative to the data it describes) was written. */
export interface SourceMap {
  /** Location of exactly this path, if it was written somewhere. */
  exact(segs: readonly Segment[]): Loc | undefined;
}

/** A plain (non-array, non-null) object. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Source map of one parsed file. */
export function fileMap(locs: LocMap): SourceMap {
  return { exact: (segs) => locs.get(formatPath(segs)) };
}

/** The view of `map` below `prefix` (e.g. an arm's override inside the scenario). */
export function prefixedMap(map: SourceMap, prefix: readonly Segment[]): SourceMap {
  return { exact: (segs) => map.exact([...prefix, ...segs]) };
}

/** Source map of `deepMerge(base.value, over.value)`. */
export function mergedMap(base: { value: unknown; map: SourceMap }, over: { value: unknown; map: SourceMap }): SourceMap {
  return {
    exact(segs) {
      let b = base.value;
      let o = over.value;
      for (const s of segs) {
        if (o === undefined) return base.map.exact(segs);
        // The override replaced this subtree (an array, a scalar, or an object over a non-object).
        if (!isPlainObject(o) || !isPlainObject(b)) return over.map.exact(segs);
        b = b[s as string];
        o = o[s as string];
      }
      return o === undefined ? base.map.exact(segs) : (over.map.exact(segs) ?? base.map.exact(segs));
    },
  };
}

/** Location of `segs` or of its longest located prefix. */
export function locateIn(map: SourceMap, segs: readonly Segment[]): Loc | undefined {
  for (let n = segs.length; n >= 0; n--) {
    const l = map.exact(segs.slice(0, n));
    if (l) return l;
  }
  return undefined;
}

/**
 * Deep-merge `over` onto `base`: objects key by key, everything else replaced. Inputs are not modified.
 * @example deepMerge({ a: { x: 1, y: 2 }, l: [1] }, { a: { y: 3 }, l: [2] }) // => { a: { x: 1, y: 3 }, l: [2] }
 */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    const r: Record<string, unknown> = { ...base };
    for (const k of Object.keys(over)) r[k] = deepMerge(base[k], over[k]);
    return r;
  }
  return over;
}
