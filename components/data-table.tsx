import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { toCsv, csvFileName, type CsvColumn } from '@/lib/analytics/csv';
import { t } from '@/lib/i18n';

export interface Column<T> {
  key: string;
  header: string;
  /** The cell as shown. */
  render: (row: T) => ComponentChildren;
  /** What sorting compares; omit to make the column unsortable. */
  sortValue?: (row: T) => number | string | bigint;
  /** The cell in the CSV (a plain number or text); defaults to the sort value. */
  csv?: (row: T) => string | number | bigint | null;
  align?: 'left' | 'right';
}

function compare(a: number | string | bigint, b: number | string | bigint): number {
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b, 'ru');
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Triggers a download of `text` (used for CSV export). */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A sortable table (headers are buttons; aria-sort says the order) with CSV export of exactly what it shows. */
export function DataTable<T>({
  id,
  caption,
  rows,
  columns,
  initialSort,
  empty,
  limit,
}: {
  /** Used for the CSV file name and test hooks. */
  id: string;
  caption: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  initialSort?: { key: string; dir: 'asc' | 'desc' };
  empty?: string;
  /** Rows shown (all are exported). */
  limit?: number;
}) {
  const sort = useSignal(initialSort ?? null);
  const s = sort.value;
  const col = s ? columns.find((c) => c.key === s.key) : undefined;
  const sorted = col?.sortValue
    ? [...rows].sort((a, b) => (s!.dir === 'asc' ? 1 : -1) * compare(col.sortValue!(a), col.sortValue!(b)))
    : rows;
  const shown = limit ? sorted.slice(0, limit) : sorted;

  const exportCsv = () => {
    const csvColumns: CsvColumn<T>[] = columns.map((c) => ({
      header: c.header,
      value: (r) => (c.csv ? c.csv(r) : c.sortValue ? c.sortValue(r) : null),
    }));
    downloadText(toCsv(sorted, csvColumns), csvFileName(id));
  };

  return (
    <div class="table-wrap" data-table={id}>
      <div class="table-tools">
        <button type="button" onClick={exportCsv} disabled={rows.length === 0}>
          {t('exportCsv')}
        </button>
      </div>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const dir = s?.key === c.key ? s.dir : null;
              return (
                <th
                  key={c.key}
                  scope="col"
                  class={c.align === 'right' ? 'num' : ''}
                  aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                >
                  {c.sortValue ? (
                    <button
                      type="button"
                      class="sort"
                      onClick={() => (sort.value = { key: c.key, dir: dir === 'desc' ? 'asc' : 'desc' })}
                    >
                      {c.header}
                      <span aria-hidden="true">{dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}</span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 ? (
            <tr>
              <td colSpan={columns.length} class="empty-cell">
                {empty ?? t('noData')}
              </td>
            </tr>
          ) : (
            shown.map((r, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c.key} class={c.align === 'right' ? 'num' : ''}>
                    {c.render(r)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {limit && sorted.length > limit && <p class="hint">{t('rowsShown', { shown: limit, total: sorted.length })}</p>}
    </div>
  );
}
