/**
 * Orders and sales/returns with their daily roll-up (per seller, Moscow day, nmId, region) and the period roll-ups
 * built from its changes (lib/db/period-rollups.ts). Writes run inside the page transaction of the sync job (see
 * commitPage) and keep the roll-ups exact. Contexts: background (writes),
 * extension pages (reads).
 */
import Dexie from 'dexie';
import { mskDateFrom, mskToMs, type OrderRow, type SaleRow } from '../wb-api/statistics';
import { applyPeriodDeltas, deltaOfDaily, ROLLUP_COUNTERS, type DailyDelta } from './period-rollups';
import { applyRollup, kopecks, type RollupChange, type RollupSpec } from './rollups';
import {
  ofSeller,
  type DailyOrdersRecord,
  type OrderRecord,
  type OrdersRollupKey,
  type SaleRecord,
  type SellerLensDb,
} from './schema';

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

const COUNTERS = ROLLUP_COUNTERS satisfies readonly (keyof DailyOrdersRecord)[];

function emptyDaily(
  r: { sellerId: string; date: string; nmId: number; regionName: string; oblastOkrugName: string; countryName: string },
  day: string,
): DailyOrdersRecord {
  const rec = {
    sellerId: r.sellerId,
    day,
    nmId: r.nmId,
    region: r.regionName,
    okrug: r.oblastOkrugName,
    country: r.countryName,
  } as DailyOrdersRecord;
  for (const c of COUNTERS) rec[c] = 0;
  return rec;
}

/** The Moscow day of a WB time (`2026-08-20T12:00:00` → `2026-08-20`; a time with its own zone is converted). */
export function dayOf(time: string): string {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(time)) return time.slice(0, 10);
  return mskDateFrom(mskToMs(time)).slice(0, 10);
}

const ordersRollup = (db: SellerLensDb): RollupSpec<OrderRecord, DailyOrdersRecord, OrdersRollupKey> => ({
  table: db.dailyOrders,
  counters: COUNTERS,
  key: (r) => [r.sellerId, dayOf(r.date), r.nmId, r.regionName],
  empty: (r) => emptyDaily(r, dayOf(r.date)),
  contribution: (r) => ({
    orders: 1,
    orderSum: kopecks(r.priceWithDisc),
    cancels: r.isCancel ? 1 : 0,
    cancelSum: r.isCancel ? kopecks(r.priceWithDisc) : 0,
  }),
});

const salesRollup = (db: SellerLensDb): RollupSpec<SaleRecord, DailyOrdersRecord, OrdersRollupKey> => ({
  table: db.dailyOrders,
  counters: COUNTERS,
  key: (r) => [r.sellerId, dayOf(r.date), r.nmId, r.regionName],
  empty: (r) => emptyDaily(r, dayOf(r.date)),
  contribution: (r) =>
    isReturn(r)
      ? {
          returns: 1,
          returnSum: Math.abs(kopecks(r.priceWithDisc)),
          revenue: kopecks(r.finishedPrice),
          forPay: kopecks(r.forPay),
        }
      : { sales: 1, saleSum: kopecks(r.priceWithDisc), revenue: kopecks(r.finishedPrice), forPay: kopecks(r.forPay) },
});

/** The last version of each key in a page (a page may, in principle, carry a row twice). */
function lastByKey<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const m = new Map<string, T>();
  for (const r of rows) m.set(key(r), r);
  return m.size === rows.length ? [...rows] : [...m.values()];
}

/** The tables `putOrders` writes (for the page transaction). */
export const ORDER_TABLES = (db: SellerLensDb) => [db.orders, db.dailyOrders, db.periodRollups];
export const SALE_TABLES = (db: SellerLensDb) => [db.sales, db.dailyOrders, db.periodRollups];

/** The daily roll-up's changes, carried on to the period roll-ups. */
function periodDeltas(changes: readonly RollupChange<DailyOrdersRecord>[]): DailyDelta[] {
  return changes.map(({ rec, sums }) => ({
    sellerId: rec.sellerId,
    day: rec.day,
    nmId: rec.nmId,
    region: rec.region,
    okrug: rec.okrug,
    country: rec.country,
    sums: COUNTERS.map((c) => sums.get(c) ?? 0),
  }));
}

/** Upserts orders and updates the roll-ups. Inside a transaction over ORDER_TABLES. Returns the number of new srids. */
export async function putOrders(db: SellerLensDb, sellerId: string, rows: readonly OrderRow[]): Promise<number> {
  const recs = lastByKey(
    rows.map((r) => toOrderRecord(sellerId, r)),
    (r) => r.srid,
  );
  const olds = await db.orders.bulkGet(recs.map((r) => [sellerId, r.srid] as [string, string]));
  await db.orders.bulkPut(recs);
  await applyPeriodDeltas(db.periodRollups, periodDeltas(await applyRollup(ordersRollup(db), olds, recs)));
  return olds.filter((o) => o === undefined).length;
}

/** Upserts sales and returns and updates the roll-ups. Inside a transaction over SALE_TABLES. */
export async function putSales(db: SellerLensDb, sellerId: string, rows: readonly SaleRow[]): Promise<number> {
  const recs = lastByKey(
    rows.map((r) => toSaleRecord(sellerId, r)),
    (r) => r.saleID,
  );
  const olds = await db.sales.bulkGet(recs.map((r) => [sellerId, r.saleID] as [string, string]));
  await db.sales.bulkPut(recs);
  await applyPeriodDeltas(db.periodRollups, periodDeltas(await applyRollup(salesRollup(db), olds, recs)));
  return olds.filter((o) => o === undefined).length;
}

/**
 * Writes whole daily roll-up rows (replacing rows of the same key) and carries the change to the period roll-ups,
 * so the two stay equal: for data that does not come from raw orders, such as hand-made test rows.
 */
export async function putDailyRows(db: SellerLensDb, rows: readonly DailyOrdersRecord[]): Promise<void> {
  await db.transaction('rw', [db.dailyOrders, db.periodRollups], async () => {
    const olds = await db.dailyOrders.bulkGet(
      rows.map((r) => [r.sellerId, r.day, r.nmId, r.region] as OrdersRollupKey),
    );
    await db.dailyOrders.bulkPut([...rows]);
    const removed = olds.flatMap((o) => (o ? [{ ...deltaOfDaily(o), sums: COUNTERS.map((c) => -o[c]) }] : []));
    await applyPeriodDeltas(db.periodRollups, [...removed, ...rows.map(deltaOfDaily)]);
  });
}

/** The roll-up rows of a seller for Moscow days [fromDay, toDay] (`YYYY-MM-DD`). */
export function dailyOrdersBetween(
  db: SellerLensDb,
  sellerId: string,
  fromDay: string,
  toDay: string,
): Promise<DailyOrdersRecord[]> {
  return db.dailyOrders
    .where(':id')
    .between([sellerId, fromDay, Dexie.minKey], [sellerId, toDay, Dexie.maxKey], true, true)
    .toArray();
}

export function countOrders(db: SellerLensDb, sellerId: string): Promise<number> {
  return ofSeller(db.orders, sellerId).count();
}

export function countSales(db: SellerLensDb, sellerId: string): Promise<number> {
  return ofSeller(db.sales, sellerId).count();
}
