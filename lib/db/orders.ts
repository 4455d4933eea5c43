/**
 * Orders and sales/returns with their period roll-ups (lib/db/period-rollups.ts), whose changes are computed from the
 * raw rows themselves: each stored version a page replaces is subtracted and the new one added (lib/db/rollups.ts).
 * Writes run inside the page transaction of the sync job (see commitPage) and keep the roll-ups exact.
 * Contexts: background (writes), extension pages (reads).
 */
import type { Table } from 'dexie';
import { mskDateFrom, mskToMs, type OrderRow, type SaleRow } from '../wb-api/statistics';
import { PeriodDeltas } from './period-rollups';
import { addRowChanges, kopecks, type PlacedRow } from './rollups';
import { ofSeller, type OrderRecord, type SaleRecord, type SellerLensDb } from './schema';

/** WB's "not cancelled" date. */
const NO_DATE = '0001-01-01T00:00:00';

export function toOrderRecord(sellerId: string, r: OrderRow): OrderRecord {
  return {
    sellerId,
    srid: r.srid,
    date: r.date,
    lastChangeDate: r.lastChangeDate,
    nmId: r.nmId,
    supplierArticle: r.supplierArticle,
    techSize: r.techSize,
    barcode: r.barcode,
    warehouseName: r.warehouseName,
    warehouseType: r.warehouseType,
    countryName: r.countryName,
    oblastOkrugName: r.oblastOkrugName,
    regionName: r.regionName,
    totalPrice: r.totalPrice,
    discountPercent: r.discountPercent,
    spp: r.spp,
    finishedPrice: r.finishedPrice,
    priceWithDisc: r.priceWithDisc,
    isCancel: r.isCancel,
    cancelDate: r.cancelDate.startsWith(NO_DATE) ? null : r.cancelDate,
    gNumber: r.gNumber,
  };
}

export function toSaleRecord(sellerId: string, r: SaleRow): SaleRecord {
  return {
    sellerId,
    saleID: r.saleID,
    srid: r.srid,
    date: r.date,
    lastChangeDate: r.lastChangeDate,
    nmId: r.nmId,
    supplierArticle: r.supplierArticle,
    techSize: r.techSize,
    barcode: r.barcode,
    warehouseName: r.warehouseName,
    countryName: r.countryName,
    oblastOkrugName: r.oblastOkrugName,
    regionName: r.regionName,
    totalPrice: r.totalPrice,
    discountPercent: r.discountPercent,
    spp: r.spp,
    paymentSaleAmount: r.paymentSaleAmount,
    forPay: r.forPay,
    finishedPrice: r.finishedPrice,
    priceWithDisc: r.priceWithDisc,
    gNumber: r.gNumber,
  };
}

/** A return (`R…`), as opposed to a sale (`S…`). */
export function isReturn(s: { saleID: string }): boolean {
  return s.saleID.startsWith('R');
}

/** The Moscow day of a WB time (`2026-08-20T12:00:00` → `2026-08-20`; a time with its own zone is converted). */
export function dayOf(time: string): string {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(time)) return time.slice(0, 10);
  return mskDateFrom(mskToMs(time)).slice(0, 10);
}

/** An order's counters (ROLLUP_COUNTERS order) into `out`: counted on its order day, cancelled or not. */
function orderSums(r: OrderRecord, out: number[]): void {
  const sum = kopecks(r.priceWithDisc);
  const c = r.isCancel ? 1 : 0;
  out[0] = 1;
  out[1] = sum;
  out[2] = c;
  out[3] = c * sum;
  for (let i = 4; i < 10; i++) out[i] = 0;
}

/**
 * A sale's or a return's counters (ROLLUP_COUNTERS order) into `out`: a return's sum positive, its money negative as
 * WB sends.
 */
function saleSums(r: SaleRecord, out: number[]): void {
  const sum = kopecks(r.priceWithDisc);
  const ret = isReturn(r);
  for (let i = 0; i < 4; i++) out[i] = 0;
  out[4] = ret ? 0 : 1;
  out[5] = ret ? 0 : sum;
  out[6] = ret ? 1 : 0;
  out[7] = ret ? Math.abs(sum) : 0;
  out[8] = kopecks(r.finishedPrice);
  out[9] = kopecks(r.forPay);
}

