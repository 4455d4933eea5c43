/**
 * Ad campaigns, their per-item bids and their daily stats per item. A campaign's bids are replaced as a whole (an
 * item taken out of a campaign loses its bid row); stats are upserted by (advertId, date, nmId).
 * Contexts: background (writes), extension pages (reads).
 */
import type { Advert, FullstatsItem } from '../wb-api/promotion';
import { ofSeller, type AdStatRecord, type BidRecord, type CampaignRecord, type SellerLensDb } from './schema';

export const CAMPAIGN_TABLES = (db: SellerLensDb) => [db.campaigns, db.bids];
export const AD_STAT_TABLES = (db: SellerLensDb) => [db.adStats];

/** Upserts campaigns (with their type from the campaign list) and replaces their bids. Returns new campaigns. */
export async function putCampaigns(
  db: SellerLensDb,
  sellerId: string,
  adverts: readonly Advert[],
  typeOf: ReadonlyMap<number, number>,
): Promise<number> {
  const recs: CampaignRecord[] = adverts.map((a) => ({
    sellerId,
    advertId: a.id,
    type: typeOf.get(a.id) ?? 9,
    status: a.status,
    name: a.settings.name,
    bidType: a.bid_type,
    paymentType: a.settings.payment_type,
    placements: { search: a.settings.placements.search, recommendations: a.settings.placements.recommendations },
    currency: a.currency ?? null,
    createdAt: a.timestamps.created,
    updatedAt: a.timestamps.updated,
    startedAt: a.timestamps.started,
    deletedAt: a.timestamps.deleted,
  }));
  const olds = await db.campaigns.bulkGet(recs.map((r) => [sellerId, r.advertId] as [string, number]));
  await db.campaigns.bulkPut(recs);
  for (const a of adverts) {
    const bids: BidRecord[] = (a.nm_settings ?? []).map((n) => ({
      sellerId,
      advertId: a.id,
      nmId: n.nm_id,
      subjectId: n.subject.id,
      subjectName: n.subject.name,
      search: n.bids_kopecks.search,
      recommendations: n.bids_kopecks.recommendations,
    }));
    const keep = new Set(bids.map((b) => b.nmId));
    const gone = (
      await db.bids.where(':id').between([sellerId, a.id, -Infinity], [sellerId, a.id, Infinity], true, true).toArray()
    )
      .filter((b) => !keep.has(b.nmId))
      .map((b) => [sellerId, a.id, b.nmId] as [string, number, number]);
    if (gone.length) await db.bids.bulkDelete(gone);
    if (bids.length) await db.bids.bulkPut(bids);
  }
  return olds.filter((o) => o === undefined).length;
}

/** Day rows of fullstats, per item, summed over WB's platforms (apps). */
export function adStatRows(sellerId: string, items: readonly FullstatsItem[]): AdStatRecord[] {
  const out = new Map<string, AdStatRecord>();
  for (const item of items) {
    for (const day of item.days ?? []) {
      const date = day.date.slice(0, 10);
      for (const app of day.apps ?? []) {
        for (const nm of app.nms ?? []) {
          const id = `${item.advertId}|${date}|${nm.nmId}`;
          const rec = out.get(id) ?? {
            sellerId,
            advertId: item.advertId,
            date,
            nmId: nm.nmId,
            name: nm.name,
            views: 0,
            clicks: 0,
            sum: 0,
            sumPrice: 0,
            orders: 0,
            shks: 0,
            atbs: 0,
            canceled: 0,
          };
          rec.views += nm.views;
          rec.clicks += nm.clicks;
          rec.sum = Math.round((rec.sum + nm.sum) * 100) / 100;
          rec.sumPrice = Math.round((rec.sumPrice + nm.sum_price) * 100) / 100;
          rec.orders += nm.orders;
          rec.shks += nm.shks;
          rec.atbs += nm.atbs;
          rec.canceled += nm.canceled;
          out.set(id, rec);
        }
      }
    }
  }
  return [...out.values()];
}

/** Upserts stats rows. Returns the number of new keys. */
export async function putAdStats(db: SellerLensDb, sellerId: string, items: readonly FullstatsItem[]): Promise<number> {
  const recs = adStatRows(sellerId, items);
  const olds = await db.adStats.bulkGet(
    recs.map((r) => [sellerId, r.advertId, r.date, r.nmId] as [string, number, string, number]),
  );
  if (recs.length) await db.adStats.bulkPut(recs);
  return olds.filter((o) => o === undefined).length;
}

export function sellerCampaigns(db: SellerLensDb, sellerId: string): Promise<CampaignRecord[]> {
  return ofSeller(db.campaigns, sellerId).toArray();
}
