/**
 * Period roll-ups: orders, cancellations, sales and returns per time bucket, in records that each hold a whole
 * dimension (the total, every region, every item) of one day, week or month. A year of a large seller is then a few
 * dozen records, not hundreds of thousands of rows. They are kept exact on every write from the raw rows' changes (old
 * version subtracted, new added, in the same transaction: lib/db/orders.ts), so they always equal the raw rows summed
 * over their bucket.
 * Contexts: background (writes, inside the page transaction), extension pages (reads).
 */
import Dexie, { type Collection, type Table } from 'dexie';
import type {
  DailyOrdersRecord,
  OrdersRollupKey,
  PeriodRollupKey,
  PeriodRollupRecord,
  RollupDim,
  RollupGrain,
  SellerLensDb,
} from './schema';

/** The counters of a roll-up entry, in the order they sit in `PeriodRollupRecord.counters`. */
export const ROLLUP_COUNTERS = [
  'orders',
  'orderSum',
  'cancels',
  'cancelSum',
  'sales',
  'saleSum',
  'returns',
  'returnSum',
  'revenue',
  'forPay',
] as const;
export type RollupCounter = (typeof ROLLUP_COUNTERS)[number];
export type RollupTotals = Record<RollupCounter, number>;

const N = ROLLUP_COUNTERS.length;
export const ROLLUP_DIMS = ['total', 'region', 'sku'] as const satisfies readonly RollupDim[];
export const ROLLUP_GRAINS = ['day', 'week', 'month'] as const satisfies readonly RollupGrain[];

