/**
 * Roll-ups kept exact on write: when an upsert replaces an older version of a row, the old version's contribution is
 * subtracted and the new one's added, in the same transaction, so repeated boundary rows and late-arriving money
 * never count twice. Contributions are integers (counts, kopecks), so sums never drift.
 * Contexts: background (inside a write transaction).
 */
import type { DailyDelta } from './period-rollups';

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
 * The roll-up changes of a page: `olds[i]` is the stored version `news[i]` replaces (undefined when new), subtracted;
 * `news[i]` added. `sums` gives a row's counters in ROLLUP_COUNTERS order; `dayOf` its Moscow day.
 */
export function rowDeltas<Row extends PlacedRow>(
  olds: readonly (Row | undefined)[],
  news: readonly Row[],
  dayOf: (time: string) => string,
  sums: (row: Row) => number[],
): DailyDelta[] {
  const out: DailyDelta[] = [];
  const add = (r: Row, sign: 1 | -1) => {
    const s = sums(r);
    if (sign === -1) for (let i = 0; i < s.length; i++) s[i] = -s[i]!;
    out.push({
      sellerId: r.sellerId,
      day: dayOf(r.date),
      nmId: r.nmId,
      region: r.regionName,
      okrug: r.oblastOkrugName,
      country: r.countryName,
      sums: s,
    });
  };
  for (const old of olds) if (old) add(old, -1);
  for (const row of news) add(row, 1);
  return out;
}

/** Roubles (a number with at most 2 decimals, as WB's statistics send) to integer kopecks. */
export function kopecks(x: number): number {
  return Math.round(x * 100);
}
