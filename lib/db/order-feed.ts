/**
 * The order feed: each order's latest status (the feed's `updatedAt` decides; an older answer never overwrites a
 * newer status). Contexts: background (writes), extension pages (reads).
 */
import type { OrderFeedItem } from '../wb-api/analytics';
import { ofSeller, type OrderFeedRecord, type SellerLensDb } from './schema';

export function toFeedRecord(sellerId: string, r: OrderFeedItem): OrderFeedRecord {
  return {
    sellerId,
    srid: r.srid,
    nmId: r.nmId,
    chrtId: r.chrtId,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    status: r.status,
    cancelType: r.cancelType ?? null,
    warehouseName: r.warehouseName,
    warehouseRegion: r.warehouseRegion,
    isMp: r.isMp,
    destinationCity: r.destinationCity,
    destinationDistrict: r.destinationDistrict,
    sellerPrice: r.sellerPrice,
    isB2b: r.isB2b,
  };
}

export const FEED_TABLES = (db: SellerLensDb) => [db.orderFeed];

/** Upserts statuses where they are not older than the stored ones. Returns the number of new srids. */
export async function putFeed(db: SellerLensDb, sellerId: string, items: readonly OrderFeedItem[]): Promise<number> {
  const latest = new Map<string, OrderFeedRecord>();
  for (const item of items) {
    const rec = toFeedRecord(sellerId, item);
    const seen = latest.get(rec.srid);
    if (!seen || Date.parse(rec.updatedAt) >= Date.parse(seen.updatedAt)) latest.set(rec.srid, rec);
  }
  const recs = [...latest.values()];
  const olds = await db.orderFeed.bulkGet(recs.map((r) => [sellerId, r.srid] as [string, string]));
  const puts = recs.filter((r, i) => {
    const old = olds[i];
    return !old || Date.parse(r.updatedAt) >= Date.parse(old.updatedAt);
  });
  if (puts.length) await db.orderFeed.bulkPut(puts);
  return olds.filter((o) => o === undefined).length;
}

export function countFeed(db: SellerLensDb, sellerId: string): Promise<number> {
  return ofSeller(db.orderFeed, sellerId).count();
}
