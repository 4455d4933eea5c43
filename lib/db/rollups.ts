/**
 * Roll-ups kept exact on write: when an upsert replaces an older version of a row, the old version's contribution is
 * subtracted and the new one's added, in the same transaction, so repeated boundary rows and late-arriving money
 * never count twice. Contributions are integers (counts, kopecks), so sums never drift.
 * Contexts: background (inside a write transaction).
 */
import type { Table } from 'dexie';

/** How a raw row adds to a roll-up: the record it lands in (key and descriptive fields) and its numbers. */
export interface RollupSpec<Row, Rec extends object, Key> {
  table: Table<Rec, Key>;
  /** The counters of a record; a record whose counters are all 0 is removed. */
  counters: readonly (keyof Rec & string)[];
  key(row: Row): Key;
  /** A new record with every counter 0 (descriptive fields from the row). */
  empty(row: Row): Rec;
  contribution(row: Row): Partial<Record<keyof Rec & string, number>>;
}

/** A roll-up record that changed: the record as now stored (or as it was, when removed) and each counter's change. */
export interface RollupChange<Rec> {
  rec: Rec;
  sums: ReadonlyMap<string, number>;
}

/**
 * Applies a page's changes to a roll-up: `olds[i]` is the stored version of `news[i]` (undefined when new).
 * Call inside a transaction that includes `spec.table`. Returns the records that changed, so that coarser roll-ups
 * can follow from the same deltas.
 */
export async function applyRollup<Row, Rec extends object, Key>(
  spec: RollupSpec<Row, Rec, Key>,
  olds: readonly (Row | undefined)[],
  news: readonly Row[],
): Promise<RollupChange<Rec>[]> {
  const deltas = new Map<string, { key: Key; sample: Row; sums: Map<string, number> }>();
  const add = (row: Row, sign: 1 | -1) => {
    const key = spec.key(row);
    const id = JSON.stringify(key);
    let d = deltas.get(id);
    if (!d) {
      d = { key, sample: row, sums: new Map() };
      deltas.set(id, d);
    }
    if (sign === 1) d.sample = row;
    for (const [name, value] of Object.entries(spec.contribution(row)) as [string, number][]) {
      if (value) d.sums.set(name, (d.sums.get(name) ?? 0) + sign * value);
    }
  };
  olds.forEach((old) => old && add(old, -1));
  news.forEach((row) => add(row, 1));
  const changed = [...deltas.values()].filter((d) => [...d.sums.values()].some((v) => v !== 0));
  if (changed.length === 0) return [];
  const existing = await spec.table.bulkGet(changed.map((d) => d.key));
  const puts: Rec[] = [];
  const deletes: Key[] = [];
  const out: RollupChange<Rec>[] = [];
  changed.forEach((d, i) => {
    const rec = { ...(existing[i] ?? spec.empty(d.sample)) } as Record<string, unknown>;
    for (const [name, value] of d.sums) rec[name] = ((rec[name] as number) ?? 0) + value;
    if (spec.counters.every((c) => rec[c] === 0)) {
      if (existing[i]) deletes.push(d.key);
    } else puts.push(rec as Rec);
    out.push({ rec: rec as Rec, sums: d.sums });
  });
  if (puts.length) await spec.table.bulkPut(puts);
  if (deletes.length) await spec.table.bulkDelete(deletes);
  return out;
}

/** Roubles (a number with at most 2 decimals, as WB's statistics send) to integer kopecks. */
export function kopecks(x: number): number {
  return Math.round(x * 100);
}
