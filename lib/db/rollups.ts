/**
 * Roll-ups kept exact on write: when an upsert replaces an older version of a row, the old version's contribution is
 * subtracted and the new one's added, in the same transaction, so repeated boundary rows and late-arriving money
 * never count twice. Contributions are integers (counts, kopecks), so sums never drift.
 * Contexts: background (inside a write transaction).
 */
import type { PeriodDeltas } from './period-rollups';

/** What places a raw order or sale in the roll-ups: its seller, time, item and region. */
export interface PlacedRow {
  sellerId: string;
  date: string;
  nmId: number;
  regionName: string;
  oblastOkrugName: string;
  countryName: string;
}

/**
 * Adds the roll-up changes of a page to `gathered`: `olds[i]` is the stored version `news[i]` replaces (undefined when
 * new), subtracted; `news[i]` added. `sums` writes a row's counters in ROLLUP_COUNTERS order into `out`; `dayOf`
 * gives its Moscow day. Nothing is allocated per row (a backfill adds a million).
 */
export function addRowChanges<Row extends PlacedRow>(
  gathered: PeriodDeltas,
  olds: readonly (Row | undefined)[],
  news: readonly Row[],
  dayOf: (time: string) => string,
  sums: (row: Row, out: number[]) => void,
): void {
  const s: number[] = [];
  const add = (r: Row, sign: 1 | -1) => {
    sums(r, s);
    gathered.addOne(r.sellerId, dayOf(r.date), r.nmId, r.regionName, r.oblastOkrugName, r.countryName, s, sign);
  };
  for (const old of olds) if (old) add(old, -1);
  for (const row of news) add(row, 1);
}

/** Roubles (a number with at most 2 decimals, as WB's statistics send) to integer kopecks. */
export function kopecks(x: number): number {
  return Math.round(x * 100);
}
