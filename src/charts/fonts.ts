/**
 * The bundled chart font (Source Sans 3 TTFs from the `@expo-google-fonts/source-sans-3` package) and
 * its advance widths, so that Node-side rendering lays text out with the same font the PNG rasterizer
 * draws — never with whatever fonts the machine happens to have.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Absolute paths of the bundled regular and bold TTF files. */
export function fontFiles(): { regular: string; bold: string } {
  const root = dirname(require.resolve('@expo-google-fonts/source-sans-3/package.json'));
  return {
    regular: join(root, '400Regular', 'SourceSans3_400Regular.ttf'),
    bold: join(root, '700Bold', 'SourceSans3_700Bold.ttf'),
  };
}

/** Advance widths of one TrueType font, read from its `cmap` (format 4) and `hmtx` tables. */
export interface FontMetrics {
  unitsPerEm: number;
  /** Width of `text` at `fontSize` pixels. */
  width(text: string, fontSize: number): number;
}

/**
 * Parse the few tables needed for advance widths. Kerning is ignored (a fraction of a pixel per pair);
 * characters the font lacks get the width of `?`.
 */
export function parseFontMetrics(buf: Buffer): FontMetrics {
  const numTables = buf.readUInt16BE(4);
  const tables = new Map<string, number>();
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const need = (tag: string): number => {
    const off = tables.get(tag);
    if (off === undefined) throw new Error(`font has no '${tag}' table`);
    return off;
  };
  const unitsPerEm = buf.readUInt16BE(need('head') + 18);
  const numberOfHMetrics = buf.readUInt16BE(need('hhea') + 34);
  const hmtx = need('hmtx');
  const advance = (glyph: number): number =>
    buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  // cmap: prefer the Windows Unicode BMP subtable (3,1), else Unicode (0,*), format 4.
  const cmap = need('cmap');
  const nSub = buf.readUInt16BE(cmap + 2);
  let sub = -1;
  for (let i = 0; i < nSub; i++) {
    const platform = buf.readUInt16BE(cmap + 4 + i * 8);
    const encoding = buf.readUInt16BE(cmap + 6 + i * 8);
    const off = cmap + buf.readUInt32BE(cmap + 8 + i * 8);
    if (buf.readUInt16BE(off) !== 4) continue;
    if (platform === 3 && encoding === 1) { sub = off; break; }
    if (platform === 0 && sub < 0) sub = off;
  }
  if (sub < 0) throw new Error('font has no format-4 cmap subtable');
  const segX2 = buf.readUInt16BE(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  const glyphOf = (code: number): number => {
    for (let i = 0; i < segX2; i += 2) {
      if (code > buf.readUInt16BE(ends + i)) continue;
      const start = buf.readUInt16BE(starts + i);
      if (code < start) return 0;
      const delta = buf.readInt16BE(deltas + i);
      const ro = buf.readUInt16BE(rangeOffsets + i);
      if (ro === 0) return (code + delta) & 0xffff;
      const g = buf.readUInt16BE(rangeOffsets + i + ro + 2 * (code - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  const fallback = advance(glyphOf(0x3f));
  const charAdvance = (code: number): number => {
    let w = cache.get(code);
    if (w === undefined) {
      const g = code <= 0xffff ? glyphOf(code) : 0;
      w = g === 0 ? fallback : advance(g);
      cache.set(code, w);
    }
    return w;
  };
  return {
    unitsPerEm,
    width(text: string, fontSize: number): number {
      let units = 0;
      for (const ch of text) units += charAdvance(ch.codePointAt(0) ?? 0x3f);
      return (units * fontSize) / unitsPerEm;
    },
  };
}

let loaded: { regular: FontMetrics; bold: FontMetrics } | undefined;

/** Metrics of the bundled regular and bold faces (parsed once). */
export function bundledFontMetrics(): { regular: FontMetrics; bold: FontMetrics } {
  if (!loaded) {
    const files = fontFiles();
    loaded = { regular: parseFontMetrics(readFileSync(files.regular)), bold: parseFontMetrics(readFileSync(files.bold)) };
  }
  return loaded;
}