/** The last version of each key in a page (a page may, in principle, carry a row twice). */
function lastByKey<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const m = new Map<string, T>();
  for (const r of rows) m.set(key(r), r);
  return m.size === rows.length ? [...rows] : [...m.values()];
}

/** The tables `putOrders` writes (for the page transaction). */
export const ORDER_TABLES = (db: SellerLensDb) => [db.orders, db.periodRollups];
export const SALE_TABLES = (db: SellerLensDb) => [db.sales, db.periodRollups];

/**
 * The stored versions of a page's records (undefined where none): only keys whose row `mayExist` allows are looked up
 * (all of them without it), since the lookup is the costliest part of an upsert after the writes themselves.
 */
async function storedVersions<Row, Rec>(
  table: { bulkGet(keys: [string, string][]): Promise<(Rec | undefined)[]> },
  pairs: readonly { row: Row; rec: Rec }[],
  keyOf: (rec: Rec) => [string, string],
  mayExist?: (row: Row) => boolean,
): Promise<(Rec | undefined)[]> {
  if (!mayExist) return table.bulkGet(pairs.map((p) => keyOf(p.rec)));
  const olds: (Rec | undefined)[] = new Array(pairs.length).fill(undefined);
  const at: number[] = [];
  for (let i = 0; i < pairs.length; i++) if (mayExist(pairs[i]!.row)) at.push(i);
  const found = at.length ? await table.bulkGet(at.map((i) => keyOf(pairs[i]!.rec))) : [];
  at.forEach((i, j) => (olds[i] = found[j]));
  return olds;
}

/**
 * Upserts raw rows of one kind and updates the roll-ups from the versions they replace. Inside a transaction over the
 * table and `periodRollups`. With `gathered`, the roll-up changes are added to it instead, for the caller to write
 * once for several chunks of the same transaction (PeriodDeltas.writeTo). Returns the number of new keys.
 */
async function putRows<Row, Rec extends PlacedRow>(
  db: SellerLensDb,
  table: Table<Rec, [string, string]>,
  rows: readonly Row[],
  kind: { toRecord: (row: Row) => Rec; id: (rec: Rec) => string; sums: (rec: Rec, out: number[]) => void },
  mayExist?: (row: Row) => boolean,
  gathered?: PeriodDeltas,
): Promise<number> {
  const pairs = lastByKey(
    rows.map((row) => ({ row, rec: kind.toRecord(row) })),
    (p) => kind.id(p.rec),
  );
  const recs = pairs.map((p) => p.rec);
  const olds = await storedVersions(table, pairs, (rec) => [rec.sellerId, kind.id(rec)], mayExist);
  await table.bulkPut(recs);
  const changes = gathered ?? new PeriodDeltas();
  addRowChanges(changes, olds, recs, dayOf, kind.sums);
  if (!gathered) await changes.writeTo(db.periodRollups);
  return olds.filter((o) => o === undefined).length;
}

/**
 * Upserts orders and updates the roll-ups. Inside a transaction over ORDER_TABLES. `mayExist` false: the row cannot
 * be stored yet (not looked up); `gathered` as in putRows. Returns the number of new srids.
 */
export function putOrders(
  db: SellerLensDb,
  sellerId: string,
  rows: readonly OrderRow[],
  mayExist?: (row: OrderRow) => boolean,
  gathered?: PeriodDeltas,
): Promise<number> {
  const toRecord = (row: OrderRow) => toOrderRecord(sellerId, row);
  return putRows(db, db.orders, rows, { toRecord, id: (r) => r.srid, sums: orderSums }, mayExist, gathered);
}

/**
 * Upserts sales and returns and updates the roll-ups. Inside a transaction over SALE_TABLES. `mayExist` and
 * `gathered` as above.
 */
export function putSales(
  db: SellerLensDb,
  sellerId: string,
  rows: readonly SaleRow[],
  mayExist?: (row: SaleRow) => boolean,
  gathered?: PeriodDeltas,
): Promise<number> {
  const toRecord = (row: SaleRow) => toSaleRecord(sellerId, row);
  return putRows(db, db.sales, rows, { toRecord, id: (r) => r.saleID, sums: saleSums }, mayExist, gathered);
}

export function countOrders(db: SellerLensDb, sellerId: string): Promise<number> {
  return ofSeller(db.orders, sellerId).count();
}

export function countSales(db: SellerLensDb, sellerId: string): Promise<number> {
  return ofSeller(db.sales, sellerId).count();
}
