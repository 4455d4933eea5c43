/**
 * WB-warehouse stocks: the latest snapshot per seller. Pages of a snapshot are upserted with its time; when the last
 * page is in, rows of older snapshots (sizes no longer on a warehouse) are removed in the same transaction.
 * Contexts: background (writes), extension pages (reads).
 */
import type { StockItem } from '../wb-api/analytics';
import { ofSeller, type SellerLensDb, type StockRecord } from './schema';

export const STOCK_TABLES = (db: SellerLensDb) => [db.stocks];

/** Upserts a page of the snapshot taken at `snapshotAt`; `last` completes it. Returns the number of new keys. */
export async function putStocks(
  db: SellerLensDb,
  sellerId: string,
  items: readonly StockItem[],
  snapshotAt: number,
  last: boolean,
): Promise<number> {
  const recs: StockRecord[] = items.map((r) => ({
    sellerId,
    nmId: r.nmId,
    chrtId: r.chrtId,
    warehouseId: r.warehouseId,
    warehouseName: r.warehouseName,
    regionName: r.regionName,
    quantity: r.quantity,
    inWayToClient: r.inWayToClient,
    inWayFromClient: r.inWayFromClient,
    snapshotAt,
  }));
  const olds = await db.stocks.bulkGet(
    recs.map((r) => [sellerId, r.nmId, r.chrtId, r.warehouseId] as [string, number, number, number]),
  );
  await db.stocks.bulkPut(recs);
  if (last) {
    // A read of the seller's rows and one bulk delete: far cheaper than deleting through a filtered cursor.
    const stale = (await ofSeller(db.stocks, sellerId).toArray())
      .filter((r) => r.snapshotAt < snapshotAt)
      .map((r) => [sellerId, r.nmId, r.chrtId, r.warehouseId] as [string, number, number, number]);
    if (stale.length) await db.stocks.bulkDelete(stale);
  }
  return olds.filter((o) => o === undefined).length;
}

export function sellerStocks(db: SellerLensDb, sellerId: string): Promise<StockRecord[]> {
  return ofSeller(db.stocks, sellerId).toArray();
}
