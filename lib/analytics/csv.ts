/**
 * CSV that opens right in Excel for Russian users: UTF-8 with a BOM, `;` as the separator, Russian headers,
 * decimal commas, CRLF line ends. And the reverse, to read a seller's cost-price file. Contexts: any (pure).
 */

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | bigint | null | undefined;
}

const BOM = '\ufeff';

function cell(v: string | number | bigint | null | undefined): string {
  if (v === null || v === undefined) return '';
  // Numbers get the decimal comma Excel expects in a Russian locale.
  const s = typeof v === 'number' ? String(v).replace('.', ',') : String(v);
  return /[;"\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The table as CSV text (with the BOM). */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(';')];
  for (const r of rows) lines.push(columns.map((c) => cell(c.value(r))).join(';'));
  return BOM + lines.join('\r\n') + '\r\n';
}

/** Parses CSV with `;` or `,` separators (whichever the header uses), quotes, a BOM and CRLF. */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const sep = firstLine.includes(';') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** A CSV file name with the table's name and the date, e.g. `seller-lens-regions-2026-11-26.csv`. */
export function csvFileName(table: string, at: Date = new Date()): string {
  return `seller-lens-${table}-${at.toISOString().slice(0, 10)}.csv`;
}