const DAY_MS = 86_400_000;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function lastOfMonth(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return `${day.slice(0, 8)}${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The first day of the bucket of `grain` that holds `day` (`YYYY-MM-DD`). */
export function bucketOf(day: string, grain: RollupGrain): string {
  if (grain === 'day') return day;
  if (grain === 'month') return `${day.slice(0, 8)}01`;
  const d = Number(day.slice(8, 10));
  const first = d >= 29 ? 29 : d - ((d - 1) % 7);
  return `${day.slice(0, 8)}${String(first).padStart(2, '0')}`;
}

/** The last day of the bucket of `grain` that starts on `bucket`. */
export function bucketEnd(bucket: string, grain: RollupGrain): string {
  if (grain === 'day') return bucket;
  const monthEnd = lastOfMonth(bucket);
  if (grain === 'month') return monthEnd;
  const weekEnd = addDays(bucket, 6);
  return bucket >= `${bucket.slice(0, 8)}29` || weekEnd > monthEnd ? monthEnd : weekEnd;
}

/** A run of consecutive buckets of one grain: the buckets starting from `from` to `to`. */
export interface BucketRun {
  grain: RollupGrain;
  from: string;
  to: string;
}

/**
 * The buckets that cover the days [from, to] exactly, largest first: whole months, then whole weeks, then days, as
 * at most five runs (days, weeks, months, weeks, days).
 */
export function coverOf(from: string, to: string): BucketRun[] {
  const out: BucketRun[] = [];
  for (let d = from; d <= to;) {
    let grain: RollupGrain = 'day';
    if (bucketOf(d, 'month') === d && lastOfMonth(d) <= to) grain = 'month';
    else if (bucketOf(d, 'week') === d && bucketEnd(d, 'week') <= to) grain = 'week';
    const last = out[out.length - 1];
    if (last && last.grain === grain) last.to = d;
    else out.push({ grain, from: d, to: d });
    d = addDays(bucketEnd(d, grain), 1);
  }
  return out;
}

/** A change of one day, item and region (a raw row added or removed): where it falls, and each counter's change. */
export interface DailyDelta {
  sellerId: string;
  day: string;
  nmId: number;
  region: string;
  okrug: string;
  country: string;
  /** In ROLLUP_COUNTERS order. */
  sums: ArrayLike<number>;
}

/** The delta that adds a whole daily roll-up row (the schema upgrade to version 3 builds from them). */
export function deltaOfDaily(r: DailyOrdersRecord): DailyDelta {
  return { ...r, sums: ROLLUP_COUNTERS.map((c) => r[c]) };
}

interface Entry {
  key: string | number;
  okrug: string;
  country: string;
  sums: Float64Array;
}

/** One record's worth of changes: entries by id ('' for the total, the nmId, or region, district and country). */
interface BucketChange {
  sellerId: string;
  grain: RollupGrain;
  bucket: string;
  dims: Record<RollupDim, Map<string | number, Entry>>;
}

const SEP = '\u0001';

function regionId(region: string, okrug: string, country: string): string {
  return `${region}${SEP}${okrug}${SEP}${country}`;
}

function newChange(sellerId: string, grain: RollupGrain, bucket: string): BucketChange {
  return { sellerId, grain, bucket, dims: { total: new Map(), region: new Map(), sku: new Map() } };
}

function addEntry(
  m: Map<string | number, Entry>,
  id: string | number,
  key: string | number,
  okrug: string,
  country: string,
  sums: ArrayLike<number>,
  sign: 1 | -1 = 1,
): void {
  let e = m.get(id);
  if (!e) m.set(id, (e = { key, okrug, country, sums: new Float64Array(N) }));
  for (let i = 0; i < N; i++) e.sums[i]! += sign * (sums[i] ?? 0);
}

function isZero(a: ArrayLike<number>, from = 0): boolean {
  for (let i = from; i < from + N; i++) if (a[i] !== 0) return false;
  return true;
}

/**
 * Changes of days, items and regions gathered over several writes (the chunks of one transaction) and added to the
 * period roll-ups at once: each roll-up record is then read and written once per transaction, not once per chunk.
 */
export class PeriodDeltas {
  /** Per seller, per day: the day's change of every dimension. */
  private days = new Map<string, Map<string, BucketChange>>();
  /** The entry ids of regions met (a row's region, district and country as one string), not built again per row. */
  private regionIds = new Map<string, { okrug: string; country: string; id: string }[]>();

  /** How many days have changes waiting. */
  get size(): number {
    let n = 0;
    for (const m of this.days.values()) n += m.size;
    return n;
  }

  add(deltas: Iterable<DailyDelta>): void {
    for (const d of deltas) this.addOne(d.sellerId, d.day, d.nmId, d.region, d.okrug, d.country, d.sums, 1);
  }

  /** Adds one change (`sign` times `sums`, in ROLLUP_COUNTERS order) of a day, item and region. */
  addOne(
    sellerId: string,
    day: string,
    nmId: number,
    region: string,
    okrug: string,
    country: string,
    sums: ArrayLike<number>,
    sign: 1 | -1,
  ): void {
    if (isZero(sums)) return;
    let seller = this.days.get(sellerId);
    if (!seller) this.days.set(sellerId, (seller = new Map()));
    let c = seller.get(day);
    if (!c) seller.set(day, (c = newChange(sellerId, 'day', day)));
    addEntry(c.dims.total, '', '', '', '', sums, sign);
    addEntry(c.dims.region, this.regionId(region, okrug, country), region, okrug, country, sums, sign);
    addEntry(c.dims.sku, nmId, nmId, '', '', sums, sign);
  }

  private regionId(region: string, okrug: string, country: string): string {
    let known = this.regionIds.get(region);
    if (!known) this.regionIds.set(region, (known = []));
    for (const k of known) if (k.okrug === okrug && k.country === country) return k.id;
    const id = regionId(region, okrug, country);
    known.push({ okrug, country, id });
    return id;
  }

  /**
   * Adds what was gathered to the roll-ups of `grains` (all by default) and starts empty again. Call inside a
   * transaction that includes `table`. Entries whose counters all reach 0 are removed, and records left without
   * entries too.
   */
  async writeTo(
    table: Table<PeriodRollupRecord, PeriodRollupKey>,
    grains: readonly RollupGrain[] = ROLLUP_GRAINS,
  ): Promise<void> {
    const days = [...this.days.values()].flatMap((m) => [...m.values()]);
    this.days = new Map();
    const changes: BucketChange[] = [];
    for (const grain of grains) {
      if (grain === 'day') {
        changes.push(...days);
        continue;
      }
      const byBucket = new Map<string, BucketChange>();
      for (const day of days) {
        const bucket = bucketOf(day.bucket, grain);
        const id = `${day.sellerId}${SEP}${bucket}`;
        let c = byBucket.get(id);
        if (!c) byBucket.set(id, (c = newChange(day.sellerId, grain, bucket)));
        for (const dim of ROLLUP_DIMS) {
          for (const [eid, e] of day.dims[dim]) addEntry(c.dims[dim], eid, e.key, e.okrug, e.country, e.sums);
        }
      }
      changes.push(...byBucket.values());
    }
    await writeChanges(table, changes);
  }
}

/**
 * Adds changes of days, items and regions to the period roll-ups of `grains` (all by default). Call inside a
 * transaction that includes `table`. Entries whose counters all reach 0 are removed, and records left without entries
 * too.
 */
export async function applyPeriodDeltas(
  table: Table<PeriodRollupRecord, PeriodRollupKey>,
  deltas: Iterable<DailyDelta>,
  grains: readonly RollupGrain[] = ROLLUP_GRAINS,
): Promise<void> {
  const gathered = new PeriodDeltas();
  gathered.add(deltas);
  await gathered.writeTo(table, grains);
}

/** Adds bucket changes to their stored records (one read and one write of each record). */
async function writeChanges(
  table: Table<PeriodRollupRecord, PeriodRollupKey>,
  changes: readonly BucketChange[],
): Promise<void> {
  const targets: { key: PeriodRollupKey; entries: Map<string | number, Entry> }[] = [];
  for (const c of changes) {
    for (const dim of ROLLUP_DIMS) {
      const entries = c.dims[dim];
      for (const [id, e] of entries) if (isZero(e.sums)) entries.delete(id);
      if (entries.size) targets.push({ key: [c.sellerId, dim, c.grain, c.bucket], entries });
    }
  }
  if (targets.length === 0) return;
  const existing = await table.bulkGet(targets.map((t) => t.key));
  const puts: PeriodRollupRecord[] = [];
  const deletes: PeriodRollupKey[] = [];
  targets.forEach(({ key, entries }, i) => {
    const old = existing[i];
    const [sellerId, dim, grain, bucket] = key;
    const keys: (string | number)[] = [];
    const okrugs: string[] = [];
    const countries: string[] = [];
    const counters = new Float64Array(((old?.keys.length ?? 0) + entries.size) * N);
    let n = 0;
    const push = (k: string | number, okrug: string, country: string) => {
      keys.push(k);
      okrugs.push(okrug);
      countries.push(country);
      n++;
    };
    if (old) {
      for (let j = 0; j < old.keys.length; j++) {
        const k = old.keys[j]!;
        const okrug = old.okrugs?.[j] ?? '';
        const country = old.countries?.[j] ?? '';
        const id = dim === 'region' ? regionId(k as string, okrug, country) : k;
        counters.set(old.counters.subarray(j * N, j * N + N), n * N);
        const e = entries.get(id);
        if (e) {
          for (let c = 0; c < N; c++) counters[n * N + c]! += e.sums[c]!;
          entries.delete(id);
        }
        // A zero entry is dropped: the next one overwrites its slot.
        if (!isZero(counters, n * N)) push(k, okrug, country);
      }
    }
    for (const e of entries.values()) {
      counters.set(e.sums, n * N);
      push(e.key, e.okrug, e.country);
    }
    if (n === 0) {
      if (old) deletes.push(key);
      return;
    }
    const rec: PeriodRollupRecord = {
      sellerId,
      dim,
      grain,
      bucket,
      keys,
      counters: counters.slice(0, n * N),
    };
    if (dim === 'region') {
      rec.okrugs = okrugs;
      rec.countries = countries;
    }
    puts.push(rec);
  });
  if (puts.length) await table.bulkPut(puts);
  if (deletes.length) await table.bulkDelete(deletes);
}

const BUILD_PAGE_ROWS = 20_000;

/** Builds the period roll-ups from the daily roll-up, a page of rows at a time (the schema upgrade to version 3). */
export async function buildPeriodRollups(
  daily: Table<DailyOrdersRecord, OrdersRollupKey>,
  target: Table<PeriodRollupRecord, PeriodRollupKey>,
): Promise<void> {
  let last: OrdersRollupKey | null = null;
  for (;;) {
    const coll: Collection<DailyOrdersRecord, OrdersRollupKey> =
      last === null ? daily.toCollection() : daily.where(':id').above(last);
    const page: DailyOrdersRecord[] = await coll.limit(BUILD_PAGE_ROWS).toArray();
    if (page.length === 0) return;
    await applyPeriodDeltas(target, page.map(deltaOfDaily));
    const r: DailyOrdersRecord = page[page.length - 1]!;
    last = [r.sellerId, r.day, r.nmId, r.region];
  }
}

/**
 * Removes the period roll-ups of days before `day`: buckets that end before `day` go, and the week and month that
 * hold `day` are rebuilt from the day records kept. Call inside a transaction over `periodRollups`.
 */
export async function clearPeriodRollupsBefore(db: SellerLensDb, sellerId: string, day: string): Promise<void> {
  for (const dim of ROLLUP_DIMS) {
    for (const grain of ROLLUP_GRAINS) {
      await db.periodRollups
        .where(':id')
        .between([sellerId, dim, grain, Dexie.minKey], [sellerId, dim, grain, day], true, false)
        .delete();
    }
  }
  const cut = (['week', 'month'] as const).filter((g) => bucketOf(day, g) < day);
  if (cut.length === 0) return;
  const kept = (
    await Promise.all(
      ROLLUP_DIMS.map((dim) =>
        db.periodRollups
          .where(':id')
          .between([sellerId, dim, 'day', day], [sellerId, dim, 'day', lastOfMonth(day)], true, true)
          .toArray(),
      ),
    )
  ).flat();
  for (const grain of cut) {
    const bucket = bucketOf(day, grain);
    const end = bucketEnd(bucket, grain);
    const c = newChange(sellerId, grain, bucket);
    for (const r of kept) {
      if (r.bucket > end) continue;
      r.keys.forEach((k, j) => {
        const okrug = r.okrugs?.[j] ?? '';
        const country = r.countries?.[j] ?? '';
        const id = r.dim === 'region' ? regionId(k as string, okrug, country) : k;
        addEntry(c.dims[r.dim], id, k, okrug, country, r.counters.subarray(j * N, j * N + N));
      });
    }
    await writeChanges(db.periodRollups, [c]);
  }
}

/** The period roll-up records of one dimension that cover the days [from, to] exactly (none twice). */
export async function periodRollupsOf(
  db: SellerLensDb,
  sellerId: string,
  dim: RollupDim,
  from: string,
  to: string,
): Promise<PeriodRollupRecord[]> {
  if (from > to) return [];
  const runs = await Promise.all(
    coverOf(from, to).map((r) =>
      db.periodRollups
        .where(':id')
        .between([sellerId, dim, r.grain, r.from], [sellerId, dim, r.grain, r.to], true, true)
        .toArray(),
    ),
  );
  return runs.flat();
}

/** An entry of a dimension summed over records: the nmId, the region (with its district and country), or ''. */
export interface RollupEntry {
  key: string | number;
  okrug: string;
  country: string;
  totals: RollupTotals;
}

/** Counters as named totals. */
export function totalsAt(a: ArrayLike<number>, i: number): RollupTotals {
  const o = i * N;
  // Unrolled, so every result has one shape (the figures sum them in hot loops).
  return {
    orders: a[o]!,
    orderSum: a[o + 1]!,
    cancels: a[o + 2]!,
    cancelSum: a[o + 3]!,
    sales: a[o + 4]!,
    saleSum: a[o + 5]!,
    returns: a[o + 6]!,
    returnSum: a[o + 7]!,
    revenue: a[o + 8]!,
    forPay: a[o + 9]!,
  };
}

/** Sums the entries of records of one dimension (e.g. a period's months, weeks and days) per entry. */
export function sumEntries(records: readonly PeriodRollupRecord[]): RollupEntry[] {
  const acc = new Map<string | number, { key: string | number; okrug: string; country: string; sums: Float64Array }>();
  for (const r of records) {
    const region = r.dim === 'region';
    for (let j = 0; j < r.keys.length; j++) {
      const k = r.keys[j]!;
      const okrug = r.okrugs?.[j] ?? '';
      const country = r.countries?.[j] ?? '';
      const id = region ? regionId(k as string, okrug, country) : k;
      let e = acc.get(id);
      if (!e) acc.set(id, (e = { key: k, okrug, country, sums: new Float64Array(N) }));
      const o = j * N;
      for (let c = 0; c < N; c++) e.sums[c]! += r.counters[o + c]!;
    }
  }
  return [...acc.values()].map((e) => ({
    key: e.key,
    okrug: e.okrug,
    country: e.country,
    totals: totalsAt(e.sums, 0),
  }));
}
