/**
 * Tidy CSV output. Numbers use JavaScript's shortest round-trip form, so a value read back is the
 * same double; NaN (undefined in the contract) is an empty cell.
 */

/** One CSV cell. */
export function cell(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text of `rows` with the given columns (header first, `\n` line ends, trailing newline). */
export function toCsv<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  const lines = [columns.join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c])).join(','));
  return lines.join('\n') + '\n';
}

/** Parse CSV text written by {@link toCsv} into header and string rows (quotes handled). */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      records.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    records.push(row);
  }
  return { header: records[0] ?? [], rows: records.slice(1) };
}
